"""Peak memory of a 200 MB upload and download from Python: the process's peak RSS (VmHWM,
reset first through /proc/self/clear_refs) may grow by a few MiB at most. The sandbox is another
process, so only the SDK (and Python) are measured. ANYTYPE_MEMORY_TEST_MB changes the size."""

from __future__ import annotations

import hashlib
import os
import pathlib

import pytest

import anytype


def _peak_kib() -> int:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def _reset_peak() -> bool:
    try:
        pathlib.Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _digest(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@pytest.mark.skipif(not pathlib.Path("/proc/self/status").exists(), reason="needs Linux /proc")
async def test_a_200_mb_upload_and_download_keep_peak_memory_flat(sandbox, config, tmp_path):
    megabytes = int(os.environ.get("ANYTYPE_MEMORY_TEST_MB", "200"))
    source = tmp_path / "big.bin"
    block = bytes(range(256)) * 4096  # 1 MiB
    with source.open("wb") as f:
        for _ in range(megabytes):
            f.write(block)
    client = anytype.AnytypeClient(sandbox.key(), config)
    files = client.files((await client.spaces().list(0, 1)).data[0].id)
    warm = tmp_path / "warm.bin"
    warm.write_bytes(block)
    await files.download((await files.upload(str(warm))).object_id, str(tmp_path / "warm.out"))
    if not _reset_peak():
        pytest.skip("can't reset the peak RSS here")
    idle = _peak_kib()
    uploaded = await files.upload(str(source))
    after_upload = _peak_kib()
    target = tmp_path / "big.out"
    await files.download(uploaded.object_id, str(target))
    after_download = _peak_kib()
    assert uploaded.size_in_bytes == megabytes << 20
    assert target.stat().st_size == megabytes << 20
    print(
        f"python {megabytes} MB: peak RSS idle {idle / 1024:.1f} MiB, "
        f"+{(after_upload - idle) / 1024:.1f} MiB after the upload, +{(after_download - idle) / 1024:.1f} MiB after the download"
    )
    assert _digest(source) == _digest(target)
    assert after_upload - idle < 8 * 1024, f"upload raised the peak by {(after_upload - idle) / 1024:.1f} MiB"
    assert after_download - idle < 8 * 1024, f"download raised the peak by {(after_download - idle) / 1024:.1f} MiB"
