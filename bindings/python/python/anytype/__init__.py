"""Python SDK for Anytype's local API.

The asyncio API lives here; :mod:`anytype.blocking` has the same classes and method names as
plain blocking calls. Both share the records (``ClientConfig``, ``Space``, ...) and the errors
(every error is a subclass of :class:`AnytypeError`).

>>> import anytype
>>> cfg = anytype.ClientConfig(base_url="http://127.0.0.1:31009")   # the desktop app
>>> auth = anytype.Auth(cfg)
>>> # key = await auth.create_api_key(await auth.create_challenge("MyApp"), "1234")
>>> # client = anytype.AnytypeClient(key, cfg)
>>> # page = await client.spaces().list(0, 10)

All requests run on one Rust (Tokio) runtime shared by the process; awaiting a call never blocks
the event loop, and cancelling the awaiting task drops the HTTP request.

Everything here is generated from the Rust core's one definition of each model and operation
(``anytype._ffi.anytype_ffi``: classes, type hints and docstrings). This file only adds what
makes the generated objects feel like Python, each by one rule over every generated class: every
pager is an (async) iterator, every method that makes a pager gets its item iterator
(``iter_all``, ``iter_search``, ...), records and enums print their fields and enums iterate,
errors carry their message (``str``, ``args``), a mistyped argument is named, durations take
seconds, help() shows real defaults, a blocking call inside a running loop raises; and
:mod:`anytype.filters` builds filters with operators (``where``, ``asc``, ``desc``). Type checkers
see the same through the stubs that :mod:`anytype._stubs` writes at build time.
"""

from __future__ import annotations

import asyncio
import datetime
import enum
import functools
import inspect
import linecache
import re
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional, Tuple

from ._ffi import anytype_ffi as _generated
from ._ffi.anytype_ffi import *  # noqa: F401,F403  (the generated API; its own __all__)
from ._ffi.anytype_ffi import AnytypeError, sdk_version

from . import _lift  # noqa: F401  (a faster reader for lifting records; see _lift.py)
from . import _wake  # noqa: F401  (resume awaits from the event loop's own thread; see _wake.py)

__version__ = sdk_version()

#: The desktop app's address (the default ``base_url``).
DESKTOP_URL = "http://127.0.0.1:31009"
#: The headless ``anytype-cli`` server's address.
HEADLESS_URL = "http://127.0.0.1:31012"

#: The prefix of the blocking twins of the generated objects (see :mod:`anytype.blocking`).
BLOCKING_PREFIX = "Blocking"


def _error_str(self: AnytypeError) -> str:
    try:
        return self.describe()  # type: ignore[attr-defined, no-any-return]
    except Exception:  # never let str() of an error raise
        return Exception.__str__(self)


# The message is composed in Rust (the same text in every language).
AnytypeError.__str__ = _error_str  # type: ignore[method-assign]


# --- The one generic paging adapter -------------------------------------------------------
# The paging itself (requests, read-ahead, filters the SDK evaluates, the stop condition) is the
# Rust core's Pager; these only make every generated pager object an iterator and give every
# method that makes a pager its item iterator. A method that returns a pager (`pager`,
# `search_pager`, `view_pager`, `object_pager`, ...) is paired with its sibling that returns the
# items as a list and takes the same parameters (`list_all`, `search_all`, `all_views`,
# `all_objects`, ...); the pair gets `iter_<what>` (`iter_all`, `iter_search`, `iter_views`,
# `iter_objects`), and in the asyncio API the list method walks the pager. Nothing names a
# method: a new paged operation gets its iterator from its generated signature.


async def _pager_anext(self: Any) -> Any:
    page = await self.next_page()
    if page is None:
        raise StopAsyncIteration
    return page


def _pager_next(self: Any) -> Any:
    page = self.next_page()
    if page is None:
        raise StopIteration
    return page


def _self(self: Any) -> Any:
    return self


