"""Resume awaiting coroutines from the event loop's own thread (POSIX).

UniFFI's generated code resumes an ``await`` through a ``ctypes`` callback that the Rust future
calls from whichever thread completes it: a Tokio worker. That worker then has to create a CPython
thread state and wait for the GIL on every completion, which is slow under load and fatal while
the interpreter shuts down (CPython ends such a thread with a forced unwind that cannot cross Rust
frames, so the process aborts).

This module replaces the generated ``_uniffi_rust_call_async`` with one that hands the Rust future
a continuation implemented in Rust (``anytype_ffi_wake_pipe``) and a token naming a pipe owned by
the awaiting event loop. Completing a call writes a 9-byte record to that pipe; the loop reads the
pipe with ``add_reader`` and resolves its own futures. No Rust thread ever enters Python.

Event loops without ``add_reader`` (Windows' proactor loop) and non-POSIX systems keep UniFFI's
own path. See ``bindings/src/wake.rs`` for the Rust half.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import os
import struct
import threading
import weakref
from typing import Any, Dict, List, Optional

from ._ffi import anytype_ffi as _ffi

_ID_BITS = 40  # bindings/src/wake.rs: ID_BITS
_ID_MASK = (1 << _ID_BITS) - 1
_RECORD = struct.Struct("<Qb")  # bindings/src/wake.rs: RECORD_LEN = 9
_READ_SIZE = _RECORD.size * 4096
_OVERFLOW_BATCH = 1024
_PIPE_SIZE = 1 << 20  # ask for a 1 MiB pipe (F_SETPIPE_SZ); 64 KiB otherwise
_READY = 0  # _UNIFFI_RUST_FUTURE_POLL_READY

# One counter for every loop of the process: a token is never reused, even when a closed pipe's
# descriptor number comes back for a new loop.
_ids = itertools.count(1)


class _LoopWaker:
    """The pipe of one event loop and the futures waiting for records on it."""

    __slots__ = ("read_fd", "write_fd", "base", "waiting", "pending", "overflow", "full_at", "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        read_fd, write_fd = os.pipe()
        if write_fd >> (64 - _ID_BITS):
            os.close(read_fd)
            os.close(write_fd)
            raise OSError("descriptor number too large for a wake token")
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        # A drain that reads this many bytes found the pipe (nearly) full, so a writer may have
        # put records into the overflow list; 0 (size unknown): look there after every drain.
        self.full_at = 0
        if hasattr(_fcntl, "F_SETPIPE_SZ") and hasattr(_fcntl, "F_GETPIPE_SZ"):
            try:
                _fcntl.fcntl(write_fd, _fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
            except OSError:
                pass  # above /proc/sys/fs/pipe-max-size: the default size works too (overflow)
            try:
                self.full_at = _fcntl.fcntl(write_fd, _fcntl.F_GETPIPE_SZ) - _RECORD.size
            except OSError:
                pass
        self.read_fd = read_fd
        self.write_fd = write_fd
        self.base = write_fd << _ID_BITS
        self.waiting: Dict[int, asyncio.Future] = {}
        self.pending = b""
        self.overflow = ctypes.create_string_buffer(_OVERFLOW_BATCH * _RECORD.size)
        try:
            loop.add_reader(read_fd, self.drain)
        except BaseException:
            self.close()
            raise

    def token(self, future: asyncio.Future) -> int:
        token = self.base | (next(_ids) & _ID_MASK)
        self.waiting[token] = future
        return token

    def _records(self, overflow: bool = False) -> List[Any]:
        """What the pipe holds now, and the overflow when it may hold something (or `overflow`),
        as (token, poll code) pairs."""
        data = self.pending
        while True:
            try:
                chunk = os.read(self.read_fd, _READ_SIZE)
            except (BlockingIOError, InterruptedError):
                break
            if not chunk:
                break
            data += chunk
            if len(chunk) < _READ_SIZE:
                break
        read = len(data) - len(self.pending)
        whole = len(data) - len(data) % _RECORD.size
        self.pending = data[whole:]
        records = list(_RECORD.iter_unpack(data[:whole])) if whole else []
        # Records that found the pipe full (bindings/src/wake.rs). The writer puts them into the
        # overflow list, then writes a marker (token 0); if the marker doesn't fit either, the pipe
        # is full, and the drain that empties it reads at least `full_at` bytes.
        if overflow or read >= self.full_at or any(token == 0 for token, _code in records):
            while True:
                n = _take_overflow(self.write_fd, self.overflow, _OVERFLOW_BATCH)
                if n:
                    records.extend(_RECORD.iter_unpack(self.overflow.raw[: n * _RECORD.size]))
                if n < _OVERFLOW_BATCH:
                    break
        return records

    def drain(self) -> None:
        waiting = self.waiting
        for token, code in self._records():
            future = waiting.pop(token, None)
            if future is not None and not future.cancelled():
                future.set_result(code)

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass

    def settled(self) -> bool:
        """Read what has arrived, without a loop; True when no token is still out."""
        for token, _code in self._records(overflow=True):
            self.waiting.pop(token, None)
        return not self.waiting

    def retire(self) -> None:
        """The loop is gone: close the pipe once every token it handed out has come back."""
        if self.settled():
            self.close()
        else:
            with _lock:
                _orphans.add(self)


def _sweep_orphans() -> None:
    """Close pipes of dead loops whose last records have arrived (called with ``_lock`` held)."""
    for waker in [waker for waker in _orphans if waker.settled()]:
        _orphans.discard(waker)
        waker.close()


_lock = threading.Lock()
_wakers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Optional[_LoopWaker]]" = weakref.WeakKeyDictionary()
_orphans: "set[_LoopWaker]" = set()


def _waker(loop: asyncio.AbstractEventLoop) -> Optional[_LoopWaker]:
    """The loop's waker, made on first use; None when the loop can't have one."""
    try:
        return _wakers[loop]
    except KeyError:
        pass
    except TypeError:  # a loop that can't be weakly referenced
        return None
    with _lock:
        if loop in _wakers:
            return _wakers[loop]
        _sweep_orphans()
        try:
            waker: Optional[_LoopWaker] = _LoopWaker(loop)
        except (NotImplementedError, OSError, RuntimeError):
            waker = None  # no add_reader (proactor loop) or no pipe: UniFFI's own path
        _wakers[loop] = waker
        if waker is not None:
            weakref.finalize(loop, waker.retire)
        return waker


async def _rust_call_async(rust_future, ffi_poll, ffi_complete, ffi_free, lift_func, error_ffi_converter):  # type: ignore[no-untyped-def]
    """Drop-in for the generated ``_uniffi_rust_call_async`` (same arguments, same result)."""
    waker = None
    # uniffi_set_event_loop() (a loop awaited from other threads) keeps UniFFI's own path.
    if _ffi._UNIFFI_GLOBAL_EVENT_LOOP is None:
        loop = asyncio.get_running_loop()
        waker = _waker(loop)
    if waker is None:
        return await _generated_call_async(rust_future, ffi_poll, ffi_complete, ffi_free, lift_func, error_ffi_converter)
    try:
        woken = False
        while True:
            future = loop.create_future()
            ffi_poll(rust_future, _wake_pipe, waker.token(future))
            if woken:
                # Polled again after a wake-up: the future is usually ready now, and its READY
                # record was written during ffi_poll. Read it here instead of waiting a turn of
                # the loop for it.
                waker.drain()
            code = future.result() if future.done() else await future
            if code == _READY:
                break
            woken = True
        return lift_func(_ffi._uniffi_rust_call_with_error(error_ffi_converter, ffi_complete, rust_future))
    finally:
        ffi_free(rust_future)


def _after_fork_in_child() -> None:
    # The child's loops (if any survive a fork at all) must not share pipes with the parent's.
    global _lock, _wakers, _orphans
    _lock = threading.Lock()
    _wakers = weakref.WeakKeyDictionary()
    _orphans = set()


_generated_call_async = _ffi._uniffi_rust_call_async
_enabled = False
if os.name == "posix":
    try:
        import fcntl as _fcntl

        _lib = _ffi._UniffiLib
        _wake_pipe = _ffi._UNIFFI_RUST_FUTURE_CONTINUATION_CALLBACK(
            ctypes.cast(_lib.anytype_ffi_wake_pipe, ctypes.c_void_p).value
        )
        _take_overflow = _lib.anytype_ffi_wake_overflow_take
        _take_overflow.argtypes = (ctypes.c_int32, ctypes.c_char_p, ctypes.c_size_t)
        _take_overflow.restype = ctypes.c_size_t
    except (AttributeError, ImportError):  # a library without the wake exports
        pass
    else:
        _ffi._uniffi_rust_call_async = _rust_call_async
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _enabled = True


def enabled() -> bool:
    """Whether async calls resume through the loop's pipe (True on POSIX)."""
    return _enabled
