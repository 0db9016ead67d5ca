"""Finish the Windows wheel maturin built: the stripped DLL in, the type stubs from the Linux wheel.

    python finish_wheel.py WHEEL LINUX_WHEEL STRIPPED_DLL

Rewrites WHEEL (maturin's `py3-none-win_amd64` wheel) in place:
- its one `.dll` member is replaced by STRIPPED_DLL (the same library with its debug sections
  dropped by llvm-objcopy; windows.sh checked that uniffi-bindgen generates the same module from it);
- the generated `anytype/_ffi/anytype_ffi.py` must be byte-identical to the Linux x86-64 wheel's
  (both are generated from the same metadata), and so must every other file of the package but
  the native library and the dist-info's WHEEL/RECORD: otherwise it exits non-zero;
- the type stubs (`anytype/_ffi/anytype_ffi.pyi`, `anytype/blocking.pyi`), which the build backend
  makes by importing the package (a Windows DLL can't be loaded here), are copied from the Linux
  wheel, where they were made from the same module;
- `RECORD` is rewritten with every member's hash and size (wheelfile.write_wheel).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wheelfile import new_member, read_wheel, record_name, write_wheel  # noqa: E402  (scripts/package/wheelfile.py)

GENERATED = "anytype/_ffi/anytype_ffi.py"
STUBS = ["anytype/_ffi/anytype_ffi.pyi", "anytype/blocking.pyi"]
# Per-platform members, expected to differ (or exist on one side only).
PLATFORM_SPECIFIC = (".so", ".dll", ".dist-info/WHEEL", ".dist-info/RECORD")


def fail(message: str) -> None:
    sys.exit(f"finish_wheel.py: {message}")


def main(wheel: str, linux_wheel: str, stripped_dll: str) -> None:
    infos, contents = read_wheel(wheel)
    _, linux = read_wheel(linux_wheel)

    dlls = [name for name in contents if name.endswith(".dll")]
    if len(dlls) != 1:
        fail(f"{wheel}: {len(dlls)} .dll members, expected 1: {dlls}")
    if GENERATED not in contents or GENERATED not in linux:
        fail(f"{GENERATED} missing from {wheel if GENERATED not in contents else linux_wheel}")
    if contents[GENERATED] != linux[GENERATED]:
        fail(f"{GENERATED} differs between {wheel} and {linux_wheel}")

    def shared(names: dict[str, bytes]) -> set[str]:
        # (The SBOM lists each target's own dependency graph.)
        return {n for n in names
                if not n.endswith(PLATFORM_SPECIFIC) and ".dist-info/sboms/" not in n and n not in STUBS}

    if shared(contents) != shared(linux):
        fail(f"the wheels' files differ: only Windows {sorted(shared(contents) - shared(linux))}, "
             f"only Linux {sorted(shared(linux) - shared(contents))}")
    differing = sorted(n for n in shared(contents) if contents[n] != linux[n])
    if differing:
        fail(f"these files differ between the Windows and the Linux wheel: {differing}")

    with open(stripped_dll, "rb") as f:
        before, contents[dlls[0]] = len(contents[dlls[0]]), f.read()
    print(f"stripped {dlls[0]}: {before} -> {len(contents[dlls[0]])} bytes")

    record = record_name(contents)
    record_info = next(i for i in infos if i.filename == record)
    infos = [i for i in infos if i.filename not in STUBS and i.filename != record]
    for stub in STUBS:
        if stub not in linux:
            fail(f"{linux_wheel} has no {stub}")
        contents[stub] = linux[stub]
        infos.append(new_member(stub, record_info))
    infos.append(record_info)  # RECORD stays the last member
    write_wheel(wheel, infos, contents)
    print(f"added {', '.join(STUBS)} from {os.path.basename(linux_wheel)}; RECORD rewritten")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
