"""Python benchmarks: the anytype SDK against the usual Python HTTP stacks, on one running sandbox.

Blocking sequential gets: ``anytype.blocking`` vs ``httpx.Client`` and ``urllib3.PoolManager``;
asyncio (sequential gets, 64 in flight, listing every page): ``anytype`` vs ``httpx.AsyncClient``
and ``aiohttp.ClientSession``. Every alternative decodes each answer with ``json.loads`` into the
same ``@dataclass``es (the fields of ``anytype.Space``) and is checked like the SDK.

    python bench.py suite --url URL --space-id ID [--total N] [--runs 5] [--sequential 2000]
                          [--concurrent 20000] [--in-flight 64] [--page-size 1000]
                          [--ffi-sync 500000] [--ffi-async 20000]
                          [--objects-space-id ID [--objects-total 10000] [--objects-properties 10]]
                          [--file-path PATH --file-mb N [--download-object-id ID]] [--messages N]
    python bench.py one SCENARIO IMPL (same options; IMPL: ffi, sdk, httpx, urllib3, aiohttp)

The API key comes from ANYTYPE_BENCH_KEY (never from the command line). ``suite`` installs httpx,
sniffio, urllib3, aiohttp, httpx-sse and sseclient-py into this interpreter's environment if they
are missing, runs every measurement ``--runs`` times, each run of each implementation in a fresh
child process (so ``ru_maxrss``, or ``VmHWM``, is that scenario's own peak; the order of the
implementations rotates from run to run), and prints ``{"records": [{language, scenario, impl,
unit, runs, median, ...}]}``; an alternative's record has ``impl: "alternative"`` and its name in ``alternative`` (``httpx``, ...).
``one`` runs a single measurement and prints one JSON line.

With ``--objects-space-id`` (a space of ``--objects-total`` generated objects with
``--objects-properties`` values each) the suite also lists every object, pages of ``--page-size``:
``await client.objects(id).list_all(n)`` against httpx/aiohttp (``list_all_objects``) and
``anytype.blocking``'s ``list_all`` against urllib3 (``list_all_objects_blocking``), the
alternatives decoding into dataclasses with the fields of ``anytype.Object`` (values a union of
dataclasses by format, dates by ``datetime.fromisoformat``). It also searches them, returning every
match in pages of ``--page-size`` (``search_all_objects``, ``search_all_objects_blocking``): the
query "generated object", type ``page``, sorted by name, filtered by ``bench_number_2 >= 1250 or
bench_checkbox_5`` (both evaluated by the server; about 3 in 4 objects match):
``await client.objects(id).search_all(request, n)`` against httpx/aiohttp and ``anytype.blocking``'s
``search_all`` against urllib3, the alternatives POSTing the same JSON body page by page.

With ``--file-path`` (a file of ``--file-mb`` MiB) it uploads that file to ``--space-id``
(``upload_file``: ``await client.files(id).upload(path)`` against httpx's ``files=`` multipart and
aiohttp's ``FormData``, both reading the file 64 KiB at a time; ``upload_file_blocking``:
``anytype.blocking`` against urllib3 with a generator body, the multipart framing written here),
deleting the new file object for good afterwards, untimed; with ``--download-object-id`` (the same
bytes, uploaded once) it downloads that into a fresh temporary directory (``download_file``,
``download_file_blocking``: the SDK's ``download(id, path)`` against each library's streamed body
written 64 KiB or a network chunk at a time), checking the size. With ``--messages N`` it creates a
chat, opens its live stream, and has the sandbox add N messages at once (``chat_stream``: ``async
for`` over ``await client.chats(id).stream(chat)`` against httpx + httpx-sse and aiohttp reading
the SSE lines; ``chat_stream_blocking``: ``anytype.blocking`` against urllib3 + sseclient-py), the
alternatives decoding each ``message_added`` into dataclasses with the fields of
``anytype.ChatMessage``; checked: N messages, ``bench 1`` ... ``bench N`` in order, order ids
strictly increasing. These runs read ``VmHWM`` from ``/proc/self/status``: at the end
(``peak_rss_*``) and, for the files, just before the clock (``rss_growth_*``: the end minus that).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Dict, List, Optional

# --------------------------------------------------------------------------------------------
# The alternatives' typed result: json + dataclasses with the same fields as anytype.Space.
# --------------------------------------------------------------------------------------------


@dataclass
class Icon:
    format: str
    emoji: Optional[str] = None
    file: Optional[str] = None
    name: Optional[str] = None
    color: Optional[str] = None


@dataclass
class Space:
    id: str
    name: str
    description: str
    icon: Optional[Icon]
    gateway_url: str
    network_id: str
    kind: str


_KINDS = {
    "space": "space",
    "anytype.space": "space",
    "chatspace": "chat_space",
    "anytype.chatspace": "chat_space",
    "onetoone": "one_to_one",
    "anytype.onetoone": "one_to_one",
    "techspace": "tech_space",
    "anytype.techspace": "tech_space",
}


def space_from_json(d: Dict[str, Any]) -> Space:
    icon = d.get("icon")
    return Space(
        id=d["id"],
        name=d.get("name") or "",
        description=d.get("description") or "",
        icon=Icon(
            format=icon.get("format", ""),
            emoji=icon.get("emoji"),
            file=icon.get("file"),
            name=icon.get("name"),
            color=icon.get("color"),
        )
        if icon
        else None,
        gateway_url=d.get("gateway_url") or "",
        network_id=d.get("network_id") or "",
        kind=_KINDS.get(d.get("object") or "space", d.get("object")),
    )


# --- objects: the fields of anytype.Object, its Type, Property, Tag and PropertyValue, the value
# a union of dataclasses tagged by format (select -> Tag, multi_select -> [Tag], date -> datetime,
# null lists empty) -------------------------------------------------------------------------


@dataclass
class Tag:
    id: str
    key: str
    name: str
    color: str


@dataclass
class Property:
    id: str
    key: str
    name: str
    format: str


@dataclass
class Type:
    id: str
    key: str
    name: str
    plural_name: str
    icon: Optional[Icon]
    archived: bool
    layout: str
    properties: List[Property]


@dataclass
class TextValue:
    text: str


@dataclass
class NumberValue:
    number: Optional[float]


@dataclass
class SelectValue:
    tag: Optional[Tag]


@dataclass
class MultiSelectValue:
    tags: List[Tag]


@dataclass
class DateValue:
    date: Optional[datetime]


@dataclass
class FilesValue:
    files: List[str]


@dataclass
class CheckboxValue:
    checked: bool


@dataclass
class UrlValue:
    url: str


@dataclass
class EmailValue:
    email: str


@dataclass
class PhoneValue:
    phone: str


@dataclass
class ObjectsValue:
    objects: List[str]


@dataclass
class OtherValue:
    format: str
    raw: Any


@dataclass
class PropertyValue:
    id: str
    key: str
    name: str
    format: str
    value: Any  # one of the *Value dataclasses above


@dataclass
class Object:
    id: str
    name: str
    icon: Optional[Icon]
    archived: bool
    space_id: str
    snippet: str
    layout: str
    type: Optional[Type]
    properties: List[PropertyValue]
    markdown: Optional[str] = None


def _icon(icon: Optional[Dict[str, Any]]) -> Optional[Icon]:
    if not icon:
        return None
    return Icon(
        format=icon.get("format", ""),
        emoji=icon.get("emoji"),
        file=icon.get("file"),
        name=icon.get("name"),
        color=icon.get("color"),
    )


def _tag(d: Dict[str, Any]) -> Tag:
    return Tag(id=d.get("id") or "", key=d.get("key") or "", name=d.get("name") or "", color=d.get("color") or "")


def _date(text: Optional[str]) -> Optional[datetime]:
    return datetime.fromisoformat(text) if text else None


# format -> the value from the field named after it
_VALUES: Dict[str, Callable[[Any], Any]] = {
    "text": lambda v: TextValue(v or ""),
    "number": NumberValue,
    "select": lambda v: SelectValue(_tag(v) if v else None),
    "multi_select": lambda v: MultiSelectValue([_tag(t) for t in v] if v else []),
    "date": lambda v: DateValue(_date(v)),
    "files": lambda v: FilesValue(v or []),
    "checkbox": lambda v: CheckboxValue(bool(v)),
    "url": lambda v: UrlValue(v or ""),
    "email": lambda v: EmailValue(v or ""),
    "phone": lambda v: PhoneValue(v or ""),
    "objects": lambda v: ObjectsValue(v or []),
}


def property_value_from_json(d: Dict[str, Any]) -> PropertyValue:
    format = d.get("format") or "text"
    decode = _VALUES.get(format)
    value = decode(d.get(format)) if decode else OtherValue(format, d.get(format))
    return PropertyValue(id=d.get("id") or "", key=d.get("key") or "", name=d.get("name") or "", format=format, value=value)


def type_from_json(d: Dict[str, Any]) -> Type:
    return Type(
        id=d.get("id") or "",
        key=d.get("key") or "",
        name=d.get("name") or "",
        plural_name=d.get("plural_name") or "",
        icon=_icon(d.get("icon")),
        archived=bool(d.get("archived")),
        layout=d.get("layout") or "basic",
        properties=[
            Property(id=p.get("id") or "", key=p.get("key") or "", name=p.get("name") or "", format=p.get("format") or "text")
            for p in d.get("properties") or ()
        ],
    )


def object_from_json(d: Dict[str, Any]) -> Object:
    object_type = d.get("type")
    return Object(
        id=d.get("id") or "",
        name=d.get("name") or "",
        icon=_icon(d.get("icon")),
        archived=bool(d.get("archived")),
        space_id=d.get("space_id") or "",
        snippet=d.get("snippet") or "",
        layout=d.get("layout") or "basic",
        type=type_from_json(object_type) if object_type else None,
        properties=[property_value_from_json(p) for p in d.get("properties") or ()],
        markdown=d.get("markdown"),
    )


def _object_page(body: bytes) -> tuple:
    page = json.loads(body)
    data = page.get("data") or []
    return [object_from_json(item) for item in data], bool(page.get("pagination", {}).get("has_more"))


# --- chat messages (chat_stream): each message_added decoded into the fields of
# anytype.ChatMessage (created_at a datetime, reactions a list in emoji order) ---------------


@dataclass
class TextMark:
    from_: int
    to: int
    kind: str
    param: Optional[str]


@dataclass
class MessageContent:
    text: str
    style: str
    marks: List[TextMark]


@dataclass
class Attachment:
    target: str
    kind: str


@dataclass
class Reaction:
    emoji: str
    identities: List[str]


@dataclass
class ChatMessage:
    id: str
    order_id: str
    creator: str
    creator_name: str
    created_at: datetime
    modified_at: Optional[datetime]
    reply_to_message_id: Optional[str]
    content: MessageContent
    attachments: List[Attachment]
    reactions: List[Reaction]
    pinned: bool


def _unix(seconds: Any) -> datetime:
    return datetime.fromtimestamp(max(int(seconds or 0), 0), tz=timezone.utc)


def message_from_json(d: Dict[str, Any]) -> ChatMessage:
    content = d.get("content") or {}
    modified = d.get("modified_at") or 0
    return ChatMessage(
        id=d.get("id") or "",
        order_id=d.get("order_id") or "",
        creator=d.get("creator") or "",
        creator_name=d.get("creator_name") or "",
        created_at=_unix(d.get("created_at")),
        modified_at=_unix(modified) if modified > 0 else None,
        reply_to_message_id=d.get("reply_to_message_id") or None,
        content=MessageContent(
            text=content.get("text") or "",
            style=content.get("style") or "",
            marks=[
                TextMark(from_=m.get("from") or 0, to=m.get("to") or 0, kind=m.get("type") or "", param=m.get("param"))
                for m in content.get("marks") or ()
            ],
        ),
        attachments=[Attachment(target=a.get("target") or "", kind=a.get("type") or "file") for a in d.get("attachments") or ()],
        reactions=[Reaction(emoji=e, identities=ids or []) for e, ids in sorted((d.get("reactions") or {}).items())],
        pinned=bool(d.get("pinned")),
    )


def _event_message(data: str) -> Optional[ChatMessage]:
    """One SSE event's data: the typed message of a ``message_added``, else None."""
    event = json.loads(data)
    if event.get("type") != "message_added":
        return None
    return message_from_json(event["payload"]["message"])


