"""codeburn.plainclass against the standard dataclasses, on every shape of
class codeburn declares: the same constructor, repr, equality, hashing,
frozen errors, slots and inheritance."""
from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from codeburn import plainclass


def shapes(dc, fld):
    """The same declarations made by one implementation or the other."""

    @dc
    class Plain:
        """A doc."""
        a: int
        b: str = "x"
        c: list = fld(default_factory=list)
        d: dict = fld(default_factory=dict, compare=False)
        e: int = fld(default=0, compare=False, repr=False)

    @dc(frozen=True)
    class Frozen:
        start: int
        end: int
        label: str = ""

    @dc(slots=True)
    class Slotted:
        provider: str
        path: str
        agent: str | None = None
        flag: bool = False
        stat: object = fld(default=None, compare=False, repr=False)

    @dc(slots=True)
    class Child(Slotted):
        given: bool = True

    @dc(frozen=True, slots=True)
    class FrozenSlotted:
        name: str
        rank: int = 1

    @dc
    class Own:
        value: int

        def __repr__(self):
            return "own"

        def __eq__(self, other):
            return True

    return Plain, Frozen, Slotted, Child, FrozenSlotted, Own


OURS = shapes(plainclass.dataclass, plainclass.field)
THEIRS = shapes(dataclasses.dataclass, dataclasses.field)


def test_constructors_reprs_and_equality_are_dataclasses_own():
    for ours, theirs in zip(OURS, THEIRS):
        args = {"Plain": (1,), "Frozen": (1, 2), "Slotted": ("claude", "/p"), "Child": ("c", "/q", "x"),
                "FrozenSlotted": ("n",), "Own": (5,)}[ours.__name__]
        a, b = ours(*args), theirs(*args)
        assert repr(a) == repr(b)
        assert (a == ours(*args)) == (b == theirs(*args))
        assert ours.__match_args__ == theirs.__match_args__
        assert (ours.__hash__ is None) == (theirs.__hash__ is None), ours.__name__
        assert hasattr(a, "__dict__") == hasattr(b, "__dict__"), ours.__name__


def test_defaults_factories_and_what_is_compared():
    Plain = OURS[0]
    x, y = Plain(1), Plain(1)
    assert x.c == [] and x.c is not y.c and x.d == {}
    x.d["k"] = 1
    x.e = 9
    assert x == y                                   # d and e are not compared
    assert repr(x).endswith("Plain(a=1, b='x', c=[], d={'k': 1})")
    assert Plain(1, "y", [2]) != Plain(1, "y", [3])
    assert Plain(1) != (1, "x", [])                 # another class: not equal
    assert Plain(a=2, b="z").b == "z"
    with pytest.raises(TypeError):
        Plain()
    with pytest.raises(TypeError):
        Plain(1, unknown=2)


def test_frozen_instances_refuse_assignment_and_hash_by_value():
    for f, name in ((OURS[1](1, 2), "start"), (OURS[4]("n"), "name")):
        with pytest.raises(plainclass.FrozenInstanceError):
            setattr(f, name, 5)
        with pytest.raises(plainclass.FrozenInstanceError):
            delattr(f, name)
        assert isinstance(plainclass.FrozenInstanceError(), AttributeError)
    assert hash(OURS[1](1, 2)) == hash(OURS[1](1, 2)) == hash((1, 2, ""))
    assert len({OURS[1](1, 2), OURS[1](1, 2), OURS[1](1, 3)}) == 2
    with pytest.raises(TypeError):
        hash(OURS[0](1))                            # mutable and compared: unhashable


def test_slots_and_inheritance():
    Slotted, Child = OURS[2], OURS[3]
    c = Child("claude", "/p", given=False)
    assert (c.provider, c.path, c.agent, c.flag, c.stat, c.given) == ("claude", "/p", None, False, None, False)
    assert Child.__slots__ == ("given",) and set(Slotted.__slots__) == {"provider", "path", "agent", "flag", "stat"}
    assert c != Slotted("claude", "/p")             # another class
    with pytest.raises(AttributeError):
        c.other = 1                                 # no __dict__
    assert isinstance(c, Slotted) and Child.__match_args__ == ("provider", "path", "agent", "flag", "stat", "given")


def test_copies_and_pickles_keep_every_field():
    for obj in (OURS[4]("n", 3), OURS[2]("a", "/b", "t", True)):
        for twin in (copy.copy(obj), copy.deepcopy(obj)):
            assert twin == obj and twin is not obj
    frozen = OURS[1](1, 2, "z")
    assert copy.copy(frozen) == frozen


def test_replace_changes_some_fields():
    Frozen = OURS[1]
    f = Frozen(1, 2, "a")
    g = plainclass.replace(f, end=5)
    assert (g.start, g.end, g.label, f.end) == (1, 5, "a", 2)
    with pytest.raises(TypeError):
        plainclass.replace(f, nothing=1)


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError):
        @plainclass.dataclass
        class Bad:
            a: int = 1
            b: int
    with pytest.raises(ValueError):
        @plainclass.dataclass
        class Shared:
            items: list = []


def test_module_level_records_pickle():
    """A class made at module level round-trips through pickle (by name)."""
    s = plainclass_probe(1)
    assert pickle.loads(pickle.dumps(s)) == s


@plainclass.dataclass(frozen=True, slots=True)
class plainclass_probe:  # noqa: N801
    n: int
    tag: str = "t"
