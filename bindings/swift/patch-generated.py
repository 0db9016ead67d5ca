#!/usr/bin/env python3
"""Patch the Swift file that uniffi-bindgen 0.32.2 generates, where its runtime falls short.

1. Task cancellation. The generated `uniffiRustCallAsync` awaits one continuation per poll and
   never calls the `rust_future_cancel_*` functions the C header exports, so cancelling a Swift
   Task did not reach Rust: the HTTP request ran on until it ended (upstream: uniffi-rs issue
   #2771). We pass each call's matching cancel function and wrap the poll loop in
   `withTaskCancellationHandler`: on cancel, Rust wakes the poll, the future is freed, and its
   Tokio task is aborted (dropping the connection).
2. Cancelled status. Rust then reports the call as cancelled, which the generated
   `uniffiCheckCallStatus` answered with `fatalError`; it now throws `CancellationError`.
3. Durations. A negative, NaN or huge `TimeInterval` in a record made the generated converter
   `fatalError` (crashing the app). It now sends the largest duration instead, which the core
   rejects as `AnytypeError.InvalidInput`.

Guards, so that a UniFFI upgrade can't silently drop or break a fix:
  * every patch must match exactly as expected (else: exit 1, naming the patch);
  * every async call site must get its cancel function;
  * the whole template code each patch rewrites (the generated function or struct, as UniFFI
    emitted it, before patching) must have the SHA-256 pinned in PINNED below. A different hash
    means UniFFI's template changed: re-read the new template, check that the patch is still
    right (and still needed), then pin the new hash (`--hashes FILE` prints them for an
    unpatched file). The regions include crate-derived names (e.g.
    `uniffiEnsureAnytypeCoreInitialized`), so renaming the crate also changes a hash.

usage: patch-generated.py <Anytype.swift>            patch the file in place
       patch-generated.py --hashes <Anytype.swift>   print the hashes of the regions (no patching)
"""

import hashlib
import re
import sys

ME = "patch-generated.py"

# patch name -> (what the region is, the line that starts it, its pinned SHA-256).
# A region runs from that line to the first line that is exactly "}" (the end of the top-level
# declaration), inclusive.
PINNED = {
    "Task cancellation": (
        "uniffiRustCallAsync",
        "fileprivate func uniffiRustCallAsync<F, T>(\n",
        "c00d837dfe8f8312b343eb918ae406f2c81612f555d1cf9a4e2300320c0be05c",
    ),
    "cancelled status": (
        "uniffiCheckCallStatus",
        "private func uniffiCheckCallStatus<E: Swift.Error>(\n",
        "a2fb6fbd83e8d0bd2bde83bdb7a6bd8eda3ca37439290ca57580f5bc70149c8e",
    ),
    "Duration converter": (
        "FfiConverterDuration",
        "fileprivate struct FfiConverterDuration: FfiConverterRustBuffer {\n",
        "cbc41aaa58bda6c2313ede36a9f656a01a28f9c72aa1624e0e1c1da7b841ffb6",
    ),
}


def fail(patch: str, message: str) -> None:
    sys.exit(f"{ME}: patch '{patch}' — {message}")


def region(text: str, patch: str) -> str:
    """The exact generated text of the declaration that `patch` rewrites."""
    what, start_line, _ = PINNED[patch]
    count = text.count(start_line)
    if count != 1:
        fail(patch, f"expected 1 declaration of {what} ({start_line.strip()!r}), found {count}; "
                    "UniFFI's template changed: re-check the patch")
    start = text.index(start_line)
    end = text.find("\n}\n", start)
    if end < 0:
        fail(patch, f"the end of {what} was not found; UniFFI's template changed: re-check the patch")
    return text[start : end + 3]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_pinned(text: str) -> None:
    """Exit non-zero, naming each patch, if any template it rewrites is not the pinned one."""
    problems = []
    for patch, (what, _, expected) in PINNED.items():
        actual = sha256(region(text, patch))
        if actual != expected:
            problems.append(
                f"{ME}: patch '{patch}' — UniFFI's template for {what} changed "
                f"(sha256 {actual}, expected {expected}); re-check the patch, then update the "
                f"pinned hash (PINNED in bindings/swift/{ME})"
            )
    if problems:
        sys.exit("\n".join(problems))