def headers(key: str) -> Dict[str, str]:
    return {
        "Authorization": f"Bearer {key}",
        "Accept": "application/json",
        "Anytype-Version": "2025-11-08",
    }


# --------------------------------------------------------------------------------------------
# Scenarios. Each returns (value, count); value is in the scenario's unit.
# --------------------------------------------------------------------------------------------

UNITS = {
    "ffi_noop_sync": "ns/call",
    "ffi_noop_async": "ns/call",
    "sequential_get": "us/call",
    "sequential_get_blocking": "us/call",
    "concurrent_get": "req/s",
    "list_all_pages": "ms/listing",
    "list_all_objects": "ms/listing",
    "list_all_objects_blocking": "ms/listing",
    "search_all_objects": "ms/listing",
    "search_all_objects_blocking": "ms/listing",
    "upload_file": "MiB/s",
    "upload_file_blocking": "MiB/s",
    "download_file": "MiB/s",
    "download_file_blocking": "MiB/s",
    "chat_stream": "msg/s",
    "chat_stream_blocking": "msg/s",
}

# Each scenario's implementations: the SDK first, then its alternatives.
PLAN = [
    ("ffi_noop_sync", ["ffi"]),
    ("ffi_noop_async", ["ffi"]),
    ("sequential_get", ["sdk", "httpx", "aiohttp"]),
    ("sequential_get_blocking", ["sdk", "httpx", "urllib3"]),
    ("concurrent_get", ["sdk", "httpx", "aiohttp"]),
    ("list_all_pages", ["sdk", "httpx", "aiohttp"]),
]
# Only with --objects-space-id.
OBJECTS_PLAN = [
    ("list_all_objects", ["sdk", "httpx", "aiohttp"]),
    ("list_all_objects_blocking", ["sdk", "urllib3"]),
    ("search_all_objects", ["sdk", "httpx", "aiohttp"]),
    ("search_all_objects_blocking", ["sdk", "urllib3"]),
]
# Only with --file-path (the downloads also need --download-object-id).
FILES_PLAN = [
    ("upload_file", ["sdk", "httpx", "aiohttp"]),
    ("upload_file_blocking", ["sdk", "urllib3"]),
    ("download_file", ["sdk", "httpx", "aiohttp"]),
    ("download_file_blocking", ["sdk", "urllib3"]),
]
# Only with --messages N (N > 0).
STREAM_PLAN = [
    ("chat_stream", ["sdk", "httpx", "aiohttp"]),
    ("chat_stream_blocking", ["sdk", "urllib3"]),
]
ALTERNATIVES = ("httpx", "urllib3", "aiohttp")