def _is_pager(cls: Any) -> bool:
    return isinstance(cls, type) and "next_page" in cls.__dict__


def _returns(method: Any) -> str:
    """The return annotation as the generated module writes it (its annotations are strings:
    ``"ObjectPager"``, ``"typing.List[Object]"``)."""
    annotation = method.__annotations__.get("return", "")
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")


def _makes_pager(method: Any) -> bool:
    return _is_pager(getattr(_generated, _returns(method), None))


def _makes_list(method: Any) -> bool:
    return _returns(method).startswith(("typing.List[", "List[", "list["))


def _parameters(method: Any) -> tuple:
    return tuple(inspect.signature(method).parameters)


def _iter_name(list_name: str) -> str:
    """`list_all` -> `iter_all`, `search_all` -> `iter_search`, `all_views` -> `iter_views`."""
    words = [w for w in list_name.split("_") if w not in ("list", "all")]
    return "iter_" + ("_".join(words) or "all")


def _pager_iter_name(pager_name: str) -> str:
    """A pager method without a list twin: `message_pager` -> `iter_messages`."""
    stem = pager_name[: -len("_pager")] if pager_name.endswith("_pager") else "all"
    return "iter_" + (stem if stem == "all" or stem.endswith(("s", "h")) else stem + "s")


def _paged_methods(cls: type) -> List[Tuple[str, str, str]]:
    """The ``(pager method, list method, iterator name)`` triples of one generated class: each
    method returning a pager, with the method returning a list that has the same parameters (or,
    when there is none, the pager method itself: `message_pager` -> `iter_messages`)."""
    methods = {n: m for n, m in cls.__dict__.items() if inspect.isfunction(m) and not n.startswith("_")}
    triples = []
    for name, method in methods.items():
        if not _makes_pager(method):
            continue
        twins = [
            other
            for other, candidate in methods.items()
            if other != name
            and _makes_list(candidate)
            and _parameters(candidate) == _parameters(method)
        ]
        if len(twins) == 1:
            triples.append((name, twins[0], _iter_name(twins[0])))
        elif not twins:
            triples.append((name, name, _pager_iter_name(name)))
    return triples


