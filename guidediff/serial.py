"""Serialisation, shared by every stage: frozen dataclasses to JSON-ready data and back, derived from their fields.

``to_dict(obj)`` writes a dataclass as a dict; ``from_dict(cls, data)`` builds one back.
Both follow the dataclass's fields and type hints, so a stage declares its records once
and their JSON follows:

- keys in field order (the JSON writers do not sort keys, so this is the file's order);
- nested dataclasses as dicts, tuples and lists as lists, ``dict[str, X]`` as dicts,
  enums (``StrEnum``) by value; ``X | None`` stays ``None``; read back by the hints:
  ``tuple[X, ...]``, ``tuple[A, B]``, ``list[X]``, ``dict[str, X]``, enums, dataclasses.

``Record`` is the mixin that gives a record class both as methods.

The few real exceptions are declared beside the field (``field``) or the class (``layout``):

- ``key``: the JSON key, when it is not the field's name;
- ``omit_default``: left out when equal to the field's default (``None``, ``()``…), and
  read back as the default when absent;
- ``dump=False``: never written (embedded image bytes, facts the schema has no field for);
  with a ``decode`` it is still read, from its key (two fields written as one object);
- ``encode``/``decode``: the value's own shape (a pair written as ``{"old": …, "new": …}``);
- ``layout(*entries)``: the order of the keys when it is not the field order, with
  properties and ``computed`` keys among them (written only; ``from_dict`` ignores them).

Shorthands: ``optional(default)`` for a field left out at its default; ``as_rows``/``rows_of``
for records written compactly as lists of values (a document's thousands of boxes);
``generator_field()`` for the ``"generator"`` object every product's JSON carries.

A class that ``to_dict`` writes only in part (a field not written and not defaulted) cannot
be read back: ``from_dict`` says which field is missing.

No dependency and no import of guidediff: every stage may use it.
"""

from __future__ import annotations

import dataclasses
import enum
import operator
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

_MISSING = dataclasses.MISSING
_LAYOUT = "__serial_layout__"
_SCALARS = frozenset({str, int, float, bool, type(None)})  # written as they are (by type: an enum member is not one)


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | Any = _MISSING,
    key: str | None = None,
    omit_default: bool = False,
    dump: bool = True,
    encode: Callable[[Any], Any] | None = None,
    decode: Callable[[Any], Any] | None = None,
    compare: bool = True,
    repr: bool = True,  # noqa: A002 - dataclasses.field's own name
    init: bool = True,
) -> Any:
    """A dataclass field with its serialisation exceptions (see the module docstring)."""
    metadata = {"serial": {"key": key, "omit_default": omit_default, "dump": dump, "encode": encode, "decode": decode}}
    return dataclasses.field(default=default, default_factory=default_factory, compare=compare, repr=repr, init=init,
                             metadata=metadata)


def optional(default: Any = None) -> Any:
    """A field left out of the JSON while it holds ``default`` (``None``, ``()``, ``0``…), and read back as it when absent."""
    return field(default=default, omit_default=True)


@dataclasses.dataclass(frozen=True, slots=True)
class computed:  # noqa: N801 - reads as a function in a layout
    """A key a ``layout`` writes from the whole object: ``computed("topics", lambda entry: {…})``. Written only."""

    key: str
    function: Callable[[Any], Any]


def layout(*entries: str | computed) -> Callable[[type[T]], type[T]]:
    """Class decorator: what is written, in this order: fields and properties by name, and ``computed`` keys.

    Every written field must be named; a name that is not a field is a property. Properties and
    computed keys are written only (``from_dict`` ignores them).
    """

    def apply(cls: type[T]) -> type[T]:
        written = {item.name for item in dataclasses.fields(cls) if _options(item)["dump"]}  # type: ignore[arg-type]
        names = {entry for entry in entries if isinstance(entry, str)}
        unnamed = written - names
        if unnamed:
            raise TypeError(f"{cls.__name__}: layout leaves out fields {sorted(unnamed)}")
        for name in names:
            if name not in written and not isinstance(getattr(cls, name, None), property):
                raise TypeError(f"{cls.__name__}: layout names {name!r}, neither a written field nor a property")
        setattr(cls, _LAYOUT, entries)
        return cls

    return apply


class Record:
    """A mixin giving a dataclass ``to_dict`` and ``from_dict`` from this module (slotted: adds no ``__dict__``)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
        return from_dict(cls, data)


def to_dict(obj: Any) -> dict[str, Any]:
    """``obj`` (a dataclass instance) as a JSON-ready dict."""
    data: dict[str, Any] = {}
    for get, key, omit_default, default, encode in _writing(type(obj)):
        value = get(obj)
        if omit_default and value == default:
            continue
        if encode is not None:
            data[key] = encode(value)
        elif type(value) in _SCALARS:
            data[key] = value
        else:
            data[key] = plain(value)
    return data


def plain(value: Any) -> Any:
    """A value as JSON-ready data: dataclasses (their own ``to_dict`` if they have one), sequences, dicts, enums."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [item if type(item) in _SCALARS else plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        own = getattr(value, "to_dict", None)
        return own() if own is not None else to_dict(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):  # a named tuple
        return [plain(item) for item in value]
    if isinstance(value, (str, int, float)):  # a subclass of a plain type
        return value
    raise TypeError(f"cannot serialise {kind.__name__}")


