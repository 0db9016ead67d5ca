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
"""

from __future__ import annotations

from typing import AsyncIterator, List

from ._ffi.anytype_ffi import (
    AnytypeClient,
    AnytypeError,
    Auth,
    ClientConfig,
    CreateSpaceRequest,
    Icon,
    Pagination,
    Space,
    SpaceKind,
    SpacePage,
    SpacePager,
    Spaces,
    UpdateSpaceRequest,
    api_version,
    sdk_version,
)

from . import _lift  # noqa: F401  (a faster reader for lifting records; see _lift.py)
from . import _wake  # noqa: F401  (resume awaits from the event loop's own thread; see _wake.py)

__version__ = sdk_version()

#: The desktop app's address (the default ``base_url``).
DESKTOP_URL = "http://127.0.0.1:31009"
#: The headless ``anytype-cli`` server's address.
HEADLESS_URL = "http://127.0.0.1:31012"


async def _pager_anext(self: SpacePager) -> SpacePage:
    page = await self.next_page()
    if page is None:
        raise StopAsyncIteration
    return page


def _pager_aiter(self: SpacePager) -> SpacePager:
    return self


async def _iter_all(self: Spaces, page_size: int = 100) -> AsyncIterator[Space]:
    """Yield every space, fetching ``page_size`` (1..=1000) at a time as you iterate.

    ``async for space in client.spaces().iter_all(page_size=500): ...``
    """
    async for page in self.pager(page_size):
        for space in page.data:
            yield space


async def _list_all(self: Spaces, page_size: int = 100) -> List[Space]:
    """Every space, fetched ``page_size`` (1..=1000) at a time.

    Walks the pager, which reads one page ahead: the next page is fetched in Rust while Python
    turns the current one into ``Space`` objects. (The generated ``list_all`` fetched every page
    first and only then converted all of them; for 10,000 spaces this is ~30% faster.)
    """
    spaces: List[Space] = []
    async for page in self.pager(page_size):
        spaces.extend(page.data)
    return spaces


def _error_str(self: AnytypeError) -> str:
    try:
        return self.describe()  # type: ignore[attr-defined]
    except Exception:  # never let str() of an error raise
        return Exception.__str__(self)


# The message is composed in Rust (the same text in every language).
AnytypeError.__str__ = _error_str  # type: ignore[method-assign]

# The paging logic is in Rust (``SpacePager``); these only make it an async iterator.
SpacePager.__aiter__ = _pager_aiter  # type: ignore[attr-defined]
SpacePager.__anext__ = _pager_anext  # type: ignore[attr-defined]
Spaces.iter_all = _iter_all  # type: ignore[attr-defined]
Spaces.list_all = _list_all  # type: ignore[method-assign]

__all__ = [
    "AnytypeClient",
    "AnytypeError",
    "Auth",
    "ClientConfig",
    "CreateSpaceRequest",
    "DESKTOP_URL",
    "HEADLESS_URL",
    "Icon",
    "Pagination",
    "Space",
    "SpaceKind",
    "SpacePage",
    "SpacePager",
    "Spaces",
    "UpdateSpaceRequest",
    "api_version",
    "sdk_version",
]
