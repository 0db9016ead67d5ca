"""Async calls resume through the event loop's own pipe (anytype/_wake.py): no Rust thread enters
Python, so a process can exit with calls in flight, loops come and go without leaking descriptors,
and a full pipe loses nothing."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import textwrap

import pytest

import anytype
from anytype import _wake
from anytype._ffi.anytype_ffi import noop_async

posix_only = pytest.mark.skipif(os.name != "posix", reason="the pipe path is POSIX-only")

EXIT_WITH_CALLS_IN_FLIGHT = textwrap.dedent(
    """
    import asyncio, sys, threading, time
    import anytype

    client = anytype.AnytypeClient(sys.argv[2], anytype.ClientConfig(base_url=sys.argv[1]))

    async def forever():
        while True:
            await client.spaces().list(0, 1)

    async def main():
        await asyncio.gather(*[forever() for _ in range(64)])

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    time.sleep(0.3)
    print("exiting with calls in flight", flush=True)
    """
)


@posix_only
def test_the_pipe_path_is_on():
    assert _wake.enabled()


@posix_only
def test_exiting_with_calls_in_flight_does_not_abort(sandbox):
    # Before the pipe path, Tokio workers resumed Python futures themselves; when one did so
    # while the interpreter was shutting down, CPython ended the thread with a forced unwind and
    # the process aborted ("FATAL: exception not rethrown") in about half of these runs.
    key = sandbox.key()
    for run in range(6):
        done = subprocess.run(
            [sys.executable, "-c", EXIT_WITH_CALLS_IN_FLIGHT, sandbox.url, key],
            capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, f"run {run}: exit {done.returncode}: {done.stderr[-2000:]}"
        assert "exiting with calls in flight" in done.stdout


@posix_only
def test_a_full_pipe_loses_no_wake_up(monkeypatch):
    # The smallest pipe the kernel allows (one page: 455 records), then far more completions
    # than it holds before the loop reads any: the rest go through the Rust overflow list.
    monkeypatch.setattr(_wake, "_PIPE_SIZE", 4096)

    async def main() -> int:
        loop = asyncio.get_running_loop()
        calls = [noop_async() for _ in range(5000)]
        results = await asyncio.wait_for(asyncio.gather(*calls), timeout=60)
        waker = _wake._waker(loop)
        assert waker is not None and not waker.waiting
        return len(results)

    assert asyncio.run(main()) == 5000


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_event_loops_come_and_go_without_leaking_descriptors():
    async def one_call() -> None:
        await noop_async()

    asyncio.run(one_call())
    gc.collect()
    before = _open_descriptors()
    for _ in range(300):
        asyncio.run(one_call())
    gc.collect()
    # Each loop had a pipe (2 descriptors): 300 leaked loops would be 600 more.
    assert _open_descriptors() <= before + 4


@posix_only
async def test_a_cancelled_call_leaves_nothing_waiting(sandbox, config):
    sandbox.fault({"method": "GET", "path": "/v1/spaces", "times": None, "fault": {"kind": "hang"}})
    client = anytype.AnytypeClient(sandbox.key(), config)
    task = asyncio.create_task(client.spaces().list(0, 10))
    await asyncio.sleep(0.2)
    waker = _wake._waker(asyncio.get_running_loop())
    assert waker is not None and len(waker.waiting) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # Freeing the Rust future sends its last record; the loop reads it on its next turn.
    for _ in range(100):
        if not waker.waiting:
            break
        await asyncio.sleep(0.01)
    assert not waker.waiting
