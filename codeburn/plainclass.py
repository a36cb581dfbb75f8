"""Data classes as codeburn declares them, made cheaply at import time.

The standard `dataclasses` imports `inspect` (with `ast`, `dis` and
`tokenize`: 13-16 ms) and compiles three functions a class, each with an
exec of its own (0.8-1.3 ms a class here). An empty history's report
declared 24 classes before it printed: about 45 ms of a 0.15 s run, and
every command, status line and menubar refresh paid it. This makes the
same classes with one exec each and no `inspect`.

What it makes is the subset codeburn uses, with dataclasses' semantics:
fields from annotations in order, after those of a base made here; a
default or `field(default=..., default_factory=..., compare=..., repr=...)`;
`__init__`, `__repr__` and `__eq__` unless the class defines its own;
`frozen=True` (assignment raises FrozenInstanceError; hashable by the
compared fields) and `slots=True` (a class with `__slots__` made anew).
A non-frozen class with the generated `__eq__` is unhashable, as there.
`__match_args__` names the fields; `replace(obj, **changes)` makes a
copy with some fields changed. (No `fields`, `asdict` or `InitVar`:
codeburn uses none.)"""
from __future__ import annotations

__all__ = ["FrozenInstanceError", "dataclass", "field", "replace"]

MISSING = type("MISSING", (), {"__repr__": lambda self: "MISSING"})()
_FACTORY = type("FACTORY", (), {"__repr__": lambda self: "<factory>"})()   # an __init__ default: call the factory
_FIELDS = "__plain_fields__"


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen instance."""


class Field:
    __slots__ = ("name", "default", "default_factory", "compare", "repr")

    def __init__(self, default=MISSING, default_factory=MISSING, compare: bool = True, repr: bool = True):
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default, self.default_factory, self.compare, self.repr = default, default_factory, compare, repr

    def has_default(self) -> bool:
        return self.default is not MISSING or self.default_factory is not MISSING


def field(*, default=MISSING, default_factory=MISSING, compare: bool = True, repr: bool = True):
    return Field(default, default_factory, compare, repr)


def dataclass(cls=None, /, *, frozen: bool = False, slots: bool = False):
    def wrap(c):
        return _make(c, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _is_classvar(annotation) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))


def _own_annotations(cls) -> dict:
    """The annotations the class body itself wrote (strings, with the
    __future__ import every codeburn module has); from Python 3.14 on, a
    class may keep them only behind `__annotate__`."""
    own = cls.__dict__.get("__annotations__")
    if own is not None:
        return own
    try:
        import annotationlib   # (3.14+)
    except ImportError:
        return {}
    return annotationlib.get_annotations(cls, format=annotationlib.Format.STRING)


def _fields(cls) -> dict[str, Field]:
    """The class's fields by name: its bases' (made here) first, then its
    own annotations in order (one named again keeps its place)."""
    fields: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get(_FIELDS, ()):
            fields[f.name] = f
    for name, annotation in _own_annotations(cls).items():
        if _is_classvar(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        if isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
        f.name = name
        fields[name] = f
    return fields


def _source(cls, fields: list[Field], frozen: bool, own: dict) -> tuple[str, dict, list[str]]:
    """The code of the methods to add, the names it needs, and the methods' names."""
    env: dict = {"MISSING": MISSING, "_FACTORY": _FACTORY, "FrozenInstanceError": FrozenInstanceError,
                 "_object_setattr": object.__setattr__}
    lines: list[str] = []
    made: list[str] = []
    if "__init__" not in own:
        params, body = ["self"], []
        for f in fields:
            if f.default_factory is not MISSING:
                env[f"_factory_{f.name}"] = f.default_factory
                params.append(f"{f.name}=_FACTORY")
                value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
            elif f.default is not MISSING:
                env[f"_default_{f.name}"] = f.default
                params.append(f"{f.name}=_default_{f.name}")
                value = f.name
            else:
                params.append(f.name)
                value = f.name
            body.append(f"  _object_setattr(self, {f.name!r}, {value})" if frozen else f"  self.{f.name} = {value}")
        lines += [f"def __init__({', '.join(params)}):", *(body or ["  pass"])]
        made.append("__init__")
    if "__repr__" not in own:
        parts = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
        lines += ["def __repr__(self):", f"  return self.__class__.__qualname__ + f'({parts})'"]
        made.append("__repr__")
    compared = "".join(f"self.{f.name}," for f in fields if f.compare)
    other = "".join(f"other.{f.name}," for f in fields if f.compare)
    if "__eq__" not in own:
        lines += ["def __eq__(self, other):", "  if other.__class__ is self.__class__:",
                  f"    return ({compared}) == ({other})", "  return NotImplemented"]
        made.append("__eq__")
    if frozen:
        if "__setattr__" in own or "__delattr__" in own:
            raise TypeError(f"cannot overwrite __setattr__ or __delattr__ in frozen class {cls.__name__}")
        env["_FIELD_NAMES"] = frozenset(f.name for f in fields)
        lines += ["def __setattr__(self, name, value):",
                  "  if type(self) is _final[0] or name in _FIELD_NAMES:",
                  "    raise FrozenInstanceError(f'cannot assign to field {name!r}')",
                  "  super(_final[0], self).__setattr__(name, value)",
                  "def __delattr__(self, name):",
                  "  if type(self) is _final[0] or name in _FIELD_NAMES:",
                  "    raise FrozenInstanceError(f'cannot delete field {name!r}')",
                  "  super(_final[0], self).__delattr__(name)"]
        made += ["__setattr__", "__delattr__"]
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if frozen and not explicit_hash:
        lines += ["def __hash__(self):", f"  return hash(({compared}))"]
        made.append("__hash__")
    return "\n".join(lines), env, made