def replace_once(text: str, old: str, new: str, patch: str, what: str) -> str:
    count = text.count(old)
    if count != 1:
        fail(patch, f"expected 1 match for {what}, found {count}")
    return text.replace(old, new)


def patch(text: str) -> tuple[str, int]:
    # 1a. Each async call site passes the cancel function that matches its free function
    # (whatever the crate's symbol prefix: ffi_<crate>_rust_future_free_<type>). In a closure:
    # a C function passed as a `@Sendable` value warns in the Swift 5 language mode.
    text, calls = re.subn(
        r"freeFunc: ffi_(\w+?)_rust_future_free_(\w+),",
        r"freeFunc: ffi_\1_rust_future_free_\2, cancelFunc: { ffi_\1_rust_future_cancel_\2($0) },",
        text,
    )
    sites = text.count("await uniffiRustCallAsync(")
    if calls == 0 or calls != sites:
        fail("Task cancellation",
             f"{sites} async call sites but {calls} free functions matched; the call sites changed shape")

    # 1b. The helper takes it ...
    text = replace_once(
        text,
        "    freeFunc: (UInt64) -> (),\n    liftFunc: (F) throws -> T,",
        "    freeFunc: (UInt64) -> (),\n"
        "    cancelFunc: @escaping @Sendable (UInt64) -> (),\n"
        "    liftFunc: (F) throws -> T,",
        "Task cancellation",
        "the uniffiRustCallAsync signature",
    )
    # 1c. ... and calls it when the awaiting Task is cancelled.
    loops = list(re.finditer(
        r"    var pollResult: Int8;\n    repeat \{\n.*?\n    \} while pollResult != UNIFFI_RUST_FUTURE_POLL_READY\n",
        text,
        flags=re.S,
    ))
    if len(loops) != 1:
        fail("Task cancellation", f"expected 1 poll loop in uniffiRustCallAsync, found {len(loops)}")
    loop = loops[0]
    body = loop.group(0).replace("    var pollResult: Int8;\n", "")
    body = "".join("    " + line if line else line for line in body.splitlines(True))
    wrapped = (
        "    var pollResult: Int8 = UNIFFI_RUST_FUTURE_POLL_WAKE\n"
        "    // Patched (bindings/swift/patch-generated.py): cancelling the Task cancels the Rust future.\n"
        "    await withTaskCancellationHandler {\n"
        + body
        + "    } onCancel: {\n"
        "        cancelFunc(rustFuture)\n"
        "    }\n"
    )
    text = text[: loop.start()] + wrapped + text[loop.end() :]

    # 2. A cancelled call throws CancellationError instead of crashing.
    text = replace_once(
        text,
        'fatalError("Cancellation not supported yet")',
        "throw CancellationError()",
        "cancelled status",
        "the cancelled-status handler",
    )

    # 3. Durations that can't be sent are sent as the largest one; Rust rejects it.
    text = replace_once(
        text,
        """        if value.rounded(.down) > Double(Int64.max) {
            fatalError("Duration overflow, exceeds max bounds supported by Uniffi")
        }

        if value < 0 {
            fatalError("Invalid duration, must be non-negative")
        }
""",
        """        // Patched (bindings/swift/patch-generated.py): no fatalError on bad input.
        if !(value >= 0) || value.rounded(.down) > Double(Int64.max) {
            writeInt(&buf, UInt64.max)
            writeInt(&buf, UInt32(999_999_999))
            return
        }
""",
        "Duration converter",
        "the fatalErrors of FfiConverterDuration.write",
    )
    return text, calls


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] == "--hashes":
        text = open(argv[1], encoding="utf-8").read()
        for name, (what, _, _) in PINNED.items():
            print(f"{name!r} ({what}): {sha256(region(text, name))}")
        return
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.exit("usage:" + __doc__.rsplit("usage:", 1)[1].rstrip())
    path = argv[0]
    text = open(path, encoding="utf-8").read()
    if "Patched (bindings/swift/patch-generated.py)" in text:
        sys.exit(f"{ME}: {path} is already patched (patch the file uniffi-bindgen wrote)")
    check_pinned(text)
    text, calls = patch(text)
    open(path, "w", encoding="utf-8").write(text)
    print(f"[generate] patched {calls} async call sites, cancellation and durations", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
