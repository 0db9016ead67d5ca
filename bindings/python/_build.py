"""The package's build backend: maturin's, plus the type stubs of the generated API.

maturin builds the wheel (the Rust cdylib and the UniFFI-generated ``anytype/_ffi``); then the
wheel's own ``anytype`` is imported in a subprocess and ``python -m anytype._stubs`` writes
``anytype/_ffi/anytype_ffi.pyi`` and ``anytype/blocking.pyi`` from the adapted classes, which are
added to the wheel (and its RECORD). The stubs are build output, like the generated module.
"""

from __future__ import annotations

import base64
import hashlib
import pathlib
import subprocess
import sys
import tempfile
import zipfile
from typing import Any, Mapping, Optional

try:
    import maturin
    from maturin import (  # noqa: F401  (the rest of the PEP 517 interface, unchanged)
        build_editable,
        build_sdist,
        get_requires_for_build_sdist,
        get_requires_for_build_wheel,
        prepare_metadata_for_build_wheel,
    )
except ImportError:  # run as a script (below) where maturin isn't installed
    if __name__ != "__main__":
        raise


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _add_stubs(wheel: pathlib.Path) -> None:
    with tempfile.TemporaryDirectory() as unpacked:
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(unpacked)
            names = archive.namelist()
        subprocess.run(
            [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
             "from anytype import _stubs; _stubs.main(['', sys.argv[1] + '/anytype'])", unpacked],
            check=True,
        )
        stubs = ["anytype/_ffi/anytype_ffi.pyi", "anytype/blocking.pyi"]
        record = next(name for name in names if name.endswith(".dist-info/RECORD"))
        lines = (pathlib.Path(unpacked) / record).read_text().splitlines()
        lines = [line for line in lines if line.split(",")[0] not in stubs]
        rebuilt = wheel.with_suffix(".tmp")
        with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename not in stubs and info.filename != record:
                    target.writestr(info, source.read(info.filename))
            for name in stubs:
                data = (pathlib.Path(unpacked) / name).read_bytes()
                target.writestr(name, data)
                lines.insert(len(lines) - 1, _record_line(name, data))
            target.writestr(record, "\n".join(lines) + "\n")
        rebuilt.replace(wheel)


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    name = maturin.build_wheel(wheel_directory, config_settings, metadata_directory)
    _add_stubs(pathlib.Path(wheel_directory) / name)
    return name


if __name__ == "__main__":
    # `python _build.py WHEEL...`: add the stubs to wheels built by `maturin build` directly
    # (scripts/package.sh); each wheel must be importable here (this machine's platform).
    for path in sys.argv[1:]:
        _add_stubs(pathlib.Path(path))
        print(f"stubs added: {path}")
