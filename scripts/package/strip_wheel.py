"""Strip the debug info from the native libraries in a wheel, keeping their symbol tables.

    python strip_wheel.py WHEEL OBJCOPY...      e.g. strip_wheel.py x.whl .../rust-objcopy

Rewrites WHEEL in place: every `*.so` member goes through `OBJCOPY --strip-debug IN OUT` (an
llvm-objcopy, which handles every target's ELF; zig's own objcopy answers "unimplemented"), everything else is copied as it was, and `RECORD`
gets the new hashes and sizes.

Why after the build and not in it: UniFFI's bindgen reads the library's metadata from its
symbol table (`.symtab`). A zig-linked library built with `strip = "debuginfo"` (cargo's default
when a profile has no debug info) has no symbol table left, and maturin then fails with
"No UniFFI metadata found". So the build keeps everything (`strip = "none"`), maturin generates
the bindings, and this drops the debug sections alone, the symbol table staying.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wheelfile import read_wheel, write_wheel  # noqa: E402  (scripts/package/wheelfile.py)


def main(wheel: str, objcopy: list[str]) -> None:
    infos, contents = read_wheel(wheel)
    stripped = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in contents.items():
            if not name.endswith(".so"):
                continue
            path = os.path.join(tmp, "lib.so")
            out = os.path.join(tmp, "lib.stripped.so")
            with open(path, "wb") as f:
                f.write(data)
            subprocess.run([*objcopy, "--strip-debug", path, out], check=True)
            with open(out, "rb") as f:
                contents[name] = f.read()
            stripped.append(f"{name}: {len(data)} -> {len(contents[name])} bytes")
    if not stripped:
        sys.exit(f"{wheel}: no .so inside")
    write_wheel(wheel, infos, contents)
    for line in stripped:
        print(f"stripped {line}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
