"""Write what the generated Python bindings expect of the native library, for abi_check.exe.

    python expect.py GENERATED_PY LINUX_WHEEL_ROOT > expectations.txt

GENERATED_PY is the wheel's `anytype/_ffi/anytype_ffi.py` (what UniFFI generated from the
library's metadata). From it: the contract version and the function that reports it, every
`uniffi_*_checksum_*` function with the value the module compares it to, and the RustBuffer
free function; nothing is hard-coded here. The real calls are every synchronous export that
takes no argument and returns a RustBuffer (`sdk_version`, `api_version`): their expected value
is what the same call answers through the Linux x86-64 wheel unpacked at LINUX_WHEEL_ROOT (the
same sources and metadata, run on this host), and it must be a string.

The format is documented in abi_check.c. Exits non-zero when the module does not have the
shape this expects (no checksums, no contract version, no call to make), so a change in UniFFI's
generated code fails loudly instead of testing nothing.
"""

from __future__ import annotations

import importlib
import re
import sys


def fail(message: str) -> None:
    sys.exit(f"expect.py: {message}")


def main(generated: str, linux_root: str) -> None:
    source = open(generated, encoding="utf-8").read()
    lines = []

    contract = re.search(
        r"bindings_contract_version = (\d+)\n.*?scaffolding_contract_version = lib\.(\w+)\(\)",
        source,
        re.S,
    )
    if not contract:
        fail(f"{generated}: no contract version check found")
    lines.append(f"contract {contract.group(2)} {contract.group(1)}")

    checksums = re.findall(r"lib\.(uniffi_\w+_checksum_\w+)\(\) != (\d+)", source)
    if not checksums:
        fail(f"{generated}: no checksum checks found")
    for name, value in checksums:
        if f"_UniffiLib.{name}.restype = ctypes.c_uint16" not in source:
            fail(f"{generated}: {name} is not declared to return uint16")
        lines.append(f"checksum {name} {value}")
    lines.append(f"count {len(checksums)}")

    frees = re.findall(r"^_UniffiLib\.(ffi_\w+_rustbuffer_free)\.argtypes", source, re.M)
    if len(frees) != 1:
        fail(f"{generated}: {len(frees)} rustbuffer_free declarations, expected 1")
    lines.append(f"free {frees[0]}")

    # Synchronous exports with no argument but the call status, returning a RustBuffer.
    calls = re.findall(
        r"^_UniffiLib\.(uniffi_\w+_fn_func_(\w+))\.argtypes = \(\n"
        r"    ctypes\.POINTER\(_UniffiRustCallStatus\),\n\)\n"
        r"_UniffiLib\.\1\.restype = _UniffiRustBuffer$",
        source,
        re.M,
    )
    sys.path.insert(0, linux_root)
    linux = importlib.import_module("anytype._ffi.anytype_ffi")
    if not linux.__file__.startswith(linux_root):
        fail(f"the Linux module came from {linux.__file__}, not {linux_root}")
    for ffi_name, py_name in calls:
        value = getattr(linux, py_name)()
        if isinstance(value, str) and "\n" not in value:
            lines.append(f"string {ffi_name} {value}")
    if not any(line.startswith("string ") for line in lines):
        fail(f"{generated}: no synchronous string export without arguments to call")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