LABELS = {
    ("ffi_noop_sync", "ffi"): "anytype._ffi.anytype_ffi.noop()",
    ("ffi_noop_async", "ffi"): "await anytype._ffi.anytype_ffi.noop_async()",
    ("sequential_get", "sdk"): "anytype (asyncio)",
    ("sequential_get", "httpx"): "httpx.AsyncClient + json + dataclasses",
    ("sequential_get", "aiohttp"): "aiohttp.ClientSession + json + dataclasses",
    ("sequential_get_blocking", "sdk"): "anytype.blocking",
    ("sequential_get_blocking", "httpx"): "httpx.Client + json + dataclasses",
    ("sequential_get_blocking", "urllib3"): "urllib3.PoolManager + json + dataclasses",
    ("concurrent_get", "sdk"): "anytype (asyncio)",
    ("concurrent_get", "httpx"): "httpx.AsyncClient + json + dataclasses",
    ("concurrent_get", "aiohttp"): "aiohttp.ClientSession + json + dataclasses",
    ("list_all_pages", "sdk"): "anytype list_all(page_size)",
    ("list_all_pages", "httpx"): "httpx.AsyncClient + json + dataclasses",
    ("list_all_pages", "aiohttp"): "aiohttp.ClientSession + json + dataclasses",
    ("list_all_objects", "sdk"): "anytype objects(id).list_all(page_size)",
    ("list_all_objects", "httpx"): "httpx.AsyncClient + json + dataclasses + datetime.fromisoformat",
    ("list_all_objects", "aiohttp"): "aiohttp.ClientSession + json + dataclasses + datetime.fromisoformat",
    ("list_all_objects_blocking", "sdk"): "anytype.blocking objects(id).list_all(page_size)",
    ("list_all_objects_blocking", "urllib3"): "urllib3.PoolManager + json + dataclasses + datetime.fromisoformat",
    ("search_all_objects", "sdk"): "anytype objects(id).search_all(request, page_size)",
    ("search_all_objects", "httpx"): "httpx.AsyncClient POST + json + dataclasses + datetime.fromisoformat",
    ("search_all_objects", "aiohttp"): "aiohttp.ClientSession POST + json + dataclasses + datetime.fromisoformat",
    ("search_all_objects_blocking", "sdk"): "anytype.blocking objects(id).search_all(request, page_size)",
    ("search_all_objects_blocking", "urllib3"): "urllib3.PoolManager POST + json + dataclasses + datetime.fromisoformat",
    ("upload_file", "sdk"): "anytype files(id).upload(path), streamed from disk",
    ("upload_file", "httpx"): "httpx.AsyncClient files= multipart, the file read 64 KiB at a time",
    ("upload_file", "aiohttp"): "aiohttp.ClientSession FormData with the file, read 64 KiB at a time",
    ("upload_file_blocking", "sdk"): "anytype.blocking files(id).upload(path), streamed from disk",
    ("upload_file_blocking", "urllib3"): "urllib3.PoolManager, multipart framed by hand, body a generator of 64 KiB chunks",
    ("download_file", "sdk"): "anytype files(id).download(id, path), streamed to disk",
    ("download_file", "httpx"): "httpx.AsyncClient stream() + aiter_bytes() to a file",
    ("download_file", "aiohttp"): "aiohttp.ClientSession content.iter_chunked(64 KiB) to a file",
    ("download_file_blocking", "sdk"): "anytype.blocking files(id).download(id, path), streamed to disk",
    ("download_file_blocking", "urllib3"): "urllib3.PoolManager preload_content=False + stream(64 KiB) to a file",
    ("chat_stream", "sdk"): "anytype chats(id).stream(chat_id), async for",
    ("chat_stream", "httpx"): "httpx.AsyncClient + httpx-sse aconnect_sse + json + dataclasses",
    ("chat_stream", "aiohttp"): "aiohttp.ClientSession, SSE lines by hand + json + dataclasses",
    ("chat_stream_blocking", "sdk"): "anytype.blocking chats(id).stream(chat_id), for",
    ("chat_stream_blocking", "urllib3"): "urllib3.PoolManager preload_content=False + sseclient-py + json + dataclasses",
}
# The short name an alternative has in the table.
ALTERNATIVE_NAMES = {
    ("sequential_get", "httpx"): "httpx.AsyncClient",
    ("sequential_get", "aiohttp"): "aiohttp",
    ("sequential_get_blocking", "httpx"): "httpx.Client",
    ("sequential_get_blocking", "urllib3"): "urllib3",
    ("concurrent_get", "httpx"): "httpx.AsyncClient",
    ("concurrent_get", "aiohttp"): "aiohttp",
    ("list_all_pages", "httpx"): "httpx.AsyncClient",
    ("list_all_pages", "aiohttp"): "aiohttp",
    ("list_all_objects", "httpx"): "httpx.AsyncClient",
    ("list_all_objects", "aiohttp"): "aiohttp",
    ("list_all_objects_blocking", "urllib3"): "urllib3",
    ("search_all_objects", "httpx"): "httpx.AsyncClient",
    ("search_all_objects", "aiohttp"): "aiohttp",
    ("search_all_objects_blocking", "urllib3"): "urllib3",
    ("upload_file", "httpx"): "httpx.AsyncClient",
    ("upload_file", "aiohttp"): "aiohttp",
    ("upload_file_blocking", "urllib3"): "urllib3",
    ("download_file", "httpx"): "httpx.AsyncClient",
    ("download_file", "aiohttp"): "aiohttp",
    ("download_file_blocking", "urllib3"): "urllib3",
    ("chat_stream", "httpx"): "httpx.AsyncClient + httpx-sse",
    ("chat_stream", "aiohttp"): "aiohttp",
    ("chat_stream_blocking", "urllib3"): "urllib3 + sseclient-py",
}
# The SSE libraries next to an alternative's HTTP client (their versions go into its label).
EXTRA_PACKAGES = {
    ("chat_stream", "httpx"): "httpx-sse",
    ("chat_stream_blocking", "urllib3"): "sseclient-py",
}


def ffi_noop_sync(args: argparse.Namespace) -> tuple:
    from anytype._ffi.anytype_ffi import noop

    n = args.ffi_sync
    for _ in range(min(n, 10_000)):
        noop()
    started = time.perf_counter_ns()
    for _ in range(n):
        noop()
    return (time.perf_counter_ns() - started) / n, n


def ffi_noop_async(args: argparse.Namespace) -> tuple:
    from anytype._ffi.anytype_ffi import noop_async

    n = args.ffi_async

    async def main() -> float:
        for _ in range(min(n, 1_000)):
            await noop_async()
        started = time.perf_counter_ns()
        for _ in range(n):
            await noop_async()
        return (time.perf_counter_ns() - started) / n

    return asyncio.run(main()), n


def _check(space: Any, space_id: str) -> None:
    if space.id != space_id:
        raise RuntimeError(f"got space {space.id}, asked for {space_id}")


def _check_full(space: Any, expected: Dict[str, Any]) -> None:
    """Once per process, before the clock starts: the typed result has every field the server sent.

    The SDK's ``Space`` and the alternatives' dataclass differ in how the icon and the kind are
    typed (an enum in the SDK, a dataclass and a string here), so those are checked for presence.
    """
    for field in ("id", "name", "description", "gateway_url", "network_id"):
        if getattr(space, field) != (expected.get(field) or ""):
            raise RuntimeError(f"{field}: got {getattr(space, field)!r}, the server sent {expected.get(field)!r}")
    if (space.icon is None) != (not expected.get("icon")) or space.kind is None:
        raise RuntimeError(f"icon/kind: got {space.icon!r}/{space.kind!r}, the server sent {expected!r}")


def _expected(args: argparse.Namespace) -> Dict[str, Any]:
    """The space as the server sends it, fetched with the standard library."""
    import urllib.request

    request = urllib.request.Request(_url(args), headers=headers(os.environ["ANYTYPE_BENCH_KEY"]))
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["space"]


