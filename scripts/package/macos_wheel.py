"""Finish a macOS wheel built by maturin on Linux: strip its dylib, add the type stubs, fix RECORD.

    python macos_wheel.py WHEEL LINUX_WHEEL OBJCOPY

Rewrites WHEEL in place:
* the `*.dylib` member goes through `OBJCOPY --strip-debug` (rustup's llvm-objcopy, which reads
  Mach-O): the debug-only symbols and sections go, the symbol table with the `UNIFFI_META_*`
  symbols stays (uniffi-bindgen reads the metadata from it);
* the generated `anytype/_ffi/anytype_ffi.py` must equal LINUX_WHEEL's byte for byte (both come
  from the same UniFFI metadata); if it does, LINUX_WHEEL's type stubs
  (`anytype/_ffi/anytype_ffi.pyi`, `anytype/blocking.pyi`) are copied in. They are made by
  importing the package (bindings/python/_build.py), which a macOS library can't be here;
* `RECORD` gets every member's hash and size (wheelfile.write_wheel, as for the Linux wheels).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wheelfile import new_member, read_wheel, record_name, write_wheel  # noqa: E402

MODULE = "anytype/_ffi/anytype_ffi.py"
STUBS = ("anytype/_ffi/anytype_ffi.pyi", "anytype/blocking.pyi")


def main(wheel: str, linux_wheel: str, objcopy: str) -> None:
    infos, contents = read_wheel(wheel)
    infos = [i for i in infos if i.filename not in STUBS]
    with zipfile.ZipFile(linux_wheel) as linux:
        linux_module = linux.read(MODULE)
        stubs = {name: linux.read(name) for name in STUBS}
    if contents.get(MODULE) != linux_module:
        sys.exit(f"{wheel}: {MODULE} differs from the one in {linux_wheel}")
    dylibs = [n for n in contents if n.endswith(".dylib")]
    if len(dylibs) != 1:
        sys.exit(f"{wheel}: expected one .dylib, found {dylibs}")
    (dylib,) = dylibs
    with tempfile.TemporaryDirectory() as tmp:
        path, out = os.path.join(tmp, "lib.dylib"), os.path.join(tmp, "stripped.dylib")
        with open(path, "wb") as f:
            f.write(contents[dylib])
        subprocess.run([objcopy, "--strip-debug", path, out], check=True)
        with open(out, "rb") as f:
            before, contents[dylib] = len(contents[dylib]), f.read()
    # The stubs next to the module they describe, before the .dist-info files.
    dist_info = record_name(contents).rsplit("/", 1)[0] + "/"
    first_meta = next(i for i, info in enumerate(infos) if info.filename.startswith(dist_info))
    for name in reversed(STUBS):
        infos.insert(first_meta, new_member(name, infos[0]))
        contents[name] = stubs[name]
    write_wheel(wheel, infos, contents)
    print(f"stripped {dylib}: {before} -> {len(contents[dylib])} bytes; "
          f"{MODULE} equals the Linux wheel's; added {', '.join(STUBS)}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
