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

Speed: each class's ``to_dict``, ``from_dict`` and ``as_rows`` row are generated once, on first
use, as one plain function (as ``dataclasses`` writes ``__init__``), each value encoded as its
field's type hint says; ``benchmarks/serialisation.py`` measures them against ``json`` itself.

No dependency and no import of guidediff: every stage may use it.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
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
    return _writer(type(obj))(obj)


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
        return _instance_writer(kind)(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):  # a named tuple
        return [plain(item) for item in value]
    if isinstance(value, (str, int, float)):  # a subclass of a plain type
        return value
    raise TypeError(f"cannot serialise {kind.__name__}")


def from_dict(cls: type[T], data: Mapping[str, Any], **given: Any) -> T:
    """A ``cls`` built from ``data`` (as ``to_dict`` wrote it); ``given`` fields are taken as they are."""
    if not given:
        try:
            return _compiled_reader(cls)(data)
        except KeyError:
            pass  # a key missing, here or deeper: the field by field reading below says which
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
    return _each(records, _row_writer)


def rows_of(cls: type[T]) -> Callable[[Any], tuple[T, ...]]:
    """Reads back what ``as_rows`` wrote: each list the positional arguments of a ``cls``."""
    return lambda rows: tuple(itertools.starmap(cls, rows))


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


def _hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of ``cls``'s fields; none (every value written by its type) if they cannot be resolved."""
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError):  # a hint naming a type imported only for type checkers
        return {}


@cache
def _writing(cls: type) -> tuple[tuple[str, Any, str, bool, Any, Any], ...]:
    """(what it is, its field or property name or computed function, key, left out at its default, the default,
    own encoding) for each key, in order; "what it is" is "field", "property" or "computed"."""
    fields = {item.name: item for item in dataclasses.fields(cls)}
    entries = getattr(cls, _LAYOUT, None) or tuple(name for name, item in fields.items() if _options(item)["dump"])
    plan = []
    for entry in entries:
        if isinstance(entry, computed):
            plan.append(("computed", entry.function, entry.key, False, _MISSING, None))
            continue
        item = fields.get(entry)
        if item is None:
            plan.append(("property", entry, entry, False, _MISSING, None))
        else:
            options = _options(item)
            plan.append(("field", entry, options["key"] or entry, options["omit_default"], _default(item), options["encode"]))
    return tuple(plan)


# The writers and readers are generated once per class, as the source of one plain function (the way
# dataclasses writes ``__init__``): a key per line, each value encoded as its type hint says, decided
# here once, rather than a loop over the plan asking every value's type. Values whose hint says
# nothing useful (``Any``, a union of several types, a property) go through ``plain``.


def _compile(source: str, name: str, names: dict[str, Any], cls: type, what: str) -> Callable[..., Any]:
    code = compile(source, f"<serial {what} of {cls.__module__}.{cls.__qualname__}>", "exec")
    exec(code, names)  # noqa: S102 - source made here from field names and repr()'d keys only
    function = names[name]
    function.__qualname__ = f"{cls.__qualname__}.{what} (derived)"
    function.__serial_source__ = source  # what was generated, for whoever reads a traceback
    return function


@cache
def _writer(cls: type) -> Callable[[Any], dict[str, Any]]:
    """``to_dict`` for instances of exactly ``cls``."""
    hints = _hints(cls)
    names: dict[str, Any] = {"plain": plain}
    head: list[str] = []  # the dict literal's entries, while no key is conditional
    body: list[str] = []
    for index, (what, source, key, omit_default, default, encode) in enumerate(_writing(cls)):
        value = "value" if omit_default else f"obj.{source}"
        if what == "computed":
            names[f"computed{index}"] = source
            code = f"computed{index}(obj)"
        elif encode is not None:
            names[f"encode{index}"] = encode
            code = f"encode{index}({value})"
        else:
            code = _encoding(hints.get(source, Any) if what == "field" else Any, value, f"encode{index}", names)
        if omit_default:
            names[f"default{index}"] = default
            test = "value is not None" if default is None else f"value != default{index}"
            body += [f"    value = obj.{source}", f"    if {test}:", f"        data[{key!r}] = {code}"]
        elif body:
            body.append(f"    data[{key!r}] = {code}")
        else:
            head.append(f"{key!r}: {code}")
    source = "\n".join(["def to_dict(obj):", f"    data = {{{', '.join(head)}}}", *body, "    return data", ""])
    return _compile(source, "to_dict", names, cls, "to_dict")


