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