def _async_iterator(pager_name: str, list_method: Any) -> Any:
    async def iterate(self: Any, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async for page in getattr(self, pager_name)(*args, **kwargs):
            for item in page.data:
                yield item

    return _described(iterate, list_method, f"``{pager_name}``", "async for")


def _blocking_iterator(pager_name: str, list_method: Any) -> Any:
    def iterate(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for page in getattr(self, pager_name)(*args, **kwargs):
            yield from page.data

    return _described(iterate, list_method, f"``{pager_name}``", "for")


def _described(iterate: Any, list_method: Any, pager: str, loop: str) -> Any:
    """The iterator's signature is its list method's (the same parameters and defaults)."""
    iterate.__signature__ = inspect.signature(list_method).replace(return_annotation=inspect.Signature.empty)
    iterate.__doc__ = (
        f"Yield every item, as ``{list_method.__name__}`` would return them, one page of the "
        f"pager {pager} at a time as you iterate ({loop}); the next page is fetched while you "
        f"handle one.\n\n{inspect.getdoc(list_method) or ''}"
    )
    return iterate


def _walking(pager_name: str, list_method: Any) -> Any:
    @functools.wraps(list_method)
    async def list_all(self: Any, *args: Any, **kwargs: Any) -> List[Any]:
        # Walks the pager, which reads one page ahead: the next page is fetched in Rust while
        # Python turns the current one into records (for 10,000 spaces this is ~30% faster than
        # lifting every page at the end).
        items: List[Any] = []
        async for page in getattr(self, pager_name)(*args, **kwargs):
            items.extend(page.data)
        return items

    return list_all


# --- The live stream adapter ------------------------------------------------------------------
# A generated stream object (`ChatStream`) has `next()` (async), `next_blocking()` and
# `disconnect()`;
# the reconnecting, de-duplicating and heartbeat watching are the Rust core's. These make it an
# `async for` and a plain `for`, and a context manager (`with` / `async with`) that closes the
# connection on the way out.


async def _stream_anext(self: Any) -> Any:
    event = await self.next()
    if event is None:
        raise StopAsyncIteration
    return event


def _stream_next(self: Any) -> Any:
    event = self.next_blocking()
    if event is None:
        raise StopIteration
    return event


def _stream_exit(self: Any, *_exc: Any) -> None:
    self.disconnect()


async def _stream_aenter(self: Any) -> Any:
    return self


async def _stream_aexit(self: Any, *_exc: Any) -> None:
    self.disconnect()


def _adapt_stream(cls: type) -> None:
    cls.__aiter__ = _self  # type: ignore[attr-defined]
    cls.__anext__ = _stream_anext  # type: ignore[attr-defined]
    cls.__iter__ = _self  # type: ignore[attr-defined]
    cls.__next__ = _stream_next  # type: ignore[attr-defined]
    cls.__enter__ = _self  # type: ignore[attr-defined]
    cls.__exit__ = _stream_exit  # type: ignore[attr-defined]
    cls.__aenter__ = _stream_aenter  # type: ignore[attr-defined]
    cls.__aexit__ = _stream_aexit  # type: ignore[attr-defined]
    cls.close = cls.disconnect  # type: ignore[attr-defined]


def _named(function: Any, cls: type, name: str) -> Any:
    function.__name__ = name
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    return function


def _adapt(cls: type) -> None:
    """Give one generated class the Python idioms its methods call for."""
    if "next_blocking" in cls.__dict__ and "disconnect" in cls.__dict__:
        _adapt_stream(cls)
        return
    next_page = cls.__dict__.get("next_page")
    if next_page is not None:
        if inspect.iscoroutinefunction(next_page):
            cls.__aiter__ = _self  # type: ignore[attr-defined]
            cls.__anext__ = _pager_anext  # type: ignore[attr-defined]
        else:
            cls.__iter__ = _self  # type: ignore[attr-defined]
            cls.__next__ = _pager_next  # type: ignore[attr-defined]
    for pager_name, list_name, iter_name in _paged_methods(cls):
        list_method = cls.__dict__[list_name]
        if list_name == pager_name:  # no list twin: the iterator takes the pager's arguments
            if cls.__name__.startswith(BLOCKING_PREFIX):
                setattr(cls, iter_name, _named(_blocking_iterator(pager_name, list_method), cls, iter_name))
            else:
                setattr(cls, iter_name, _named(_async_iterator(pager_name, list_method), cls, iter_name))
        elif inspect.iscoroutinefunction(list_method):
            setattr(cls, iter_name, _named(_async_iterator(pager_name, list_method), cls, iter_name))
            setattr(cls, list_name, _walking(pager_name, list_method))
        else:
            setattr(cls, iter_name, _named(_blocking_iterator(pager_name, list_method), cls, iter_name))


# --- Records and enums: repr, ==, match ------------------------------------------------------
# The generated records and enum variants print without their fields (`Space()`,
# `Icon.EMOJI()`) and variants without fields are classes (`SpaceKind.SPACE`) that only their
# instances (`SpaceKind.SPACE()`) equal. These make them read like Python values:
# `repr(space)` shows every field (strings quoted); `kind == SpaceKind.SPACE`, `case
# SpaceKind.SPACE:` and `case Value.TEXT(text):` all work; and a variant without fields can be
# passed as `Color.RED` where an instance is expected.


def _field_names(cls: type) -> tuple:
    init = cls.__dict__.get("__init__") or getattr(cls, "__init__")
    try:
        parameters = inspect.signature(init).parameters
    except (TypeError, ValueError):
        return ()
    return tuple(name for name in parameters if name != "self")


def _repr(self: Any) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__match_args__)
    return f"{type(self).__qualname__}({fields})"


def _variants(enum: type) -> List[type]:
    return [
        value
        for value in vars(enum).values()
        if isinstance(value, type) and issubclass(value, enum) and value is not enum
    ]


def _make_unit_eq(generated_eq: Any) -> Any:
    def __eq__(self: Any, other: Any) -> Any:
        if isinstance(other, type):
            return type(self) is other
        return generated_eq(self, other)

    return __eq__


def _unit_hash(self: Any) -> int:
    return hash(type(self).__qualname__)


def _accepting_unit_classes(converter_method: Any, enum: type) -> Any:
    def method(value: Any, *args: Any) -> Any:
        if isinstance(value, type) and issubclass(value, enum) and not _field_names(value):
            value = value()
        return converter_method(value, *args)

    return staticmethod(method)


class EnumType(type):
    """The metaclass of the generated enums whose variants carry fields (``SpaceKind``,
    ``Color``, ``Value``): like ``enum.Enum``, the enum iterates over its variants without
    fields (``list(SpaceKind)``), has a ``len`` and answers ``in`` (``kind in SpaceKind``);
    variants with fields (``SpaceKind.OTHER(value=...)``, ``Value.TEXT(text=...)``) are
    members too (``in`` and ``isinstance``) but are not listed, as they have no single value."""

    def __iter__(cls) -> Iterator[Any]:
        members = vars(cls).get("_unit_variants_")
        if members is None:
            raise TypeError(f"{cls.__qualname__} is a variant, not an enum: iterate {cls.__qualname__.split('.')[0]}")
        return iter(members)

    def __len__(cls) -> int:
        return len(vars(cls).get("_unit_variants_", ()))

    def __contains__(cls, value: Any) -> bool:
        return isinstance(value, cls) or (isinstance(value, type) and issubclass(value, cls) and value is not cls)

    def __dir__(cls) -> List[str]:
        # help(): the fields' methods and the `is_x()` checks; an enum lists its variants, a
        # variant not its siblings (and pydoc needn't search the generated source for each).
        root = "_unit_variants_" in vars(cls)
        return sorted(
            name
            for klass in cls.__mro__[:-1]
            for name, value in vars(klass).items()
            if not name.startswith("_") and (root or not isinstance(value, type))
        )

    def __repr__(cls) -> str:
        # A variant reads as you write it (`[SpaceKind.SPACE, ...]`), the enum as enum.Enum's do.
        return f"<enum {cls.__qualname__!r}>" if "_unit_variants_" in vars(cls) else cls.__qualname__


def _without_slots(namespace: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in namespace.items() if k not in ("__dict__", "__weakref__")}


def _as_enum(cls: type) -> type:
    """The generated enum rebuilt with :class:`EnumType` (a class's metaclass can't change in
    place), with its variants rebuilt on the new class; the generated module's global is swapped,
    so its converters and ``is_X()`` checks (which look the name up) use the new classes."""
    rebuilt = EnumType(cls.__name__, cls.__bases__, _without_slots(dict(vars(cls))))
    rebuilt.__qualname__ = cls.__qualname__
    units = []
    for name, variant in list(vars(cls).items()):
        if not (isinstance(variant, type) and issubclass(variant, cls) and variant is not cls):
            continue
        body = variant.__bases__[0]  # the generated dataclass holding the variant's fields
        new_variant = EnumType(variant.__name__, (body, rebuilt), _without_slots(dict(vars(variant))))
        new_variant.__qualname__ = variant.__qualname__
        new_variant.__doc__ = body.__doc__
        setattr(rebuilt, name, new_variant)
        if not _field_names(new_variant):
            units.append(new_variant)
    rebuilt._unit_variants_ = tuple(units)  # type: ignore[attr-defined]
    setattr(_generated, cls.__name__, rebuilt)
    globals()[cls.__name__] = rebuilt
    return rebuilt


def _error_init(generated_init: Any) -> Any:
    @functools.wraps(generated_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        generated_init(self, *args, **kwargs)
        self.args = (_error_str(self),)  # the sentence, as str(e) says it

    return __init__


def _error_repr(self: Any) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _field_names(type(self)))
    return f"{type(self).__qualname__}({fields})"


def _adapt_error(cls: type) -> None:
    """Every variant of a generated error: ``args`` and ``str()`` are the message, ``repr()``
    the fields."""
    for variant in [v for v in vars(cls).values() if isinstance(v, type) and issubclass(v, cls)]:
        if "__init__" in vars(variant):
            variant.__init__ = _error_init(vars(variant)["__init__"])  # type: ignore[misc]
        variant.__repr__ = _error_repr  # type: ignore[method-assign]


def _adapt_data(cls: type) -> None:
    """Records and enums of the generated module (not objects, not errors). Enums without
    fields anywhere (``SortDirection``) are Python ``enum.Enum``s already: left as they are."""
    if issubclass(cls, enum.Enum):
        return
    if _variants(cls):
        cls = _as_enum(cls)
    variants = _variants(cls)
    for data_cls in variants or [cls]:
        init = vars(data_cls).get("__init__") or vars(data_cls.__bases__[0]).get("__init__")
        if inspect.isfunction(init) and init.__code__.co_filename == _GENERATED_FILE:
            init.__signature__ = _documented_signature(init)  # help(): the real defaults
        data_cls.__match_args__ = _field_names(data_cls)  # type: ignore[attr-defined]
        data_cls.__repr__ = _repr  # type: ignore[method-assign]
        data_cls.__str__ = _repr  # type: ignore[method-assign]
    for variant in variants:
        if not variant.__match_args__:  # type: ignore[attr-defined]
            variant.__eq__ = _make_unit_eq(variant.__eq__)  # type: ignore[method-assign]
            variant.__hash__ = _unit_hash  # type: ignore[method-assign]
    converter = getattr(_generated, f"_UniffiFfiConverterType{cls.__name__}", None)
    if variants and converter is not None:
        for method in ("check_lower", "write", "lower"):
            if method in vars(converter):
                setattr(converter, method, _accepting_unit_classes(getattr(converter, method), cls))


def _aware(value: Any) -> Any:
    """Dates as Python means them: a naive datetime is local time (as ``datetime.timestamp()``
    reads it), and a ``date`` is midnight UTC of that day."""
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo is not None else value.astimezone()
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
    return value


def _accepting_python_dates(converter_method: Any) -> Any:
    def method(value: Any, *args: Any) -> Any:
        return converter_method(_aware(value), *args)

    return staticmethod(method)


_timestamps = getattr(_generated, "_UniffiFfiConverterTimestamp", None)
if _timestamps is not None:
    for _method in ("check_lower", "write"):
        if _method in vars(_timestamps):
            setattr(_timestamps, _method, _accepting_python_dates(getattr(_timestamps, _method)))


# --- Every generated method: argument errors, defaults, blocking inside a loop --------------
# One wrapper per generated method and constructor, made by one rule: a wrong argument type
# raises a TypeError that names the argument (read from the generated line that checked it:
# `check_lower(space_id)`, `check_lower(value.request_timeout)` inside a record); the
# signature help() and inspect show has the real defaults (`filter=None`, not the generated
# sentinel); and a blocking method (a `Blocking*` twin's, or `next_blocking`) called while an
# event loop runs in this thread raises instead of freezing that loop.

_GENERATED_FILE = _generated.__file__
_SENTINEL = getattr(_generated, "_DEFAULT", None)
_CHECKED = re.compile(r"check_lower\(([\w.]+)\)")


class _Default:
    """A default as the generated code spells it (``None``, ``[]``, ``ClientConfig()``)."""

    def __init__(self, source: str) -> None:
        self._source = source

    def __repr__(self) -> str:
        return self._source


def _real_defaults(function: Any) -> Dict[str, str]:
    """``{parameter: source}`` from the generated ``if x is _DEFAULT: x = <source>`` lines."""
    code = function.__code__
    lines = linecache.getlines(code.co_filename)
    found: Dict[str, str] = {}
    start = code.co_firstlineno
    for index in range(start, min(len(lines), start + 400)):
        line = lines[index].strip()
        if line.startswith(("_uniffi_lowered_args", "def ", "async def ")):
            break
        match = re.fullmatch(r"if (\w+) is _DEFAULT:", line)
        if match and index + 1 < len(lines):
            assigned = re.fullmatch(rf"(?:self\.)?{match.group(1)} = (.+)", lines[index + 1].strip())
            if assigned:
                found[match.group(1)] = assigned.group(1)
    return found


def _documented_signature(function: Any) -> inspect.Signature:
    signature = inspect.signature(function)
    defaults = _real_defaults(function)
    parameters = [
        p.replace(default=_Default(defaults[p.name])) if p.name in defaults and p.default is _SENTINEL else p
        for p in signature.parameters.values()
    ]
    return signature.replace(parameters=parameters)


def _argument_path(error: BaseException) -> Optional[str]:
    """Which argument a generated ``check_lower`` refused: ``space_id``, ``config.request_timeout``."""
    path: List[str] = []
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _GENERATED_FILE:
            line = linecache.getline(_GENERATED_FILE, tb.tb_lineno)
            match = _CHECKED.search(line)
            if match:
                expression = match.group(1)
                if not path:
                    path.append(expression)
                elif expression.startswith("value."):
                    path.append(expression[len("value"):])
        tb = tb.tb_next
    return "".join(path) or None


def _named_type_error(error: TypeError, function: Any) -> TypeError:
    argument = _argument_path(error)
    if argument is None or argument in ("value", "self"):
        return error
    name = function.__qualname__.replace(".__init__", "")
    name = name[len(BLOCKING_PREFIX):] if name.startswith(BLOCKING_PREFIX) else name
    return TypeError(f"{name}(): argument {argument!r}: {error}")


def _running_loop_error(function: Any) -> RuntimeError:
    return RuntimeError(
        f"anytype.blocking.{function.__qualname__[len(BLOCKING_PREFIX):]}() is a blocking call and an event loop is running in this thread "
        "(a coroutine or a notebook cell): it would freeze that loop. Use the asyncio API there "
        f"instead: `await` the same method of the `anytype` class (not `anytype.blocking`)."
    )


def _checked(function: Any, blocks: bool) -> Any:
    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def call_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await function(*args, **kwargs)
            except TypeError as error:
                named = _named_type_error(error, function)
                if named is error:
                    raise
                raise named from None

        wrapper: Any = call_async
    else:

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            if blocks and asyncio._get_running_loop() is not None:
                raise _running_loop_error(function)
            try:
                return function(*args, **kwargs)
            except TypeError as error:
                named = _named_type_error(error, function)
                if named is error:
                    raise
                raise named from None

        wrapper = call
    wrapper.__signature__ = _documented_signature(function)  # what help() and inspect show
    return wrapper


def _waits(blocking_cls: type, name: str) -> bool:
    """A blocking twin's method waits for the network when its async original is ``async``
    (``get``, ``next_page``); handles and pagers (``spaces()``, ``pager()``) are made at once."""
    original = getattr(_generated, blocking_cls.__name__[len(BLOCKING_PREFIX):], None)
    method = getattr(original, name, None)
    return method is None or inspect.iscoroutinefunction(method)


def _check_arguments(cls: type) -> None:
    """Wrap every public method (and the constructor) that the generated class defines."""
    blocking_class = cls.__name__.startswith(BLOCKING_PREFIX)
    for name, member in list(vars(cls).items()):
        if not inspect.isfunction(member) or member.__code__.co_filename != _GENERATED_FILE:
            continue
        if name.startswith("_") and name != "__init__":
            continue
        blocks = name == "next_blocking" or (blocking_class and name != "__init__" and _waits(cls, name))
        setattr(cls, name, _checked(member, blocks))


def _seconds(value: Any) -> Any:
    """Durations as Python writes them: a ``timedelta``, or seconds as an ``int`` or ``float``."""
    if isinstance(value, datetime.timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.timedelta(seconds=value)
    raise TypeError(f"expected a timedelta or seconds (int or float), not {type(value).__name__}")


def _accepting_seconds(converter_method: Any) -> Any:
    def method(value: Any, *args: Any) -> Any:
        return converter_method(_seconds(value), *args)

    return staticmethod(method)


_durations = getattr(_generated, "_UniffiFfiConverterDuration", None)
if _durations is not None:
    for _method in ("check_lower", "write"):
        if _method in vars(_durations):
            setattr(_durations, _method, _accepting_seconds(getattr(_durations, _method)))


class ApiType(type):
    """The metaclass of the generated objects (``Spaces``, ``AnytypeClient``, ...): ``dir()``, and
    so ``help()``, list the documented API (the public methods), not the generated plumbing."""

    def __dir__(cls) -> List[str]:
        return sorted(name for name in vars(cls) if not name.startswith("_"))


_PROTOCOL_PLUMBING = {
    "__abstractmethods__", "_abc_impl", "__parameters__", "__subclasshook__", "_is_protocol",
    "__protocol_attrs__", "__non_callable_proto_members__", "__orig_bases__", "_is_runtime_protocol",
    "__dict__", "__weakref__",
}


def _documented(cls: type) -> type:
    """The generated object class rebuilt with :class:`ApiType` and without its ``typing.Protocol``
    base (only type checkers use the protocols), swapped in the generated module, whose code
    looks the name up when it makes or checks an instance."""
    namespace = {k: v for k, v in vars(cls).items() if k not in _PROTOCOL_PLUMBING}
    rebuilt = ApiType(cls.__name__, (object,), namespace)
    rebuilt.__qualname__ = cls.__qualname__
    setattr(_generated, cls.__name__, rebuilt)
    globals()[cls.__name__] = rebuilt
    return rebuilt


def _is_object(cls: type) -> bool:
    return hasattr(cls, "_uniffi_clone_handle")


for _name in _generated.__all__:
    _obj = getattr(_generated, _name)
    if not isinstance(_obj, type) or _name.endswith("Protocol"):
        continue
    if issubclass(_obj, BaseException):
        _adapt_error(_obj)
        continue
    if _is_object(_obj):
        _check_arguments(_obj)
        _adapt(_obj)
        _documented(_obj)
    else:
        _adapt_data(_obj)

from . import filters as _filters  # noqa: E402  (after the adapters and _aware, which it uses)
from .filters import FilterExpr as FilterExpr  # noqa: E402  ("as": re-exported for type checkers)
from .filters import IdsFilter as IdsFilter  # noqa: E402
from .filters import PropertyFilter as PropertyFilter  # noqa: E402
from .filters import Where as Where  # noqa: E402
from .filters import asc as asc  # noqa: E402
from .filters import desc as desc  # noqa: E402
from .filters import where as where  # noqa: E402

#: The public names: the generated API (without the blocking twins, which
#: :mod:`anytype.blocking` serves under their plain names) and the constants above.
__all__ = [
    name
    for name in _generated.__all__
    if not name.startswith(BLOCKING_PREFIX) and not name.endswith("Protocol")
] + ["DESKTOP_URL", "HEADLESS_URL", "blocking", "filters"] + _filters.__all__

from . import blocking  # noqa: E402  (after the adapters: it serves the same classes)
