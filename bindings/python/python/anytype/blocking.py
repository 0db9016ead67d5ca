"""The blocking API: the same classes and method names as :mod:`anytype`, without ``await``.

>>> from anytype import blocking, ClientConfig
>>> cfg = ClientConfig(base_url="http://127.0.0.1:31009")
>>> auth = blocking.Auth(cfg)
>>> # key = auth.create_api_key(auth.create_challenge("MyApp"), "1234")
>>> # client = blocking.AnytypeClient(key, cfg)
>>> # page = client.spaces().list(0, 10)

Each class here is the blocking twin that the Rust core generates from the same declaration as
its async original (``blocking.Spaces`` is ``anytype.BlockingSpaces``): a call goes straight into
Rust, which runs it on the SDK's one Tokio runtime and parks the calling thread until the answer
is there. The GIL is released while Rust waits, so other Python threads keep running. There is no
Python event loop in between. Records (``ClientConfig``, ``Space``, ...) and errors
(``AnytypeError`` and its subclasses) are the very same classes as in :mod:`anytype`: import them
from there.

**Ctrl-C** while a call waits takes effect when the call returns: Python handles the signal as
soon as Rust hands control back, which is at the latest when the request times out
(``ClientConfig.request_timeout``, 30 s by default, per attempt). Use the asyncio API where a
call must be cancellable at once.

A blocking call made from inside a running event loop (a notebook cell, a coroutine) would freeze
that loop: it raises ``RuntimeError`` instead, before sending anything; ``await`` the
:mod:`anytype` API there.
"""

from __future__ import annotations

from typing import Any, List

from ._ffi import anytype_ffi as _generated
from ._ffi.anytype_ffi import BlockingAnytypeClient as AnytypeClient
from ._ffi.anytype_ffi import BlockingAuth as Auth

from . import BLOCKING_PREFIX as _PREFIX

# Every blocking twin under its plain name (`Spaces`, `SpacePager`, ...), and every record, enum
# and error of the generated API, all straight from the generated module: nothing here lists
# them by hand. (`Auth` and `AnytypeClient` are imported by name above so type checkers see the
# two entry points; everything else is reached through their typed return values.)
_names = {
    name[len(_PREFIX):]: getattr(_generated, name)
    for name in _generated.__all__
    if name.startswith(_PREFIX) and not name.endswith("Protocol")
}
_twinned = {f"{_PREFIX}{name}" for name in _names} | set(_names)
_names.update(
    {
        name: getattr(_generated, name)
        for name in _generated.__all__
        if name not in _twinned and not name.endswith("Protocol")
    }
)
globals().update(_names)

__all__: List[str] = sorted(_names)


def __getattr__(name: str) -> Any:  # for type checkers: the names above are set dynamically
    raise AttributeError(f"module 'anytype.blocking' has no attribute {name!r}")
