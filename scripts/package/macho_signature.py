"""Check the code signature of a Mach-O library without a Mac.

    python macho_signature.py LIB ARCH        ARCH: arm64 or x86_64

macOS on Apple silicon loads only signed arm64 code; a linker-made ad-hoc signature is enough
for a library loaded by a signed interpreter (python, java). It holds a hash of every page of
the file up to the signature, so it breaks when the file is changed afterwards (e.g. stripped by a
tool that doesn't re-sign). This recomputes every page hash of the CodeDirectory and compares.
arm64: a signature is required; x86_64: checked when there is one. Prints a one-line summary;
exits non-zero (with the reason) when a check fails.
"""

from __future__ import annotations

import hashlib
import struct
import sys

LC_CODE_SIGNATURE = 0x1D
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_ADHOC, CS_LINKER_SIGNED = 0x2, 0x20000
HASHES = {1: hashlib.sha1, 2: hashlib.sha256}


def check(path: str, arch: str) -> str:
    data = open(path, "rb").read()
    magic, _cpu, _sub, _ftype, ncmds, _size, _flags, _res = struct.unpack_from("<8I", data, 0)
    if magic != 0xFEEDFACF:
        raise SystemExit(f"not a 64-bit little-endian Mach-O file (magic {magic:#x})")
    offset, signature = 32, None
    for _ in range(ncmds):
        cmd, cmdsize = struct.unpack_from("<2I", data, offset)
        if cmd == LC_CODE_SIGNATURE:
            signature = struct.unpack_from("<2I", data, offset + 8)  # dataoff, datasize
        offset += cmdsize
    if signature is None:
        if arch == "arm64":
            raise SystemExit("no LC_CODE_SIGNATURE: macOS on arm64 would refuse to load it")
        return "unsigned (not required on x86_64)"
    dataoff, datasize = signature
    blob = data[dataoff:dataoff + datasize]
    sb_magic, _length, count = struct.unpack_from(">3I", blob, 0)
    if sb_magic != CSMAGIC_EMBEDDED_SIGNATURE:
        raise SystemExit(f"signature superblob magic {sb_magic:#x}")
    directories = []
    for i in range(count):
        slot, blob_offset = struct.unpack_from(">2I", blob, 12 + 8 * i)
        if struct.unpack_from(">I", blob, blob_offset)[0] == CSMAGIC_CODEDIRECTORY:
            directories.append((slot, blob_offset))
    if not directories:
        raise SystemExit("no CodeDirectory in the signature")
    checked = []
    for _slot, cd in directories:
        (_m, _len, _version, flags, hash_offset, _ident, _special, n_slots, code_limit,
         hash_size, hash_type, _platform, page_log2) = struct.unpack_from(">9I4B", blob, cd)
        if hash_type not in HASHES:
            raise SystemExit(f"unknown hash type {hash_type}")
        if code_limit != dataoff:
            raise SystemExit(f"the signature covers {code_limit} bytes, the file has {dataoff} before it")
        page = 1 << page_log2
        if n_slots != (code_limit + page - 1) // page:
            raise SystemExit(f"{n_slots} page hashes for {code_limit} bytes in {page}-byte pages")
        for i in range(n_slots):
            want = blob[cd + hash_offset + i * hash_size:cd + hash_offset + (i + 1) * hash_size]
            got = HASHES[hash_type](data[i * page:min((i + 1) * page, code_limit)]).digest()[:hash_size]
            if got != want:
                raise SystemExit(f"page {i} (offset {i * page}) does not match its hash: the file "
                                 "changed after it was signed")
        kind = "ad-hoc" if flags & CS_ADHOC else "identity"
        if flags & CS_LINKER_SIGNED:
            kind += ", linker-signed"
        checked.append(f"{kind} {HASHES[hash_type]().name} signature, {n_slots} page hashes valid")
    return "; ".join(checked)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(check(sys.argv[1], sys.argv[2]))
