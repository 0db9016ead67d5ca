"""Records lifted through anytype/_lift.py's reader match what the server sent."""

from __future__ import annotations

import ctypes
import json
import urllib.request

import pytest

import anytype
from anytype import _lift
from anytype._ffi import anytype_ffi as _ffi


async def test_lifted_spaces_match_the_servers_json(sandbox, config):
    sandbox.admin("POST", "/_sandbox/spaces?count=1200")
    key = sandbox.key()
    request = urllib.request.Request(f"{sandbox.url}/v1/spaces?offset=0&limit=1000")
    request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request) as response:
        sent = json.load(response)["data"]
    page = await anytype.AnytypeClient(key, config).spaces().list(0, 1000)
    assert len(page.data) == len(sent) == 1000
    for space, raw in zip(page.data, sent):
        assert space.id == raw["id"]
        assert space.name == raw["name"]
        assert space.description == (raw.get("description") or "")
        assert space.gateway_url == (raw.get("gateway_url") or "")
        assert space.network_id == (raw.get("network_id") or "")
        if raw.get("icon") and raw["icon"].get("format") == "emoji":
            assert space.icon == anytype.Icon.EMOJI(raw["icon"]["emoji"])
    assert any(space.icon is not None for space in page.data)


def test_the_reader_is_installed_and_checks_bounds():
    assert _ffi._UniffiRustBufferStream is _lift._BytesStream
    data = b"\x00\x00\x00\x05abc"  # a string that claims 5 bytes but has 3
    buffer = ctypes.create_string_buffer(data, len(data))
    stream = _lift._BytesStream(ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)), len(data))
    with pytest.raises(_ffi.InternalError):
        _ffi._UniffiFfiConverterString.read(stream)
    stream = _lift._BytesStream(ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)), len(data))
    assert stream.read_i32() == 5
    assert stream.read(3) == b"abc"
    with pytest.raises(_ffi.InternalError):
        stream.read_i8()