def _make(cls, frozen: bool, slots: bool):
    own = dict(cls.__dict__)
    fields = list(_fields(cls).values())
    seen_default = False
    for f in fields:
        if f.has_default():
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    source, env, made = _source(cls, fields, frozen, own)
    final: list = [cls]
    env["_final"] = final
    namespace: dict = {}
    exec(source, env, namespace)   # (one compile for every method of the class)
    for name in made:
        fn = namespace[name]
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, fn)
    if not frozen and "__eq__" in made and not ("__hash__" in own and own["__hash__"] is not None):
        cls.__hash__ = None   # (mutable and compared by value: unhashable, as dataclasses makes it)
    setattr(cls, _FIELDS, tuple(fields))
    if "__match_args__" not in own:
        cls.__match_args__ = tuple(f.name for f in fields)
    for f in fields:   # class attributes: a plain default stays one, a Field goes (as in dataclasses)
        if f.name in own and isinstance(own[f.name], Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    if slots:
        cls = _with_slots(cls, fields, frozen)
        final[0] = cls
    return cls


def _with_slots(cls, fields: list[Field], frozen: bool):
    """The class made again with a slot for each field its bases have none for."""
    inherited = set()
    for base in cls.__mro__[1:-1]:
        s = base.__dict__.get("__slots__", ())
        inherited.update((s,) if isinstance(s, str) else s)
    body = dict(cls.__dict__)
    names = tuple(f.name for f in fields if f.name not in inherited)
    body["__slots__"] = names
    for name in names:
        body.pop(name, None)
    body.pop("__dict__", None)
    body.pop("__weakref__", None)
    if frozen:   # (copy and pickle set a frozen instance's slots through object.__setattr__)
        def __getstate__(self):
            return [getattr(self, f.name) for f in fields]

        def __setstate__(self, state):
            for f, value in zip(fields, state):
                object.__setattr__(self, f.name, value)

        body.setdefault("__getstate__", __getstate__)
        body.setdefault("__setstate__", __setstate__)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    return made


def replace(obj, **changes):
    """A new instance of obj's class: its fields, some of them changed."""
    fields = getattr(obj.__class__, _FIELDS, None)
    if fields is None:
        raise TypeError("replace() should be called on plain data class instances")
    unknown = set(changes) - {f.name for f in fields}
    if unknown:
        raise TypeError(f"{obj.__class__.__name__}.__init__() got an unexpected keyword argument {sorted(unknown)[0]!r}")
    return obj.__class__(**{f.name: changes[f.name] if f.name in changes else getattr(obj, f.name) for f in fields})
