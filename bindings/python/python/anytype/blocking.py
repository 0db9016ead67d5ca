"""Blocking twins of the asyncio API: same classes, same method names, no ``await``.

>>> from anytype import blocking, ClientConfig
>>> cfg = ClientConfig(base_url="http://127.0.0.1:31009")
>>> auth = blocking.Auth(cfg)
>>> # key = auth.create_api_key(auth.create_challenge("MyApp"), "1234")
>>> # client = blocking.AnytypeClient(key, cfg)
>>> # page = client.spaces().list(0, 10)

Records (``ClientConfig``, ``Space``, ...) and errors (``AnytypeError`` and its subclasses) are
the very same classes as in :mod:`anytype`. Each call runs on a private event loop thread and
waits for the result, so it works in scripts, in threads and inside notebooks that already run
an event loop. Ctrl-C while waiting cancels the request.
"""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Any, Coroutine, Iterator, List, Optional, TypeVar

from ._ffi import anytype_ffi as _ffi
from ._ffi.anytype_ffi import (
    AnytypeError,
    ClientConfig,
    CreateSpaceRequest,
    Icon,
    Pagination,
    Space,
    SpaceKind,
    SpacePage,
    UpdateSpaceRequest,
)

T = TypeVar("T")

_lock = threading.Lock()
_loop: Optional[asyncio.AbstractEventLoop] = None
_loop_pid: Optional[int] = None


def _event_loop() -> asyncio.AbstractEventLoop:
    """The loop thread that drives blocking calls (re-created in a forked child)."""
    global _loop, _loop_pid
    with _lock:
        if _loop is None or _loop_pid != os.getpid():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=loop.run_forever, name="anytype-blocking", daemon=True
            )
            thread.start()
            _loop, _loop_pid = loop, os.getpid()
        return _loop


def _run(coro: Coroutine[Any, Any, T]) -> T:
    future = asyncio.run_coroutine_threadsafe(coro, _event_loop())
    try:
        return future.result()
    except BaseException:
        # KeyboardInterrupt (or any other interruption): drop the request in Rust too.
        future.cancel()
        raise


class Auth:
    """Authentication: challenge, then the 4-digit code for an API key."""

    def __init__(self, config: Optional[ClientConfig] = None) -> None:
        self._inner = _ffi.Auth(config)

    def create_challenge(self, app_name: str) -> str:
        """Start a challenge for ``app_name``; the desktop app shows a 4-digit code."""
        return _run(self._inner.create_challenge(app_name))

    def create_api_key(self, challenge_id: str, code: str) -> str:
        """Exchange the challenge id and code for an API key (``AnytypeError.WrongCode`` if wrong)."""
        return _run(self._inner.create_api_key(challenge_id, code))

    def __repr__(self) -> str:
        return repr(self._inner)


class AnytypeClient:
    """An authenticated client; share one per server."""

    def __init__(self, api_key: str, config: Optional[ClientConfig] = None) -> None:
        self._inner = _ffi.AnytypeClient(api_key, config)

    def spaces(self) -> "Spaces":
        """Spaces: list, get, create, update."""
        return Spaces(self._inner.spaces())

    def __repr__(self) -> str:
        return repr(self._inner)


class Spaces:
    """The spaces of the authenticated user."""

    def __init__(self, inner: _ffi.Spaces) -> None:
        self._inner = inner

    def list(self, offset: int = 0, limit: int = 100) -> SpacePage:
        """One page: ``limit`` (1..=1000) spaces after skipping ``offset``."""
        return _run(self._inner.list(offset, limit))

    def list_all(self, page_size: int = 100) -> List[Space]:
        """Every space, fetched ``page_size`` at a time."""
        return _run(self._inner.list_all(page_size))

    def pager(self, page_size: int = 100) -> "SpacePager":
        """An iterator over pages of ``page_size`` spaces."""
        return SpacePager(self._inner.pager(page_size))

    def iter_all(self, page_size: int = 100) -> Iterator[Space]:
        """Yield every space, fetching a page at a time as you iterate."""
        for page in self.pager(page_size):
            yield from page.data

    def get(self, space_id: str) -> Space:
        """The space ``space_id`` (``AnytypeError.NotFound`` if there is none)."""
        return _run(self._inner.get(space_id))

    def create(self, request: CreateSpaceRequest) -> Space:
        """Create a space (never retried once it may have reached the server)."""
        return _run(self._inner.create(request))

    def update(self, space_id: str, request: UpdateSpaceRequest) -> Space:
        """Change a space's name and/or description."""
        return _run(self._inner.update(space_id, request))


class SpacePager:
    """Iterates over pages of spaces; the paging itself happens in Rust."""

    def __init__(self, inner: _ffi.SpacePager) -> None:
        self._inner = inner

    def next_page(self) -> Optional[SpacePage]:
        """The next page, or ``None`` after the last one."""
        return _run(self._inner.next_page())

    def __iter__(self) -> "SpacePager":
        return self

    def __next__(self) -> SpacePage:
        page = self.next_page()
        if page is None:
            raise StopIteration
        return page


__all__ = [
    "AnytypeClient",
    "AnytypeError",
    "Auth",
    "ClientConfig",
    "CreateSpaceRequest",
    "Icon",
    "Pagination",
    "Space",
    "SpaceKind",
    "SpacePage",
    "SpacePager",
    "Spaces",
    "UpdateSpaceRequest",
]
