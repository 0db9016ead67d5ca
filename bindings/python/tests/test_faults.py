"""The main faults from Python: 429 then success, 500 on create not retried, bad bodies,
cancellation, concurrency, fork."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

import anytype
from anytype import blocking


def _fault(method: str, path: str, fault: dict, times: int | None = 1) -> dict:
    return {"method": method, "path": path, "times": times, "fault": fault}


async def test_rate_limited_create_is_retried_after_the_reset(sandbox, config):
    sandbox.fault(_fault("POST", "/v1/spaces", {"kind": "rate_limit", "reset_seconds": 0.2}))
    client = anytype.AnytypeClient(sandbox.key(), config)
    space = await client.spaces().create(anytype.CreateSpaceRequest(name="After 429"))
    assert space.name == "After 429"
    assert sandbox.count("POST", "/v1/spaces") == 2


async def test_long_rate_limit_raises_with_the_wait(sandbox, config):
    sandbox.fault(_fault("POST", "/v1/spaces", {"kind": "rate_limit", "reset_seconds": 60}, None))
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.RateLimited) as caught:
        await client.spaces().create(anytype.CreateSpaceRequest(name="x"))
    assert caught.value.retry_after.total_seconds() == 60


async def test_create_answered_500_is_sent_once(sandbox, config):
    sandbox.fault(
        _fault("POST", "/v1/spaces", {"kind": "status", "status": 500, "after_handler": True})
    )
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.Api) as caught:
        await client.spaces().create(anytype.CreateSpaceRequest(name="Once"))
    assert caught.value.status == 500
    assert sandbox.count("POST", "/v1/spaces") == 1
    names = [s.name for s in await client.spaces().list_all()]
    assert names.count("Once") == 1


async def test_get_is_retried_after_503(sandbox, config):
    sandbox.fault(_fault("GET", "/v1/spaces", {"kind": "status", "status": 503}, 2))
    client = anytype.AnytypeClient(sandbox.key(), config)
    page = await client.spaces().list(0, 10)
    assert len(page.data) == 3
    assert sandbox.count("GET", "/v1/spaces") == 3


@pytest.mark.parametrize("kind", ["malformed_json", "truncated_json", "non_json"])
async def test_bad_bodies_are_decode_errors(sandbox, config, kind):
    sandbox.fault(_fault("GET", "/v1/spaces", {"kind": kind}))
    client = anytype.AnytypeClient(sandbox.key(), config)
    with pytest.raises(anytype.AnytypeError.Decode) as caught:
        await client.spaces().list(0, 10)
    assert caught.value.status == 200
    assert 0 < len(caught.value.snippet) <= 256


async def test_cancelling_the_task_drops_the_request(sandbox, config):
    sandbox.fault(_fault("GET", "/v1/spaces", {"kind": "hang"}, None))
    client = anytype.AnytypeClient(sandbox.key(), config)
    task = asyncio.create_task(client.spaces().list(0, 1))
    deadline = time.monotonic() + 5
    while sandbox.admin("GET", "/_sandbox/stats")["in_flight"] == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert sandbox.admin("GET", "/_sandbox/stats")["in_flight"] == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    while sandbox.admin("GET", "/_sandbox/stats")["in_flight"] > 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert sandbox.admin("GET", "/_sandbox/stats")["in_flight"] == 0


async def test_event_loop_stays_free_during_a_slow_call(sandbox, config):
    sandbox.fault(_fault("GET", "/v1/spaces", {"kind": "latency", "ms": 500}))
    client = anytype.AnytypeClient(sandbox.key(), config)
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    await client.spaces().list(0, 1)
    ticking.cancel()
    assert ticks >= 20, f"the loop ran only {ticks} ticks during a 500 ms call"


async def test_a_thousand_concurrent_calls(sandbox, config):
    client = anytype.AnytypeClient(sandbox.key(), config)
    space_id = (await client.spaces().list(0, 1)).data[0].id
    spaces = await asyncio.gather(*(client.spaces().get(space_id) for _ in range(1000)))
    assert {s.id for s in spaces} == {space_id}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_can_use_a_client(sandbox, config):
    client = blocking.AnytypeClient(sandbox.key(), config)
    assert client.spaces().list(0, 1).pagination.total == 3  # runtime and loop exist in the parent
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            total = blocking.AnytypeClient(sandbox.key(), config).spaces().list(0, 1).pagination.total
            os.write(write_fd, str(total).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    _, status = os.waitpid(pid, 0)
    answer = os.read(read_fd, 100).decode()
    assert status == 0
    assert answer == "3"


async def test_a_rust_panic_never_brings_python_down(sandbox, config):
    from anytype._ffi import anytype_ffi

    with pytest.raises(anytype_ffi.InternalError):
        anytype_ffi.panic_for_testing()
    with pytest.raises(anytype.AnytypeError.Internal):
        await anytype_ffi.panic_for_testing_async()
    # The shared runtime survived both and still serves calls.
    client = anytype.AnytypeClient(sandbox.key(), config)
    assert (await client.spaces().list(0, 1)).pagination.total == 3