@cache
def _row_writer(cls: type) -> Callable[[Any], list[Any]]:
    """``as_rows``'s row for an instance of exactly ``cls``: every field's value, in field order."""
    hints = _hints(cls)
    names: dict[str, Any] = {"plain": plain}
    values = [_encoding(hints.get(item.name, Any), f"obj.{item.name}", f"encode{index}", names)
              for index, item in enumerate(dataclasses.fields(cls))]
    return _compile(f"def row(obj):\n    return [{', '.join(values)}]\n", "row", names, cls, "row")


def _encoding(hint: Any, value: str, name: str, names: dict[str, Any]) -> str:
    """The code writing the expression ``value``, of type ``hint``, as JSON data (a function it needs put in ``names``)."""
    encoder = _encoder(hint)
    if encoder is None:
        return value
    if encoder is list or encoder is dict:
        return f"{encoder.__name__}({value})"
    if encoder is _ENUM_VALUE:
        return f"{value}._value_"
    names[name] = encoder
    return f"{name}({value})"


_ENUM_VALUE = operator.attrgetter("_value_")  # the member's value as stored: ``.value`` is a descriptor, 4x slower


@cache
def _encoder(hint: Any) -> Callable[[Any], Any] | None:
    """How a value of type ``hint`` is written: None when it is its own JSON, else a function (``plain`` by default)."""
    if hint in _SCALARS:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:
            return plain
        inner = _encoder(options[0])
        if inner is None:
            return None
        if inner is _write_one:  # a change's old and new paragraph: one call fewer
            return lambda value: None if value is None else _instance_writer(type(value))(value)
        if inner is _ENUM_VALUE:
            return lambda value: None if value is None else value._value_
        return lambda value: None if value is None else inner(value)
    if origin is tuple or origin is list:
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return list if all(_encoder(arg) is None for arg in args) else plain
        if not args:
            return plain
        inner = _encoder(args[0])
        if inner is None:
            return list
        if inner is _write_one:
            return _write_each
        return lambda values: list(map(inner, values))
    if origin is dict and len(args) == 2:
        inner = _encoder(args[1])
        return dict if inner is None else lambda mapping: {key: inner(value) for key, value in mapping.items()}
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return _ENUM_VALUE
        if dataclasses.is_dataclass(hint):
            return _write_one
    return plain


def _write_one(value: Any) -> Any:
    """A dataclass value, written by its own class (a subclass, or a class with its own ``to_dict``)."""
    return _instance_writer(type(value))(value)


def _write_each(values: Any) -> list[Any]:
    """A tuple of dataclass values, each written by its own class (looked up once per run of one class)."""
    return _each(values, _instance_writer)


def _each(values: Any, writer_of: Callable[[type], Callable[[Any], Any]]) -> list[Any]:
    """Each value written by ``writer_of(its class)``, the writer looked up once per run of one class."""
    written, kind, write = [], None, None
    for value in values:
        if type(value) is not kind:
            kind = type(value)
            write = writer_of(kind)
        written.append(write(value))  # type: ignore[misc]
    return written


@cache
def _instance_writer(kind: type) -> Callable[[Any], Any]:
    """How ``plain`` writes an instance of ``kind``: its own ``to_dict`` if it has one, else the derived one."""
    if not dataclasses.is_dataclass(kind):
        return plain
    own = getattr(kind, "to_dict", None)
    if own is None or own is Record.to_dict:
        return _writer(kind)
    return operator.methodcaller("to_dict")


@cache
def _reading(cls: type, compiled: bool = False) -> tuple[tuple[str, str, Callable[[Any], Any], bool], ...]:
    """(field, key, how to read its value, required) for every field ``__init__`` takes.

    ``compiled``: nested records read by their generated readers directly (``_compiled_reader``, which
    says nothing about a missing key), else through ``from_dict`` (which says which key is missing).
    """
    hints = typing.get_type_hints(cls)
    plan = []
    for item in dataclasses.fields(cls):
        options = _options(item)
        required = _default(item) is _MISSING
        if item.init and (options["dump"] or options["decode"]):  # a field not written may still be read from a key
            read = options["decode"] or _reader(hints[item.name], compiled)
            plan.append((item.name, options["key"] or item.name, read, required))
        elif item.init and required:
            plan.append((item.name, item.name, _unreadable(cls, item.name), True))
    return tuple(plan)


