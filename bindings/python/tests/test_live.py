"""The live tier: the README quickstart flow against a real Anytype server.

Runs only when ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY are set (scripts/live.sh sets them); the
challenge flow also needs ANYTYPE_LIVE_CODES, a file with one line "CODE APP_NAME" per challenge.
It writes only inside the space "anytype-sdk live tests" (found, or created once, and reused).
"""

from __future__ import annotations

import os
import pathlib
import time

import pytest

import anytype

URL = os.environ.get("ANYTYPE_LIVE_URL", "").strip()
KEY = os.environ.get("ANYTYPE_LIVE_KEY", "").strip()
CODES = os.environ.get("ANYTYPE_LIVE_CODES", "").strip()
TEST_SPACE = "anytype-sdk live tests"
TEST_SPACE_DESCRIPTION = (
    "Made by the anytype-sdk live tests (scripts/live.sh). They write only inside this space "
    "and reuse it on every run."
)

pytestmark = pytest.mark.skipif(
    not (URL and KEY), reason="no real server configured (set ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY)"
)


def config() -> anytype.ClientConfig:
    return anytype.ClientConfig(base_url=URL, limit_writes=True)


def wait_for_code(since: int, app_name: str, timeout: float = 15.0) -> str:
    """The code of the challenge for `app_name`: a new line of the codes file."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(CODES, "rb") as f:
            f.seek(since)
            for line in f.read().decode(errors="replace").splitlines():
                code, _, name = line.strip().partition(" ")
                if name == app_name:
                    return code
        time.sleep(0.1)
    raise AssertionError(f"no code for {app_name!r} appeared in {CODES}")


async def find_or_create_test_space(client: anytype.AnytypeClient) -> anytype.Space:
    spaces = client.spaces()
    for space in await spaces.list_all(1000):
        if space.name == TEST_SPACE:
            return space
    return await spaces.create(anytype.CreateSpaceRequest(name=TEST_SPACE, description=TEST_SPACE_DESCRIPTION))


@pytest.mark.skipif(not CODES or not pathlib.Path(CODES).exists(), reason="no codes file (ANYTYPE_LIVE_CODES)")
async def test_live_quickstart_flow():
    # The README quickstart: challenge -> the code the app shows -> key -> client -> spaces.
    cfg = config()
    auth = anytype.Auth(cfg)
    app_name = f"anytype-sdk-test-python-{os.getpid()}-{int(time.time() * 1000)}"
    since = pathlib.Path(CODES).stat().st_size
    challenge = await auth.create_challenge(app_name)
    key = await auth.create_api_key(challenge, wait_for_code(since, app_name))
    assert isinstance(key, str) and key
    client = anytype.AnytypeClient(key, cfg)
    page = await client.spaces().list(0, 10)
    assert len(page.data) <= 10
    assert page.pagination.total >= len(page.data)
    assert key not in repr(client)


async def test_live_test_space_is_found_or_created_and_got():
    client = anytype.AnytypeClient(KEY, config())
    space = await find_or_create_test_space(client)
    assert space.name == TEST_SPACE
    got = await client.spaces().get(space.id)
    assert got.id == space.id
    assert got.name == TEST_SPACE
    assert got.kind == anytype.SpaceKind.SPACE()
    listed = [s for s in await client.spaces().list_all(100) if s.name == TEST_SPACE]
    assert [s.id for s in listed] == [space.id], "one test space, reused across runs"


async def test_live_errors_map_to_exceptions():
    client = anytype.AnytypeClient(KEY, config())
    with pytest.raises(anytype.AnytypeError.NotFound):
        await client.spaces().get("bafyreinotaspace.123")
    stranger = anytype.AnytypeClient("not-a-real-key", config())
    with pytest.raises(anytype.AnytypeError.Unauthorized):
        await stranger.spaces().list(0, 1)


async def eventually(what: str, read, timeout: float = 15.0):
    """Retry ``read`` until it returns something truthy: the real server is eventually consistent."""
    import asyncio

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = await read()
        except anytype.AnytypeError.Api as e:
            if e.status != 400:
                raise
            value = None  # a 400: a property made a moment ago is unknown for a moment
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not there after {timeout} s"
        await asyncio.sleep(0.5)


async def test_live_search_nested_filter_and_a_view():
    # A nested filter whose multi-select part the real server can't evaluate (the SDK does), a
    # sort, and a collection's view, in the test space.
    from anytype import desc, where

    client = anytype.AnytypeClient(KEY, config())
    space = (await find_or_create_test_space(client)).id
    run = f"py{os.getpid()}x{int(time.time() * 1000)}"
    tag_property = await client.properties(space).create(anytype.CreatePropertyRequest(
        name=f"SDK py tags {run}", format=anytype.PropertyFormat.MULTI_SELECT(), key=f"sdk_py_tags_{run}",
        tags=[anytype.CreateTagRequest(name=n, color=anytype.Color.RED()) for n in ("a", "b", "c")],
    ))
    async def all_tags():
        tags = await client.tags(space, tag_property.id).list_all(100)
        return tags if len(tags) == 3 else None

    tags = await eventually("the tags", all_tags)
    ids = {t.name: t.id for t in tags}
    made = {"one a": ["a"], "two b c": ["b", "c"], "three c": ["c"], "four none": []}
    objects = {}
    for name, names in made.items():
        request = anytype.CreateObjectRequest(
            type_key="page", name=f"{name} {run}",
            properties=[anytype.PropertyInput.MULTI_SELECT(key=tag_property.key, tags=[ids[n] for n in names])] if names else [],
        )
        objects[name] = await eventually("the create", lambda r=request: client.objects(space).create(r))
    expected = {f"{n} {run}" for n, t in made.items() if ("a" in t or "b" in t) or n.startswith("four")}
    request = anytype.SearchRequest(
        query=run, types=["page"],
        filter=where.multi_select(tag_property.key).any_of(ids["a"], ids["b"]) | where.multi_select(tag_property.key).is_empty(),
        sort=desc("name"),
    )

    async def found():
        names = [o.name for o in await client.objects(space).search_all(request)]
        return names if set(names) == expected else None

    names = await eventually("the search", found)
    assert names == sorted(expected, key=str.lower, reverse=True)

    collection = await client.objects(space).create(anytype.CreateObjectRequest(type_key="collection", name=f"SDK py list {run}"))
    lists = client.lists(space)
    await lists.add_objects(collection.id, [objects["one a"].id, objects["three c"].id])
    views = await eventually("the views", lambda: lists.all_views(collection.id))

    async def in_view():
        got = {o.id for o in await lists.all_objects(collection.id, views[0].id)}
        return got if got == {objects["one a"].id, objects["three c"].id} else None

    await eventually("the view's objects", in_view)
