"""Read, rewrite and check wheels: what every platform's packaging step shares.

    python wheelfile.py check-record UNPACKED_WHEEL_DIR

The packaging steps change a wheel after maturin built it (the native library stripped, the type
stubs added), so its `RECORD` must be rewritten with each file's new hash and size; and each
platform's check then requires `RECORD` to list exactly the wheel's files with their true hashes.
`strip_wheel.py` (Linux), `macos_wheel.py` and `windows/finish_wheel.py` write through
`write_wheel`; `scripts/package.sh`, `macos.sh` and `windows.sh` check through `check-record`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import os
import pathlib
import sys
import zipfile


def record_hash(data: bytes) -> str:
    """The `sha256=<urlsafe base64, unpadded>` form RECORD uses."""
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def record_name(names) -> str:
    """The wheel's `<dist-info>/RECORD` among its member names."""
    found = [n for n in names if n.endswith(".dist-info/RECORD")]
    if len(found) != 1:
        sys.exit(f"expected one .dist-info/RECORD, found {found}")
    return found[0]


def read_wheel(wheel: str) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """The wheel's members in order, and their contents by name."""
    with zipfile.ZipFile(wheel) as src:
        infos = src.infolist()
        return infos, {info.filename: src.read(info) for info in infos}


def write_wheel(wheel: str, infos: list[zipfile.ZipInfo], contents: dict[str, bytes]) -> None:
    """Write the members `infos` (in that order, contents from `contents`) to `wheel`, replacing
    it atomically, with RECORD rewritten: every member's hash and size, RECORD's own line empty."""
    names = [info.filename for info in infos]
    record = record_name(names)
    lines = [f"{n},,"
             if n == record else f"{n},{record_hash(contents[n])},{len(contents[n])}"
             for n in names]
    contents[record] = ("\n".join(lines) + "\n").encode()
    tmp = wheel + ".tmp"
    with zipfile.ZipFile(tmp, "w") as dst:
        for info in infos:
            info.external_attr = info.external_attr or (0o644 << 16)
            dst.writestr(info, contents[info.filename], compress_type=zipfile.ZIP_DEFLATED)
    os.replace(tmp, wheel)


def new_member(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A member to add, dated like an existing one."""
    info = zipfile.ZipInfo(name, date_time=like.date_time)
    info.external_attr = 0o644 << 16
    return info


def check_record(root: pathlib.Path) -> None:
    """Exit non-zero, naming the file, unless RECORD in the unpacked wheel `root` lists exactly its
    files, each with its true hash and size."""
    records = list(root.glob("*.dist-info/RECORD"))
    if len(records) != 1:
        sys.exit(f"{root}: {len(records)} RECORD files")
    record = records[0].relative_to(root).as_posix()
    listed = {}
    for row in csv.reader(records[0].read_text().splitlines()):
        name, digest, size = row
        listed[name] = (digest, size)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    if set(listed) != files:
        sys.exit(f"RECORD lists {sorted(set(listed) - files)} that are missing, "
                 f"and not {sorted(files - set(listed))}")
    for name, (digest, size) in listed.items():
        if name == record:
            continue
        data = (root / name).read_bytes()
        if digest != record_hash(data) or size != str(len(data)):
            sys.exit(f"RECORD: wrong hash or size for {name}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "check-record":
        sys.exit(__doc__)
    check_record(pathlib.Path(sys.argv[2]))