def from_dict(cls: type[T], data: Mapping[str, Any], **given: Any) -> T:
    """A ``cls`` built from ``data`` (as ``to_dict`` wrote it); ``given`` fields are taken as they are."""
    values: dict[str, Any] = dict(given)
    for name, key, read, required in _reading(cls):
        if name in values:
            continue
        if key in data:
            values[name] = read(data[key])
        elif required:
            raise KeyError(f"{cls.__name__}: no {key!r}")
    return cls(**values)


def as_rows(records: Any) -> list[list[Any]]:
    """Records written compactly, each as the list of its field values in field order (``rows_of`` reads them)."""
    return [[plain(getattr(record, item.name)) for item in dataclasses.fields(record)] for record in records]


def rows_of(cls: type[T]) -> Callable[[Any], tuple[T, ...]]:
    """Reads back what ``as_rows`` wrote: each list the positional arguments of a ``cls``."""
    return lambda rows: tuple(cls(*row) for row in rows)


def generator_field() -> Any:
    """A product's ``generator_version`` field, written as the ``"generator"`` object every product's JSON carries."""
    return field(default="", key="generator", encode=lambda version: {"name": "guidediff", "version": version},
                 decode=lambda generator: generator.get("version", ""))


# --------------------------------------------------------------------------- the plans, made once per class

_DEFAULT_OPTIONS: Mapping[str, Any] = {"key": None, "omit_default": False, "dump": True, "encode": None, "decode": None}


def _options(item: dataclasses.Field[Any]) -> Mapping[str, Any]:
    return item.metadata.get("serial", _DEFAULT_OPTIONS)


def _default(item: dataclasses.Field[Any]) -> Any:
    if item.default is not _MISSING:
        return item.default
    if item.default_factory is not _MISSING:
        return item.default_factory()
    return _MISSING


@cache
def _writing(cls: type) -> tuple[tuple[Callable[[Any], Any], str, bool, Any, Any], ...]:
    """(how to get the value, key, left out at its default, the default, own encoding) for each key, in order."""
    fields = {item.name: item for item in dataclasses.fields(cls)}
    entries = getattr(cls, _LAYOUT, None) or tuple(name for name, item in fields.items() if _options(item)["dump"])
    plan = []
    for entry in entries:
        if isinstance(entry, computed):
            plan.append((entry.function, entry.key, False, _MISSING, None))
            continue
        item, get = fields.get(entry), operator.attrgetter(entry)
        if item is None:  # a property
            plan.append((get, entry, False, _MISSING, None))
        else:
            options = _options(item)
            plan.append((get, options["key"] or entry, options["omit_default"], _default(item), options["encode"]))
    return tuple(plan)


@cache
def _reading(cls: type) -> tuple[tuple[str, str, Callable[[Any], Any], bool], ...]:
    """(field, key, how to read its value, required) for every field ``__init__`` takes."""
    hints = typing.get_type_hints(cls)
    plan = []
    for item in dataclasses.fields(cls):
        options = _options(item)
        required = _default(item) is _MISSING
        if item.init and (options["dump"] or options["decode"]):  # a field not written may still be read from a key
            read = options["decode"] or _reader(hints[item.name])
            plan.append((item.name, options["key"] or item.name, read, required))
        elif item.init and required:
            plan.append((item.name, item.name, _unreadable(cls, item.name), True))
    return tuple(plan)


def _unreadable(cls: type, name: str) -> Callable[[Any], Any]:
    def fail(_: Any) -> Any:
        raise TypeError(f"{cls.__name__} cannot be read back: {name!r} is not written")

    return fail


def _keep(raw: Any) -> Any:
    return raw


def _keep_tuple(raw: Any) -> tuple[Any, ...]:
    return tuple(raw)


@cache
def _reader(hint: Any) -> Callable[[Any], Any]:
    """How to read JSON data as the type ``hint`` says: the inverse of ``plain``."""
    if hint is Any:
        return _keep
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot read a value of {hint}: one type besides None is needed")
        inner = _reader(options[0])
        return lambda raw: None if raw is None else inner(raw)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _reader(args[0])
            return _keep_tuple if item is _keep else lambda raw: tuple(map(item, raw))
        readers = tuple(_reader(arg) for arg in args)
        return lambda raw: tuple(read(value) for read, value in zip(readers, raw, strict=True))
    if origin is list:
        item = _reader(args[0])
        return lambda raw: [item(value) for value in raw]
    if origin is dict:
        item = _reader(args[1])
        return dict if item is _keep else lambda raw: {key: item(value) for key, value in raw.items()}
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            own = getattr(hint, "from_dict", None)
            return own if own is not None else lambda raw: from_dict(hint, raw)
        if issubclass(hint, enum.Enum):
            return hint
        if hint is float:
            return lambda raw: float(raw) if type(raw) is int else raw
    return _keep
