"""Which keyword roles can change a turn's category, by the turn's tool
flags: the classifier's decision procedure (codeburn.classify.categories), read for its
inputs. The reader files each prompt under its class of roles, so a prompt
is only scanned for patterns that can matter. Kept apart from the classifier
(no numpy, no Hyperscan) because the reader's threads need it at start-up.
"""
from __future__ import annotations

import functools

from codeburn.classify.ruleset import F_ANY, TOOL_FLAGS

TEXT_ROLES = ("brainstorm", "research", "feature", "debug", "file", "script", "url")  # classifyConversation


def needed_roles(flags: int) -> tuple[str, ...]:
    """The roles whose matches can change the category of a turn with these
    tool flags: the decision procedure (codeburn.classify.categories.classify), read for its inputs. A prompt
    is scanned only for these (tests/test_classify.py checks the claim)."""
    f = lambda name: bool(flags & TOOL_FLAGS[name])  # noqa: E731
    if not flags & F_ANY:
        return TEXT_ROLES                                    # A
    if f("plan_mode") or f("agent_spawn"):
        return ()                                            # B1, B2
    b3 = ("test", "git", "build", "install") if f("bash") and not f("edit") else ()
    if f("edit") or (f("bash") and not f("read")):
        return b3 + ("refactor", "feature", "debug")         # B4, B6 -> coding, refined
    if f("bash") or f("search") or f("mcp") or f("read"):
        return b3 + ("research", "debug")                    # B5, B7, B8 -> exploration, refined
    if f("task") or f("skill"):
        return ()                                            # B9, B10
    return TEXT_ROLES                                        # B11


FLAG_SPACE = 1 << (max(F_ANY, *TOOL_FLAGS.values()).bit_length())


@functools.cache
def text_classes() -> tuple[bytes, list[tuple[str, ...]]]:
    """(class of every flags value, roles of every class); class 0 needs no
    roles, so its prompts are never scanned."""
    classes: list[tuple[str, ...]] = [()]
    lut = bytearray(FLAG_SPACE)
    for flags in range(FLAG_SPACE):
        roles = needed_roles(flags)
        if roles not in classes:
            classes.append(roles)
        lut[flags] = classes.index(roles)
    return bytes(lut), classes