@cache
def _compiled_reader(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    """``from_dict`` for ``cls`` with no given fields, as one call of ``cls``; a missing key raises a bare KeyError."""
    fields = {item.name: item for item in dataclasses.fields(cls)}
    names: dict[str, Any] = {"cls": cls}
    arguments = []
    for index, (name, key, read, required) in enumerate(_reading(cls, compiled=True)):
        if read is _keep:
            value = f"data[{key!r}]"
        elif read is _keep_tuple:
            value = f"tuple(data[{key!r}])"
        else:
            names[f"read{index}"] = read
            value = f"read{index}(data[{key!r}])"
        if not required:
            item = fields[name]
            if item.default is not _MISSING:
                names[f"default{index}"] = item.default
                value = f"{value} if {key!r} in data else default{index}"
            else:
                names[f"factory{index}"] = item.default_factory
                value = f"{value} if {key!r} in data else factory{index}()"
        arguments.append(f"        {name}={value},")
    source = "\n".join(["def from_dict(data):", "    return cls(", *arguments, "    )", ""])
    return _compile(source, "from_dict", names, cls, "from_dict")


def _unreadable(cls: type, name: str) -> Callable[[Any], Any]:
    def fail(_: Any) -> Any:
        raise TypeError(f"{cls.__name__} cannot be read back: {name!r} is not written")

    return fail


def _keep(raw: Any) -> Any:
    return raw


def _keep_tuple(raw: Any) -> tuple[Any, ...]:
    return tuple(raw)


@cache
def _reader(hint: Any, compiled: bool = False) -> Callable[[Any], Any]:
    """How to read JSON data as the type ``hint`` says: the inverse of ``plain`` (``compiled``: see ``_reading``)."""
    if hint is Any:
        return _keep
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot read a value of {hint}: one type besides None is needed")
        if compiled and _derives_reading(options[0]):  # a change's old and new paragraph
            record = options[0]
            return lambda raw: None if raw is None else _compiled_reader(record)(raw)
        inner = _reader(options[0], compiled)
        if inner is _keep:  # None is read as None
            return _keep
        return lambda raw: None if raw is None else inner(raw)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if compiled and _derives_reading(args[0]):  # the hot path: a document's blocks, a report's changes
                record = args[0]
                return lambda raw: tuple(map(_compiled_reader(record), raw))
            pair = typing.get_args(args[0]) if typing.get_origin(args[0]) is tuple else ()
            if pair and Ellipsis not in pair and all(_reader(arg) is _keep for arg in pair):
                return _tuples_of(len(pair))  # a diff: thousands of (operation, text) pairs
            item = _reader(args[0], compiled)
            return _keep_tuple if item is _keep else lambda raw: tuple(map(item, raw))
        readers = tuple(_reader(arg, compiled) for arg in args)
        if len(set(readers)) == 1:  # one type: a box of four floats, a pair of strings
            return _same_items(readers[0], len(readers))
        return lambda raw: tuple([read(value) for read, value in zip(readers, raw, strict=True)])
    if origin is list:
        item = _reader(args[0], compiled)
        return lambda raw: [item(value) for value in raw]
    if origin is dict:
        item = _reader(args[1], compiled)
        return dict if item is _keep else lambda raw: {key: item(value) for key, value in raw.items()}
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            if not _derives_reading(hint):
                return hint.from_dict  # type: ignore[attr-defined]
            # Looked up when called, not now: a record may hold one of its own class.
            return (lambda raw: _compiled_reader(hint)(raw)) if compiled else (lambda raw: from_dict(hint, raw))
        if issubclass(hint, enum.Enum):
            return _enum_reader(hint)
        if hint is float:
            return lambda raw: float(raw) if type(raw) is int else raw
    return _keep


def _same_items(item: Callable[[Any], Any], count: int) -> Callable[[Any], tuple[Any, ...]]:
    """Reads a ``tuple[X, X…]`` of ``count`` items, each as ``item`` reads it."""

    def read(raw: Any) -> tuple[Any, ...]:
        values = tuple(raw) if item is _keep else tuple(map(item, raw))
        if len(values) != count:
            raise ValueError(f"{count} values expected, not {len(values)}: {raw!r}")
        return values

    return read


def _tuples_of(count: int) -> Callable[[Any], tuple[tuple[Any, ...], ...]]:
    """Reads a ``tuple[tuple[X, Y…], ...]`` of plain values, each inner tuple ``count`` long."""

    def read(raw: Any) -> tuple[tuple[Any, ...], ...]:
        values = tuple(map(tuple, raw))
        if not set(map(len, values)) <= {count}:
            raise ValueError(f"{count} values expected in each of {raw!r}")
        return values

    return read


def _derives_reading(hint: Any) -> bool:
    """Whether ``hint`` is a dataclass read by ``from_dict`` here (it has no ``from_dict`` of its own)."""
    if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return False
    own = getattr(hint, "from_dict", None)
    return own is None or getattr(own, "__func__", None) is Record.from_dict.__func__  # type: ignore[attr-defined]


def _enum_reader(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    """``kind(raw)``, its members looked up by value first (calling an enum class costs a few times more)."""
    members = kind._value2member_map_

    def read(raw: Any) -> Any:
        try:
            return members[raw]
        except (KeyError, TypeError):  # not a value (the enum's own ValueError follows), or unhashable
            return kind(raw)

    return read
