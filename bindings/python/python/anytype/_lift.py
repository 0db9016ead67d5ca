"""A faster reader for the buffers UniFFI's generated code lifts records from.

The generated ``_UniffiRustBufferStream`` slices the ``ctypes`` pointer of the Rust buffer for
every field it reads (each slice copies through ``ctypes``) and unpacks each integer with a
format string. This module swaps in a subclass that copies the buffer into one ``bytes`` object
once and reads integers with precompiled ``struct.Struct`` objects, and fuses the string reader
(length, bounds check, slice and decode in one call). The wire format, the checks and the record
classes stay exactly the generated ones; only how bytes are fetched from the buffer changes.
See docs/benchmarks.md for what it saves.
"""

from __future__ import annotations

import ctypes
import struct

from ._ffi import anytype_ffi as _ffi

_Generated = _ffi._UniffiRustBufferStream
_I32 = struct.Struct(">i").unpack_from


class _BytesStream(_Generated):  # type: ignore[misc, valid-type]
    """The generated stream, reading from one ``bytes`` copy of the Rust buffer."""

    def __init__(self, data, len):  # noqa: A002  (the generated signature)
        super().__init__(ctypes.string_at(data, len) if len else b"", len)

    def _unpack_from(self, size, format):  # noqa: A002
        offset = self.offset
        if offset + size > self.len:
            raise _ffi.InternalError("read past end of rust buffer")
        self.offset = offset + size
        return struct.unpack_from(format, self.data, offset)[0]

    def read(self, size):
        offset = self.offset
        end = offset + size
        if end > self.len:
            raise _ffi.InternalError("read past end of rust buffer")
        self.offset = end
        return self.data[offset:end]

    def read_i32(self):
        offset = self.offset
        if offset + 4 > self.len:
            raise _ffi.InternalError("read past end of rust buffer")
        self.offset = offset + 4
        return _I32(self.data, offset)[0]


def _read_string(buf):
    """The generated ``_UniffiFfiConverterString.read``, fused for a ``_BytesStream``."""
    if type(buf) is not _BytesStream:
        return _generated_read_string(buf)
    offset, data = buf.offset, buf.data
    if offset + 4 > buf.len:
        raise _ffi.InternalError("read past end of rust buffer")
    size = _I32(data, offset)[0]
    if size < 0:
        raise _ffi.InternalError("Unexpected negative string length")
    start = offset + 4
    end = start + size
    if end > buf.len:
        raise _ffi.InternalError("read past end of rust buffer")
    buf.offset = end
    return data[start:end].decode("utf-8")


_generated_read_string = _ffi._UniffiFfiConverterString.read
_ffi._UniffiRustBufferStream = _BytesStream
_ffi._UniffiFfiConverterString.read = staticmethod(_read_string)