async def _sequential_async(get: Callable[[], Awaitable[Any]], args: argparse.Namespace) -> float:
    n, space_id = args.sequential, args.space_id
    _check_full(await get(), _expected(args))
    for _ in range(max(1, min(n // 10, 200))):
        _check(await get(), space_id)
    started = time.perf_counter()
    for _ in range(n):
        _check(await get(), space_id)
    return (time.perf_counter() - started) * 1e6 / n


def _sequential_sync(get: Callable[[], Any], args: argparse.Namespace) -> float:
    n, space_id = args.sequential, args.space_id
    _check_full(get(), _expected(args))
    for _ in range(max(1, min(n // 10, 200))):
        _check(get(), space_id)
    started = time.perf_counter()
    for _ in range(n):
        _check(get(), space_id)
    return (time.perf_counter() - started) * 1e6 / n


async def _concurrent(get: Callable[[], Awaitable[Any]], n: int, in_flight: int, space_id: str) -> float:
    """``n`` gets with ``in_flight`` worker tasks; returns requests per second."""
    counter = itertools.count()

    async def worker() -> None:
        while next(counter) < n:
            _check(await get(), space_id)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return n / (time.perf_counter() - started)


def _sdk_client(args: argparse.Namespace, blocking: bool = False) -> Any:
    import anytype
    from anytype import blocking as anytype_blocking

    config = anytype.ClientConfig(base_url=args.url)
    module = anytype_blocking if blocking else anytype
    return module.AnytypeClient(os.environ["ANYTYPE_BENCH_KEY"], config).spaces()


def _url(args: argparse.Namespace) -> str:
    return f"{args.url.rstrip('/')}/v1/spaces/{args.space_id}"


def _objects_url(args: argparse.Namespace) -> str:
    return f"{args.url.rstrip('/')}/v1/spaces/{args.objects_space_id}/objects"


def _search_url(args: argparse.Namespace) -> str:
    return f"{args.url.rstrip('/')}/v1/spaces/{args.objects_space_id}/search"


# The search of search_all_objects (the same in every language): every generated object by name,
# type page, by name, with bench_number_2 >= 1250 or bench_checkbox_5 checked. The alternatives
# POST this body; the SDK sends what its filter compiles to (the same expression).
SEARCH_NUMBER_KEY, SEARCH_CHECKBOX_KEY, SEARCH_AT_LEAST = "bench_number_2", "bench_checkbox_5", 1250
SEARCH_BODY = json.dumps({
    "query": "generated object",
    "types": ["page"],
    "sort": {"property_key": "name", "direction": "asc"},
    "filters": {"operator": "or", "conditions": [
        {"property_key": SEARCH_NUMBER_KEY, "condition": "gte", "number": SEARCH_AT_LEAST},
        {"property_key": SEARCH_CHECKBOX_KEY, "condition": "eq", "checkbox": True},
    ]},
}).encode()


def _sdk_search_request() -> Any:
    from anytype import SearchRequest, asc, where

    return SearchRequest(
        query="generated object",
        types=["page"],
        filter=(where.number(SEARCH_NUMBER_KEY) >= SEARCH_AT_LEAST) | (where.checkbox(SEARCH_CHECKBOX_KEY) == True),  # noqa: E712
        sort=asc("name"),
    )


# --- the asyncio alternatives: each is an async context manager yielding
# (get() -> Space, list_page(offset, limit) -> (spaces, has_more)) ----------------------------


class _HttpxAsync:
    def __init__(self, args: argparse.Namespace) -> None:
        import httpx

        self.args = args
        self.client = httpx.AsyncClient(
            headers=headers(os.environ["ANYTYPE_BENCH_KEY"]),
            limits=httpx.Limits(max_connections=args.in_flight, max_keepalive_connections=args.in_flight),
            timeout=30.0,
            trust_env=False,
        )
        self.url = _url(args)
        self.list_url = f"{args.url.rstrip('/')}/v1/spaces"
        self.objects_url = _objects_url(args)
        self.search_url = _search_url(args)

    async def __aenter__(self) -> "_HttpxAsync":
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.client.__aexit__(*exc)

    async def get(self) -> Space:
        response = await self.client.get(self.url)
        response.raise_for_status()
        return space_from_json(json.loads(response.content)["space"])

    async def list_page(self, offset: int, limit: int) -> tuple:
        response = await self.client.get(self.list_url, params={"offset": offset, "limit": limit})
        response.raise_for_status()
        body = json.loads(response.content)
        data = body.get("data") or []
        return [space_from_json(item) for item in data], bool(body.get("pagination", {}).get("has_more"))

    async def list_objects_page(self, offset: int, limit: int) -> tuple:
        response = await self.client.get(self.objects_url, params={"offset": offset, "limit": limit})
        response.raise_for_status()
        return _object_page(response.content)

    async def search_objects_page(self, offset: int, limit: int) -> tuple:
        response = await self.client.post(
            self.search_url, params={"offset": offset, "limit": limit}, content=SEARCH_BODY,
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        return _object_page(response.content)


class _Aiohttp:
    """One ``aiohttp.ClientSession`` over a ``TCPConnector`` with ``in_flight`` connections."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.url = _url(args)
        self.list_url = f"{args.url.rstrip('/')}/v1/spaces"
        self.objects_url = _objects_url(args)
        self.search_url = _search_url(args)

    async def __aenter__(self) -> "_Aiohttp":
        import aiohttp

        self.session = aiohttp.ClientSession(
            headers=headers(os.environ["ANYTYPE_BENCH_KEY"]),
            connector=aiohttp.TCPConnector(limit=self.args.in_flight, limit_per_host=self.args.in_flight),
            timeout=aiohttp.ClientTimeout(total=30.0),
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.session.close()

    async def get(self) -> Space:
        async with self.session.get(self.url) as response:
            response.raise_for_status()
            body = await response.read()
        return space_from_json(json.loads(body)["space"])

    async def list_page(self, offset: int, limit: int) -> tuple:
        async with self.session.get(self.list_url, params={"offset": offset, "limit": limit}) as response:
            response.raise_for_status()
            body = json.loads(await response.read())
        data = body.get("data") or []
        return [space_from_json(item) for item in data], bool(body.get("pagination", {}).get("has_more"))

    async def list_objects_page(self, offset: int, limit: int) -> tuple:
        async with self.session.get(self.objects_url, params={"offset": offset, "limit": limit}) as response:
            response.raise_for_status()
            body = await response.read()
        return _object_page(body)

    async def search_objects_page(self, offset: int, limit: int) -> tuple:
        async with self.session.post(
            self.search_url, params={"offset": offset, "limit": limit}, data=SEARCH_BODY,
            headers={"Content-Type": "application/json"},
        ) as response:
            response.raise_for_status()
            body = await response.read()
        return _object_page(body)


def _async_alternative(args: argparse.Namespace, impl: str) -> Any:
    return {"httpx": _HttpxAsync, "aiohttp": _Aiohttp}[impl](args)


# --- the blocking alternatives: get() -> Space -----------------------------------------------


def _httpx_blocking(args: argparse.Namespace) -> tuple:
    import httpx

    client = httpx.Client(headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0, trust_env=False)
    url = _url(args)

    def get() -> Space:
        response = client.get(url)
        response.raise_for_status()
        return space_from_json(json.loads(response.content)["space"])

    return get, client.close


def _urllib3_blocking(args: argparse.Namespace) -> tuple:
    """One keep-alive ``PoolManager`` (one pool of one connection), its default retries."""
    import urllib3

    pool = urllib3.PoolManager(num_pools=1, maxsize=1, headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0)
    url = _url(args)

    def get() -> Space:
        response = pool.request("GET", url)
        if response.status >= 400:
            raise RuntimeError(f"HTTP {response.status}")
        return space_from_json(json.loads(response.data)["space"])

    return get, pool.clear


# --- the scenarios ----------------------------------------------------------------------------


def sequential_get(args: argparse.Namespace, impl: str) -> tuple:
    async def main() -> float:
        if impl == "sdk":
            spaces = _sdk_client(args)
            return await _sequential_async(lambda: spaces.get(args.space_id), args)
        async with _async_alternative(args, impl) as client:
            return await _sequential_async(client.get, args)

    return asyncio.run(main()), args.sequential


def sequential_get_blocking(args: argparse.Namespace, impl: str) -> tuple:
    if impl == "sdk":
        spaces = _sdk_client(args, blocking=True)
        return _sequential_sync(lambda: spaces.get(args.space_id), args), args.sequential
    get, close = {"httpx": _httpx_blocking, "urllib3": _urllib3_blocking}[impl](args)
    try:
        return _sequential_sync(get, args), args.sequential
    finally:
        close()


def concurrent_get(args: argparse.Namespace, impl: str) -> tuple:
    async def main() -> float:
        warmup = args.in_flight * 4
        if impl == "sdk":
            spaces = _sdk_client(args)

            def get() -> Awaitable[Any]:
                return spaces.get(args.space_id)

            _check_full(await get(), _expected(args))
            await _concurrent(get, warmup, args.in_flight, args.space_id)
            return await _concurrent(get, args.concurrent, args.in_flight, args.space_id)
        async with _async_alternative(args, impl) as client:
            _check_full(await client.get(), _expected(args))
            await _concurrent(client.get, warmup, args.in_flight, args.space_id)
            return await _concurrent(client.get, args.concurrent, args.in_flight, args.space_id)

    return asyncio.run(main()), args.concurrent


async def _list_all(client: Any, page_size: int) -> List[Space]:
    spaces: List[Space] = []
    while True:
        page, has_more = await client.list_page(len(spaces), page_size)
        spaces.extend(page)
        if not has_more or not page:
            return spaces


def list_all_pages(args: argparse.Namespace, impl: str) -> tuple:
    async def main() -> float:
        expected = _expected(args)
        if impl == "sdk":
            spaces = _sdk_client(args)
            _check_full(await spaces.get(args.space_id), expected)  # opens the connection
            started = time.perf_counter()
            listed = await spaces.list_all(args.page_size)
        else:
            async with _async_alternative(args, impl) as client:
                _check_full(await client.get(), expected)  # opens the connection
                started = time.perf_counter()
                listed = await _list_all(client, args.page_size)
        elapsed = time.perf_counter() - started
        if len(listed) != args.total:
            raise RuntimeError(f"listed {len(listed)} spaces, expected {args.total}")
        _check(listed[0], args.space_id)  # the benchmarks' space is the first one
        return elapsed * 1e3

    return asyncio.run(main()), args.total


def _check_objects(args: argparse.Namespace, objects: List[Any], date_type: type) -> None:
    """Both implementations: the count, and per object at least --objects-properties values and a parsed date."""
    if len(objects) != args.objects_total:
        raise RuntimeError(f"listed {len(objects)} objects, expected {args.objects_total}")
    for i, obj in enumerate(objects):
        dated = any(isinstance(p.value, date_type) and p.value.date is not None for p in obj.properties)
        if len(obj.properties) < args.objects_properties or not dated:
            raise RuntimeError(
                f"object {i}: {len(obj.properties)} property values "
                f"(expected at least {args.objects_properties}), parsed date: {dated}"
            )


def _sdk_objects(args: argparse.Namespace, blocking: bool = False) -> Any:
    import anytype
    from anytype import blocking as anytype_blocking

    if not args.objects_space_id:
        raise SystemExit("--objects-space-id is required for the objects scenarios")
    config = anytype.ClientConfig(base_url=args.url)
    module = anytype_blocking if blocking else anytype
    return module.AnytypeClient(os.environ["ANYTYPE_BENCH_KEY"], config).objects(args.objects_space_id)


def list_all_objects(args: argparse.Namespace, impl: str) -> tuple:
    import anytype

    async def main() -> float:
        if impl == "sdk":
            objects = _sdk_objects(args)
            await objects.list(0, 1)  # opens the connection
            started = time.perf_counter()
            listed = await objects.list_all(args.page_size)
            elapsed = time.perf_counter() - started
            _check_objects(args, listed, anytype.Value.DATE)
        else:
            async with _async_alternative(args, impl) as client:
                await client.list_objects_page(0, 1)  # opens the connection
                started = time.perf_counter()
                listed = []
                while True:
                    page, has_more = await client.list_objects_page(len(listed), args.page_size)
                    listed.extend(page)
                    if not has_more or not page:
                        break
                elapsed = time.perf_counter() - started
            _check_objects(args, listed, DateValue)
        return elapsed * 1e3

    return asyncio.run(main()), args.objects_total


def list_all_objects_blocking(args: argparse.Namespace, impl: str) -> tuple:
    import anytype

    if impl == "sdk":
        objects = _sdk_objects(args, blocking=True)
        objects.list(0, 1)  # opens the connection
        started = time.perf_counter()
        listed = objects.list_all(args.page_size)
        elapsed = time.perf_counter() - started
        _check_objects(args, listed, anytype.Value.DATE)
        return elapsed * 1e3, args.objects_total
    import urllib3

    pool = urllib3.PoolManager(num_pools=1, maxsize=1, headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0)
    url = _objects_url(args)

    def page(offset: int, limit: int) -> tuple:
        response = pool.request("GET", url, fields={"offset": offset, "limit": limit})
        if response.status >= 400:
            raise RuntimeError(f"HTTP {response.status}")
        return _object_page(response.data)

    try:
        page(0, 1)  # opens the connection
        started = time.perf_counter()
        listed: List[Object] = []
        while True:
            objects, has_more = page(len(listed), args.page_size)
            listed.extend(objects)
            if not has_more or not objects:
                break
        elapsed = time.perf_counter() - started
    finally:
        pool.clear()
    _check_objects(args, listed, DateValue)
    return elapsed * 1e3, args.objects_total


def _search_matches(args: argparse.Namespace) -> int:
    """How many generated objects match the search, from a listing with the standard library
    (before the clock)."""
    import urllib.request

    key, matches, offset = os.environ["ANYTYPE_BENCH_KEY"], 0, 0
    while True:
        url = f"{_objects_url(args)}?offset={offset}&limit=1000"
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers(key)), timeout=60) as response:
            page = json.load(response)
        for obj in page["data"]:
            values = {p.get("key"): p for p in obj.get("properties") or ()}
            number = (values.get(SEARCH_NUMBER_KEY) or {}).get("number")
            checked = (values.get(SEARCH_CHECKBOX_KEY) or {}).get("checkbox")
            generated = "generated object" in (obj.get("name") or "").lower()
            if generated and ((number is not None and number >= SEARCH_AT_LEAST) or checked is True):
                matches += 1
        offset += len(page["data"])
        if not page["pagination"]["has_more"] or not page["data"]:
            return matches


def _number_of(obj: Any, key: str, sdk: bool) -> Any:
    if sdk:
        return obj.number(key)
    return next((p.value.number for p in obj.properties if p.key == key), None)


def _checkbox_of(obj: Any, key: str, sdk: bool) -> Any:
    if sdk:
        return obj.checkbox(key)
    return next((p.value.checked for p in obj.properties if p.key == key), None)


def _check_search(args: argparse.Namespace, found: List[Any], expected: int, date_type: type, sdk: bool) -> None:
    """Both implementations, after the clock: as many matches as the listing found, each a
    match, no id twice, sorted by name (ignoring case), every one typed like the listing's."""
    if expected == 0:
        raise RuntimeError("nothing matches the search: are there --objects-properties >= 5?")
    if len(found) != expected:
        raise RuntimeError(f"found {len(found)} objects, expected {expected} matches")
    if len({o.id for o in found}) != len(found):
        raise RuntimeError("an object was found twice")
    for o in found:
        number = _number_of(o, SEARCH_NUMBER_KEY, sdk)
        if not ((number is not None and number >= SEARCH_AT_LEAST) or _checkbox_of(o, SEARCH_CHECKBOX_KEY, sdk)):
            raise RuntimeError(f"{o.name} does not match the filter")
    names = [o.name.lower() for o in found]
    if names != sorted(names):
        raise RuntimeError("not sorted by name")
    _check_objects(argparse.Namespace(**{**vars(args), "objects_total": expected}), found, date_type)


def search_all_objects(args: argparse.Namespace, impl: str) -> tuple:
    import anytype

    expected = _search_matches(args)

    async def main() -> float:
        if impl == "sdk":
            objects = _sdk_objects(args)
            request = _sdk_search_request()
            await objects.search(request, 0, 1)  # opens the connection
            started = time.perf_counter()
            found = await objects.search_all(request, args.page_size)
            elapsed = time.perf_counter() - started
            _check_search(args, found, expected, anytype.Value.DATE, sdk=True)
        else:
            async with _async_alternative(args, impl) as client:
                await client.search_objects_page(0, 1)  # opens the connection
                started = time.perf_counter()
                found = []
                while True:
                    page, has_more = await client.search_objects_page(len(found), args.page_size)
                    found.extend(page)
                    if not has_more or not page:
                        break
                elapsed = time.perf_counter() - started
            _check_search(args, found, expected, DateValue, sdk=False)
        return elapsed * 1e3

    return asyncio.run(main()), expected


def search_all_objects_blocking(args: argparse.Namespace, impl: str) -> tuple:
    import anytype

    expected = _search_matches(args)
    if impl == "sdk":
        objects = _sdk_objects(args, blocking=True)
        request = _sdk_search_request()
        objects.search(request, 0, 1)  # opens the connection
        started = time.perf_counter()
        found = objects.search_all(request, args.page_size)
        elapsed = time.perf_counter() - started
        _check_search(args, found, expected, anytype.Value.DATE, sdk=True)
        return elapsed * 1e3, expected
    import urllib3

    pool = urllib3.PoolManager(num_pools=1, maxsize=1, headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0)
    url = _search_url(args)

    def page(offset: int, limit: int) -> tuple:
        response = pool.request(
            "POST", f"{url}?offset={offset}&limit={limit}", body=SEARCH_BODY,
            headers={**headers(os.environ["ANYTYPE_BENCH_KEY"]), "Content-Type": "application/json"},
        )
        if response.status >= 400:
            raise RuntimeError(f"HTTP {response.status}")
        return _object_page(response.data)

    try:
        page(0, 1)  # opens the connection
        started = time.perf_counter()
        found: List[Object] = []
        while True:
            objects, has_more = page(len(found), args.page_size)
            found.extend(objects)
            if not has_more or not objects:
                break
        elapsed = time.perf_counter() - started
    finally:
        pool.clear()
    _check_search(args, found, expected, DateValue, sdk=False)
    return elapsed * 1e3, expected


# --------------------------------------------------------------------------------------------
# Files and the chat stream (only with --file-path / --messages): upload and download a file of
# --file-mb MiB, and N messages through the live stream. Each run reads VmHWM (kB) from
# /proc/self/status just before the clock starts and at its end: the peak, and what the transfer
# added to it.
# --------------------------------------------------------------------------------------------

CHUNK = 1 << 16  # what every implementation reads from the file or the socket at a time (64 KiB)


def _vmhwm_kib() -> int:
    """The process's peak resident set so far (``VmHWM``, kB)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _memory(baseline: int) -> Dict[str, int]:
    return {"baseline_vmhwm_kib": baseline, "vmhwm_kib": _vmhwm_kib()}


def _sdk_root(args: argparse.Namespace, blocking: bool = False) -> Any:
    import anytype
    from anytype import blocking as anytype_blocking

    module = anytype_blocking if blocking else anytype
    return module.AnytypeClient(os.environ["ANYTYPE_BENCH_KEY"], anytype.ClientConfig(base_url=args.url))


def _file_bytes(args: argparse.Namespace) -> int:
    if not args.file_path:
        raise SystemExit("--file-path (and --file-mb) are required for the file scenarios")
    expected, size = args.file_mb << 20, os.path.getsize(args.file_path)
    if size != expected:
        raise SystemExit(f"{args.file_path} has {size} bytes, --file-mb {args.file_mb} says {expected}")
    return expected


def _files_url(args: argparse.Namespace, file_id: str = "") -> str:
    return f"{_url(args)}/files" + (f"/{file_id}" if file_id else "")


def _uploaded_id(answer: Any, expected_bytes: int) -> str:
    """Every implementation: the upload's answer names the new file object, of the file's size."""
    if isinstance(answer, dict):  # the alternatives' json.loads
        object_id, size = answer.get("object_id") or "", answer.get("size_in_bytes")
    else:  # the SDK's UploadedFile
        object_id, size = answer.object_id, answer.size_in_bytes
    if not object_id:
        raise RuntimeError(f"the upload answered no object id: {answer!r}")
    if size is not None and size != expected_bytes:
        raise RuntimeError(f"the upload answered {size} bytes, the file has {expected_bytes}")
    return object_id


def _multipart_head(name: str, boundary: str) -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


def _download_target() -> tuple:
    """A fresh temporary directory and the path to download into."""
    import tempfile

    directory = tempfile.mkdtemp(prefix="anytype-bench-download-")
    return directory, os.path.join(directory, "download.bin")


def _check_download(path: str, directory: str, expected_bytes: int) -> None:
    import shutil

    try:
        size = os.path.getsize(path)
        if size != expected_bytes:
            raise RuntimeError(f"downloaded {size} bytes, expected {expected_bytes}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _file_timeouts() -> Any:
    """aiohttp's timeouts for a transfer or a stream: per read and connect, no total."""
    import aiohttp

    return aiohttp.ClientTimeout(total=None, connect=30.0, sock_read=30.0)



@contextlib.asynccontextmanager
async def _aiohttp_warm(args: argparse.Namespace) -> Any:
    """An aiohttp session for the file and stream scenarios, its connection opened by one GET."""
    import aiohttp

    async with aiohttp.ClientSession(
        headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=_file_timeouts(), trust_env=False
    ) as session:
        async with session.get(_url(args)) as response:  # opens the connection
            response.raise_for_status()
            await response.read()
        yield session

def upload_file(args: argparse.Namespace, impl: str) -> tuple:
    expected = _file_bytes(args)
    path, name = args.file_path, os.path.basename(args.file_path)

    async def main() -> tuple:
        if impl == "sdk":
            client = _sdk_root(args)
            _check(await client.spaces().get(args.space_id), args.space_id)  # opens the connection
            files = client.files(args.space_id)
            baseline = _vmhwm_kib()
            started = time.perf_counter()
            uploaded = await files.upload(path)  # streamed from disk
            elapsed = time.perf_counter() - started
            object_id = _uploaded_id(uploaded, expected)
            memory = _memory(baseline)
            await files.delete(object_id, permanent=True)
        elif impl == "httpx":
            import httpx

            async with httpx.AsyncClient(
                headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0, trust_env=False
            ) as client:
                (await client.get(_url(args))).raise_for_status()  # opens the connection
                baseline = _vmhwm_kib()
                started = time.perf_counter()
                # httpx's multipart stream reads the file object 64 KiB at a time (the length
                # from its size: no chunked encoding).
                with open(path, "rb") as f:
                    response = await client.post(_files_url(args), files={"file": (name, f, "application/octet-stream")})
                response.raise_for_status()
                answer = json.loads(response.content)
                elapsed = time.perf_counter() - started
                object_id = _uploaded_id(answer, expected)
                memory = _memory(baseline)
                (await client.delete(_files_url(args, object_id), params={"skip_bin": "true"})).raise_for_status()
        else:
            import aiohttp

            async with _aiohttp_warm(args) as session:
                baseline = _vmhwm_kib()
                started = time.perf_counter()
                # FormData with a file object: aiohttp's file payload reads it 64 KiB at a time in
                # the loop's thread pool.
                with open(path, "rb") as f:
                    form = aiohttp.FormData()
                    form.add_field("file", f, filename=name, content_type="application/octet-stream")
                    async with session.post(_files_url(args), data=form) as response:
                        response.raise_for_status()
                        answer = json.loads(await response.read())
                elapsed = time.perf_counter() - started
                object_id = _uploaded_id(answer, expected)
                memory = _memory(baseline)
                async with session.delete(_files_url(args, object_id), params={"skip_bin": "true"}) as response:
                    response.raise_for_status()
        return args.file_mb / elapsed, memory

    value, memory = asyncio.run(main())
    return value, args.file_mb, memory


def upload_file_blocking(args: argparse.Namespace, impl: str) -> tuple:
    expected = _file_bytes(args)
    path, name = args.file_path, os.path.basename(args.file_path)
    if impl == "sdk":
        client = _sdk_root(args, blocking=True)
        _check(client.spaces().get(args.space_id), args.space_id)  # opens the connection
        files = client.files(args.space_id)
        baseline = _vmhwm_kib()
        started = time.perf_counter()
        uploaded = files.upload(path)  # streamed from disk
        elapsed = time.perf_counter() - started
        object_id = _uploaded_id(uploaded, expected)
        memory = _memory(baseline)
        files.delete(object_id, permanent=True)
        return args.file_mb / elapsed, args.file_mb, memory
    import urllib3
    from urllib3.filepost import choose_boundary

    key = os.environ["ANYTYPE_BENCH_KEY"]
    pool = urllib3.PoolManager(num_pools=1, maxsize=1, headers=headers(key), timeout=30.0)
    try:
        response = pool.request("GET", _url(args))  # opens the connection
        if response.status >= 400:
            raise RuntimeError(f"HTTP {response.status}")
        baseline = _vmhwm_kib()
        started = time.perf_counter()
        # urllib3 builds multipart bodies in memory (encode_multipart_formdata); it streams an
        # iterable body, so the form is framed here and the file read 64 KiB at a time.
        boundary = choose_boundary()
        head, tail = _multipart_head(name, boundary), f"\r\n--{boundary}--\r\n".encode()

        def body() -> Any:
            yield head
            with open(path, "rb") as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        break
                    yield chunk
            yield tail

        response = pool.request(
            "POST", _files_url(args), body=body(),
            headers={
                **headers(key),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(len(head) + os.path.getsize(path) + len(tail)),
            },
        )
        if response.status >= 400:
            raise RuntimeError(f"HTTP {response.status}: {response.data[:200]!r}")
        answer = json.loads(response.data)
        elapsed = time.perf_counter() - started
        object_id = _uploaded_id(answer, expected)
        memory = _memory(baseline)
        response = pool.request("DELETE", _files_url(args, object_id), fields={"skip_bin": "true"})
        if response.status >= 400:
            raise RuntimeError(f"deleting the upload: HTTP {response.status}")
    finally:
        pool.clear()
    return args.file_mb / elapsed, args.file_mb, memory


def _download_id(args: argparse.Namespace) -> str:
    if not args.download_object_id:
        raise SystemExit("--download-object-id is required for the download scenarios")
    return args.download_object_id


def download_file(args: argparse.Namespace, impl: str) -> tuple:
    expected = _file_bytes(args)
    file_id = _download_id(args)

    async def main() -> tuple:
        directory, path = _download_target()
        if impl == "sdk":
            client = _sdk_root(args)
            _check(await client.spaces().get(args.space_id), args.space_id)  # opens the connection
            files = client.files(args.space_id)
            baseline = _vmhwm_kib()
            started = time.perf_counter()
            await files.download(file_id, path)  # streamed to path.part, then renamed
            elapsed = time.perf_counter() - started
        elif impl == "httpx":
            import httpx

            async with httpx.AsyncClient(
                headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0, trust_env=False
            ) as client:
                (await client.get(_url(args))).raise_for_status()  # opens the connection
                baseline = _vmhwm_kib()
                started = time.perf_counter()
                async with client.stream("GET", _files_url(args, file_id)) as response:
                    response.raise_for_status()
                    with open(path, "wb") as f:
                        async for chunk in response.aiter_bytes():  # as they arrive
                            f.write(chunk)
                elapsed = time.perf_counter() - started
        else:

            async with _aiohttp_warm(args) as session:
                baseline = _vmhwm_kib()
                started = time.perf_counter()
                async with session.get(_files_url(args, file_id)) as response:
                    response.raise_for_status()
                    with open(path, "wb") as f:
                        async for chunk in response.content.iter_chunked(CHUNK):
                            f.write(chunk)
                elapsed = time.perf_counter() - started
        _check_download(path, directory, expected)
        return args.file_mb / elapsed, _memory(baseline)

    value, memory = asyncio.run(main())
    return value, args.file_mb, memory


def download_file_blocking(args: argparse.Namespace, impl: str) -> tuple:
    expected = _file_bytes(args)
    file_id = _download_id(args)
    directory, path = _download_target()
    if impl == "sdk":
        client = _sdk_root(args, blocking=True)
        _check(client.spaces().get(args.space_id), args.space_id)  # opens the connection
        files = client.files(args.space_id)
        baseline = _vmhwm_kib()
        started = time.perf_counter()
        files.download(file_id, path)  # streamed to path.part, then renamed
        elapsed = time.perf_counter() - started
    else:
        import urllib3

        pool = urllib3.PoolManager(num_pools=1, maxsize=1, headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0)
        try:
            response = pool.request("GET", _url(args))  # opens the connection
            if response.status >= 400:
                raise RuntimeError(f"HTTP {response.status}")
            baseline = _vmhwm_kib()
            started = time.perf_counter()
            response = pool.request("GET", _files_url(args, file_id), preload_content=False)
            try:
                if response.status >= 400:
                    raise RuntimeError(f"HTTP {response.status}")
                with open(path, "wb") as f:
                    for chunk in response.stream(CHUNK):
                        f.write(chunk)
            finally:
                response.release_conn()
            elapsed = time.perf_counter() - started
        finally:
            pool.clear()
    _check_download(path, directory, expected)
    return args.file_mb / elapsed, args.file_mb, _memory(baseline)


def _check_messages(messages: List[Any], n: int) -> None:
    """Every implementation: N messages, ``bench 1`` ... ``bench N`` in order, order ids strictly
    increasing, each typed (a datetime for created_at, lists for marks, attachments, reactions)."""
    if len(messages) != n:
        raise RuntimeError(f"got {len(messages)} messages, expected {n}")
    previous = ""
    for i, message in enumerate(messages, 1):
        if message.content.text != f"bench {i}":
            raise RuntimeError(f"message {i}: text {message.content.text!r}, expected 'bench {i}'")
        if not message.order_id > previous:
            raise RuntimeError(f"message {i}: order id {message.order_id!r} after {previous!r}")
        previous = message.order_id
        if not message.id or not isinstance(message.created_at, datetime):
            raise RuntimeError(f"message {i}: id {message.id!r}, created_at {message.created_at!r}")
        if not all(isinstance(x, list) for x in (message.content.marks, message.attachments, message.reactions)):
            raise RuntimeError(f"message {i}: marks, attachments or reactions not a list")


class _Trigger:
    """The sandbox's admin route adds N messages at once (``{"added": N}``), asked with the
    standard library from a thread, the same for every implementation, so that the stream is
    read while the server is adding."""

    def __init__(self, args: argparse.Namespace, chat_id: str) -> None:
        import threading

        self.url = (
            f"{args.url.rstrip('/')}/_sandbox/spaces/{args.space_id}/chats/{chat_id}/messages"
            f"?count={args.messages}&prefix=bench"
        )
        self.n = args.messages
        self.answer: Any = None
        self.error: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import urllib.request

        try:
            request = urllib.request.Request(self.url, data=b"", method="POST")
            with urllib.request.urlopen(request, timeout=300) as response:
                self.answer = json.load(response)
        except BaseException as error:  # reported by join()
            self.error = error

    def start(self) -> None:
        self.thread.start()

    def join(self) -> None:
        self.thread.join(timeout=300)
        if self.error is not None:
            raise RuntimeError(f"adding the messages failed: {self.error!r}")
        if not isinstance(self.answer, dict) or self.answer.get("added") != self.n:
            raise RuntimeError(f"adding the messages answered {self.answer!r}, expected {{'added': {self.n}}}")


def _chat_id(answer: Dict[str, Any]) -> str:
    chat_id = (answer.get("object") or answer.get("chat") or {}).get("id")
    if not chat_id:
        raise RuntimeError(f"creating the chat answered no id: {answer!r}")
    return chat_id


def _stream_url(args: argparse.Namespace, chat_id: str) -> str:
    return f"{_url(args)}/chats/{chat_id}/messages/stream"


CHAT_BODY = json.dumps({"name": "bench"}).encode()


def _messages(args: argparse.Namespace) -> int:
    if args.messages <= 0:
        raise SystemExit("--messages N (N > 0) is required for the stream scenarios")
    return args.messages


def chat_stream(args: argparse.Namespace, impl: str) -> tuple:
    import anytype

    n = _messages(args)

    async def main() -> float:
        messages: List[Any] = []
        if impl == "sdk":
            client = _sdk_root(args)
            _check(await client.spaces().get(args.space_id), args.space_id)  # opens the connection
            chats = client.chats(args.space_id)
            chat = await chats.create(anytype.CreateChatRequest(name="bench"))
            trigger = _Trigger(args, chat.id)
            async with await chats.stream(chat.id) as stream:  # connected, the (empty) recent ones read
                started = time.perf_counter()
                trigger.start()
                async for event in stream:
                    if isinstance(event, anytype.ChatEvent.MESSAGE_ADDED):
                        messages.append(event.message)
                        if len(messages) == n:
                            break
                elapsed = time.perf_counter() - started
        elif impl == "httpx":
            import httpx
            from httpx_sse import aconnect_sse

            async with httpx.AsyncClient(
                headers=headers(os.environ["ANYTYPE_BENCH_KEY"]), timeout=30.0, trust_env=False
            ) as client:
                (await client.get(_url(args))).raise_for_status()  # opens the connection
                response = await client.post(
                    f"{_url(args)}/chats", content=CHAT_BODY, headers={"Content-Type": "application/json"}
                )
                response.raise_for_status()
                chat_id = _chat_id(json.loads(response.content))
                trigger = _Trigger(args, chat_id)
                # aconnect_sse sends Accept: text/event-stream and returns with the headers.
                async with aconnect_sse(client, "GET", _stream_url(args, chat_id)) as source:
                    source.response.raise_for_status()
                    started = time.perf_counter()
                    trigger.start()
                    async for sse in source.aiter_sse():
                        message = _event_message(sse.data) if sse.data else None
                        if message is not None:
                            messages.append(message)
                            if len(messages) == n:
                                break
                    elapsed = time.perf_counter() - started
        else:

            async with _aiohttp_warm(args) as session:
                async with session.post(
                    f"{_url(args)}/chats", data=CHAT_BODY, headers={"Content-Type": "application/json"}
                ) as response:
                    response.raise_for_status()
                    chat_id = _chat_id(json.loads(await response.read()))
                trigger = _Trigger(args, chat_id)
                async with session.get(_stream_url(args, chat_id), headers={"Accept": "text/event-stream"}) as response:
                    response.raise_for_status()
                    started = time.perf_counter()
                    trigger.start()
                    # Server-sent events by hand, line by line (aiohttp has no SSE client of its
                    # own): data lines gathered until the empty line, comments skipped.
                    data: List[str] = []
                    async for raw in response.content:
                        line = raw.decode("utf-8").rstrip("\r\n")
                        if line:
                            if line.startswith("data:"):
                                data.append(line[6:] if line.startswith("data: ") else line[5:])
                            continue  # a comment (": heartbeat") or another field
                        if not data:
                            continue
                        message = _event_message("\n".join(data))
                        data = []
                        if message is not None:
                            messages.append(message)
                            if len(messages) == n:
                                break
                    elapsed = time.perf_counter() - started
                    response.close()
        trigger.join()
        _check_messages(messages, n)
        return n / elapsed

    value = asyncio.run(main())
    return value, n, {"vmhwm_kib": _vmhwm_kib()}


def chat_stream_blocking(args: argparse.Namespace, impl: str) -> tuple:
    import anytype

    n = _messages(args)
    messages: List[Any] = []
    if impl == "sdk":
        client = _sdk_root(args, blocking=True)
        _check(client.spaces().get(args.space_id), args.space_id)  # opens the connection
        chats = client.chats(args.space_id)
        chat = chats.create(anytype.CreateChatRequest(name="bench"))
        trigger = _Trigger(args, chat.id)
        with chats.stream(chat.id) as stream:  # connected, the (empty) recent ones read
            started = time.perf_counter()
            trigger.start()
            for event in stream:
                if isinstance(event, anytype.ChatEvent.MESSAGE_ADDED):
                    messages.append(event.message)
                    if len(messages) == n:
                        break
            elapsed = time.perf_counter() - started
    else:
        import sseclient
        import urllib3

        key = os.environ["ANYTYPE_BENCH_KEY"]
        pool = urllib3.PoolManager(num_pools=1, maxsize=1, headers=headers(key), timeout=30.0)
        try:
            response = pool.request("GET", _url(args))  # opens the connection
            if response.status >= 400:
                raise RuntimeError(f"HTTP {response.status}")
            response = pool.request(
                "POST", f"{_url(args)}/chats", body=CHAT_BODY, headers={**headers(key), "Content-Type": "application/json"}
            )
            if response.status >= 400:
                raise RuntimeError(f"creating the chat: HTTP {response.status}")
            chat_id = _chat_id(json.loads(response.data))
            trigger = _Trigger(args, chat_id)
            response = pool.request(
                "GET", _stream_url(args, chat_id), preload_content=False,
                headers={**headers(key), "Accept": "text/event-stream"},
            )
            try:
                if response.status >= 400:
                    raise RuntimeError(f"HTTP {response.status}")
                started = time.perf_counter()
                trigger.start()
                for sse in sseclient.SSEClient(response).events():
                    message = _event_message(sse.data) if sse.data else None
                    if message is not None:
                        messages.append(message)
                        if len(messages) == n:
                            break
                elapsed = time.perf_counter() - started
            finally:
                response.close()
        finally:
            pool.clear()
    trigger.join()
    _check_messages(messages, n)
    return n / elapsed, n, {"vmhwm_kib": _vmhwm_kib()}


def one(args: argparse.Namespace) -> Dict[str, Any]:
    scenario, impl = args.scenario, args.impl
    if impl == "alternative":  # the name before there were several
        impl = "httpx"
    plan = dict(PLAN + OBJECTS_PLAN + FILES_PLAN + STREAM_PLAN)
    if impl not in plan[scenario]:
        raise SystemExit(f"{scenario} has no implementation {impl!r} (it has {', '.join(plan[scenario])})")
    memory: List[Dict[str, int]] = []
    if scenario == "ffi_noop_sync":
        value, count = ffi_noop_sync(args)
    elif scenario == "ffi_noop_async":
        value, count = ffi_noop_async(args)
    else:
        runner = {
            "sequential_get": sequential_get,
            "sequential_get_blocking": sequential_get_blocking,
            "concurrent_get": concurrent_get,
            "list_all_pages": list_all_pages,
            "list_all_objects": list_all_objects,
            "list_all_objects_blocking": list_all_objects_blocking,
            "search_all_objects": search_all_objects,
            "search_all_objects_blocking": search_all_objects_blocking,
            "upload_file": upload_file,
            "upload_file_blocking": upload_file_blocking,
            "download_file": download_file,
            "download_file_blocking": download_file_blocking,
            "chat_stream": chat_stream,
            "chat_stream_blocking": chat_stream_blocking,
        }[scenario]
        # The file and stream scenarios also give VmHWM (kB): at the end of the run, and (files)
        # just before the clock started.
        value, count, *memory = runner(args, impl)
    return {
        "scenario": scenario,
        "impl": impl,
        "unit": UNITS[scenario],
        "value": value,
        "count": count,
        # Linux reports ru_maxrss in KiB.
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        **(memory[0] if memory else {}),
    }


# --------------------------------------------------------------------------------------------
# The suite.
# --------------------------------------------------------------------------------------------

RSS_SCENARIOS = {
    "concurrent_get", "list_all_pages", "list_all_objects", "list_all_objects_blocking",
    "search_all_objects", "search_all_objects_blocking",
    "upload_file", "upload_file_blocking", "download_file", "download_file_blocking",
    "chat_stream", "chat_stream_blocking",
}
# Also rss_growth_*: VmHWM at the end minus VmHWM just before the clock (what the transfer added).
GROWTH_SCENARIOS = {"upload_file", "upload_file_blocking", "download_file", "download_file_blocking"}
PASSED_OPTIONS = ["url", "space_id", "total", "sequential", "concurrent", "in_flight", "page_size", "ffi_sync", "ffi_async"]
OBJECTS_OPTIONS = ["objects_space_id", "objects_total", "objects_properties"]
FILE_OPTIONS = ["file_path", "file_mb", "download_object_id"]
STREAM_OPTIONS = ["messages"]
# The packages the alternatives use (distribution names), installed when missing; their versions
# go into the results. (`sseclient-py`, not the older `sseclient`: both install a module `sseclient`.)
PACKAGES = ("httpx", "sniffio", "urllib3", "aiohttp", "httpx-sse", "sseclient-py")
VERSIONS = (
    "httpx", "httpcore", "anyio", "sniffio", "urllib3", "aiohttp", "multidict", "yarl", "httpx-sse", "sseclient-py",
)


def ensure_alternatives() -> Dict[str, str]:
    """Install httpx (and sniffio), urllib3, aiohttp and the SSE parsers httpx-sse and
    sseclient-py into this environment if missing; return the versions used.

    sniffio: httpcore 1.0.x imports it lazily on every lock it creates, and anyio >= 4.11 no longer
    pulls it in; without it each of those imports fails and searches sys.path again (encode/httpcore
    PR #1103), which made httpx.AsyncClient several times slower here. The alternatives are measured
    at their best, so sniffio is installed too (and aiohttp from its wheel, with its C HTTP parser).
    """
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> bool:
        try:
            version(name)
            return True
        except PackageNotFoundError:
            return False

    missing = [name for name in PACKAGES if not installed(name)]
    if missing:
        print(f"  installing {' '.join(missing)} into this environment", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)

    versions = {}
    for name in VERSIONS:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            pass
    return versions


def _files_plan(args: argparse.Namespace) -> List[tuple]:
    """The file scenarios the options allow: none without --file-path, no downloads without
    --download-object-id."""
    if not args.file_path:
        return []
    return [(s, impls) for s, impls in FILES_PLAN if args.download_object_id or not s.startswith("download_")]


def _plan(args: argparse.Namespace) -> List[tuple]:
    return (
        PLAN + (OBJECTS_PLAN if args.objects_space_id else []) + _files_plan(args)
        + (STREAM_PLAN if args.messages > 0 else [])
    )


def child(args: argparse.Namespace, scenario: str, impl: str) -> Dict[str, Any]:
    command = [sys.executable, os.path.abspath(__file__), "one", scenario, impl]
    passed = (
        PASSED_OPTIONS + (OBJECTS_OPTIONS if args.objects_space_id else [])
        + ([name for name in FILE_OPTIONS if getattr(args, name)] if args.file_path else [])
        + (STREAM_OPTIONS if args.messages > 0 else [])
    )
    for name in passed:
        command += ["--" + name.replace("_", "-"), str(getattr(args, name))]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{scenario} {impl} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def suite(args: argparse.Namespace) -> Dict[str, Any]:
    import anytype

    versions = ensure_alternatives()
    values: Dict[tuple, List[float]] = {}
    rss: Dict[tuple, List[float]] = {}
    growth: Dict[tuple, List[float]] = {}
    plan = _plan(args)
    for scenario, impls in plan:
        for run in range(args.runs):
            # Rotate which implementation goes first, so none always runs on a warmer machine.
            shift = run % len(impls)
            for impl in impls[shift:] + impls[:shift]:
                result = child(args, scenario, impl)
                print(
                    f"  python {scenario:<23} {impl:<11} run {run + 1}: {result['value']:.1f} {result['unit']}",
                    file=sys.stderr,
                )
                values.setdefault((scenario, impl), []).append(result["value"])
                # VmHWM where the run read it (the file and stream scenarios), else ru_maxrss.
                rss.setdefault((scenario, impl), []).append(result.get("vmhwm_kib", result["peak_rss_kib"]) / 1024.0)
                if scenario in GROWTH_SCENARIOS:
                    growth.setdefault((scenario, impl), []).append(
                        (result["vmhwm_kib"] - result["baseline_vmhwm_kib"]) / 1024.0
                    )
    params = {name: getattr(args, name) for name in PASSED_OPTIONS if name not in ("url", "space_id")}
    if args.objects_space_id:
        params.update(objects_total=args.objects_total, objects_properties=args.objects_properties)
    if _files_plan(args):
        params.update(file_mb=args.file_mb)
    if args.messages > 0:
        params.update(messages=args.messages)
    records = []
    for scenario, impls in plan:
        for impl in impls:
            label = LABELS[(scenario, impl)]
            base = {"language": "python", "impl": impl, "label": label}
            if impl in ALTERNATIVES:
                package = "httpx" if impl == "httpx" else impl
                used = [package] + ([EXTRA_PACKAGES[(scenario, impl)]] if (scenario, impl) in EXTRA_PACKAGES else [])
                used_versions = ", ".join(f"{name} {versions.get(name, '?')}" for name in used)
                base.update(
                    impl="alternative",
                    alternative=ALTERNATIVE_NAMES[(scenario, impl)],
                    label=f"{label} ({used_versions})",
                )
            runs = values[(scenario, impl)]
            records.append(
                {**base, "scenario": scenario, "unit": UNITS[scenario], "median": statistics.median(runs),
                 "runs": runs, "params": params}
            )
            if scenario in RSS_SCENARIOS:
                runs = rss[(scenario, impl)]
                records.append(
                    {**base, "scenario": f"peak_rss_{scenario}", "unit": "MiB", "median": statistics.median(runs),
                     "runs": runs, "params": params}
                )
            if scenario in GROWTH_SCENARIOS:
                runs = growth[(scenario, impl)]
                records.append(
                    {**base, "scenario": f"rss_growth_{scenario}", "unit": "MiB", "median": statistics.median(runs),
                     "runs": runs, "params": params}
                )
    return {"records": records, "versions": {"anytype": anytype.__version__, **versions}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["suite", "one"])
    parser.add_argument("scenario", nargs="?")
    parser.add_argument("impl", nargs="?")
    parser.add_argument("--url", default=os.environ.get("ANYTYPE_BENCH_URL"), required="ANYTYPE_BENCH_URL" not in os.environ)
    parser.add_argument("--space-id", default=os.environ.get("ANYTYPE_BENCH_SPACE_ID"), required="ANYTYPE_BENCH_SPACE_ID" not in os.environ)
    parser.add_argument("--total", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sequential", type=int, default=2_000)
    parser.add_argument("--concurrent", type=int, default=20_000)
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--page-size", type=int, default=1_000)
    parser.add_argument("--ffi-sync", type=int, default=500_000)
    parser.add_argument("--ffi-async", type=int, default=20_000)
    parser.add_argument("--objects-space-id", default=None)
    parser.add_argument("--objects-total", type=int, default=10_000)
    parser.add_argument("--objects-properties", type=int, default=10)
    parser.add_argument("--file-path", default="")
    parser.add_argument("--file-mb", type=int, default=0)
    parser.add_argument("--download-object-id", default="")
    parser.add_argument("--messages", type=int, default=0)
    args = parser.parse_args()
    if not os.environ.get("ANYTYPE_BENCH_KEY"):
        parser.error("set ANYTYPE_BENCH_KEY to the API key")
    if args.file_path and not args.file_mb:
        args.file_mb = os.path.getsize(args.file_path) >> 20
    if args.mode == "one":
        if args.scenario not in UNITS:
            parser.error(f"scenario must be one of {', '.join(UNITS)}")
        print(json.dumps(one(args)))
    else:
        print(json.dumps(suite(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
