"""The whole flow, asyncio and blocking, against the sandbox."""

from __future__ import annotations

import pytest

import anytype
from anytype import blocking


async def test_quickstart_flow(sandbox, config):
    # The README quickstart, verbatim apart from the URL.
    cfg = anytype.ClientConfig(base_url=sandbox.url)
    auth = anytype.Auth(cfg)
    key = await auth.create_api_key(await auth.create_challenge("MyApp"), "1234")
    client = anytype.AnytypeClient(key, cfg)
    page = await client.spaces().list(0, 10)
    assert [s.name for s in page.data] == ["Personal", "Work", "Reading list"]
    assert page.pagination.has_more is False
    assert page.pagination.total == 3


async def test_list_get_create_update(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    spaces = client.spaces()

    first = await spaces.list(0, 2)
    assert len(first.data) == 2
    assert first.pagination == anytype.Pagination(total=3, offset=0, limit=2, has_more=True)
    assert first.data[0].kind == anytype.SpaceKind.SPACE()
    assert first.data[0].icon == anytype.Icon.EMOJI(emoji="🏠")

    created = await spaces.create(anytype.CreateSpaceRequest(name="Research", description="papers"))
    assert created.name == "Research"
    assert created.description == "papers"
    assert await spaces.get(created.id) == created

    updated = await spaces.update(created.id, anytype.UpdateSpaceRequest(name="Research 2"))
    assert updated.name == "Research 2"
    assert updated.description == "papers"
    assert (await spaces.get(created.id)).name == "Research 2"

    everything = await spaces.list_all(2)
    assert [s.id for s in everything][-1] == created.id
    assert len(everything) == 4


async def test_async_iteration_walks_every_page(sandbox, config):
    sandbox.admin("POST", "/_sandbox/spaces?count=247")
    client = anytype.AnytypeClient(sandbox.key(), config)
    names = [space.name async for space in client.spaces().iter_all(page_size=100)]
    assert len(names) == 250
    assert len(set(names)) == 250
    assert sandbox.count("GET", "/v1/spaces") == 3
    pages = [page async for page in client.spaces().pager(120)]
    assert [len(p.data) for p in pages] == [120, 120, 10]


def test_blocking_flow(sandbox, config):
    auth = blocking.Auth(config)
    key = auth.create_api_key(auth.create_challenge("MyApp"), "1234")
    client = blocking.AnytypeClient(key, config)
    page = client.spaces().list(0, 10)
    assert isinstance(page, anytype.SpacePage)  # the same record classes
    assert page.pagination.total == 3
    created = client.spaces().create(anytype.CreateSpaceRequest(name="Blocking"))
    assert client.spaces().get(created.id).name == "Blocking"
    renamed = client.spaces().update(created.id, anytype.UpdateSpaceRequest(description="sync"))
    assert renamed.description == "sync"
    assert len(client.spaces().list_all()) == 4
    assert [s.id for s in client.spaces().iter_all(page_size=1)][-1] == created.id


def test_blocking_inside_a_running_loop(sandbox, config):
    """A notebook already runs an event loop: a blocking call there would freeze it, so it
    raises at once, sends nothing, and says to await the asyncio API; handles are still made."""
    import asyncio

    client = blocking.AnytypeClient(sandbox.key(), config)

    async def inside():
        spaces = client.spaces()  # a handle: nothing waits
        with pytest.raises(RuntimeError, match=r"blocking\.Spaces\.list\(\).*event loop.*`await`"):
            spaces.list(0, 1)
        pager = spaces.pager(1)  # made at once; fetching a page would wait
        with pytest.raises(RuntimeError, match="event loop"):
            next(iter(pager))
        return (await anytype.AnytypeClient(sandbox.key(), config).spaces().list(0, 1)).data

    before = sandbox.count("GET", "/v1/spaces")
    assert len(asyncio.run(inside())) == 1
    assert sandbox.count("GET", "/v1/spaces") == before + 1  # only the awaited call was sent
    assert len(client.spaces().list(0, 1).data) == 1  # outside a loop it blocks as before


def test_versions():
    assert anytype.api_version() == "2025-11-08"
    assert anytype.__version__ == anytype.sdk_version()


async def test_list_all_walks_the_read_ahead_pager(sandbox, config):
    sandbox.admin("POST", "/_sandbox/spaces?count=2497")
    client = anytype.AnytypeClient(sandbox.key(), config)
    spaces = client.spaces()
    page_ids = [s.id async for s in spaces.iter_all(page_size=1000)]
    assert len(page_ids) == 2500 and len(set(page_ids)) == 2500
    before = sandbox.count("GET", "/v1/spaces")
    assert [s.id for s in await spaces.list_all(1000)] == page_ids
    # 1000 + 1000 + 500: the last page says has_more = false, so nothing is read ahead after it.
    assert sandbox.count("GET", "/v1/spaces") == before + 3
    with pytest.raises(anytype.AnytypeError.InvalidInput):
        await spaces.list_all(0)
    assert sandbox.count("GET", "/v1/spaces") == before + 3
