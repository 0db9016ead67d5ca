"""Check that a wheel's RECORD lists every file of the unpacked wheel with its true hash and size.

    python check_record.py UNPACKED_WHEEL_DIR

Exits non-zero, naming the file, when a file is missing from RECORD, RECORD names a file that
is not there, or a hash or size is wrong (the hash is strip_wheel.record_hash's).
"""

from __future__ import annotations

import csv
import os
import pathlib
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from strip_wheel import record_hash  # noqa: E402  (scripts/package/strip_wheel.py)


def main(root: pathlib.Path) -> None:
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
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]))
