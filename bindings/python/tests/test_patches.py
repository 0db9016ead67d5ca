"""The Python package replaces three pieces of UniFFI's generated code (``_wake.py`` and
``_lift.py``). A UniFFI upgrade that changes what they replace must fail here, naming the patch,
instead of silently running with a patch written for other code."""

from __future__ import annotations

import hashlib
import inspect

import pytest

from anytype import _lift, _wake

# (patch, the generated code it replaces, its source, the SHA-256 it was written against)
PATCHED = [
    (
        "_wake.py (async calls resume through the event loop's pipe)",
        "_uniffi_rust_call_async",
        lambda: _wake._generated_call_async,
        "1fa6d2e8b917543dc5c99228f82669b57b387012de1c514b5b5294d58f906fbd",
    ),
    (
        "_lift.py (records are lifted from one bytes copy)",
        "_UniffiRustBufferStream",
        lambda: _lift._Generated,
        "8681f7ef6952de6ba3d583861a54410f724a620850d06b66d4c0198c562027dd",
    ),
    (
        "_lift.py (the fused string reader)",
        "_UniffiFfiConverterString.read",
        lambda: _lift._generated_read_string,
        "738e93dbbde8c789a5c7b5ad9157bcaf6d448cbb0b88e75656aa5e722faab103",
    ),
]


@pytest.mark.parametrize("patch, template, source, pinned", PATCHED, ids=[p[1] for p in PATCHED])
def test_the_generated_code_a_patch_replaces_is_unchanged(patch, template, source, pinned):
    actual = hashlib.sha256(inspect.getsource(source()).encode()).hexdigest()
    assert actual == pinned, (
        f"patch {patch}: UniFFI's generated {template} changed (sha256 {actual}, the patch was "
        f"written for {pinned}). Re-check the patch against the new template, then update the "
        "pinned hash in tests/test_patches.py."
    )


def test_the_patches_are_in_place():
    from anytype._ffi import anytype_ffi

    assert anytype_ffi._UniffiRustBufferStream is _lift._BytesStream
    if _wake.enabled():
        assert anytype_ffi._uniffi_rust_call_async is _wake._rust_call_async
