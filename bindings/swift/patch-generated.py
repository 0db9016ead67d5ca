#!/usr/bin/env python3
"""Patch the Swift file that uniffi-bindgen 0.32.2 generates, where its runtime falls short.

1. Task cancellation. The generated `uniffiRustCallAsync` awaits one continuation per poll and
   never calls the `rust_future_cancel_*` functions the C header exports, so cancelling a Swift
   Task did not reach Rust: the HTTP request ran on until it ended (upstream: uniffi-rs issue
   #2771). We pass each call's matching cancel function and wrap the poll loop in
   `withTaskCancellationHandler`: on cancel, Rust wakes the poll, the future is freed, and its
   Tokio task is aborted (dropping the connection). Rust then reports the call as cancelled,
   which the generated code answered with `fatalError`; it now throws `CancellationError`.
2. Durations. A negative, NaN or huge `TimeInterval` in a record made the generated converter
   `fatalError` (crashing the app). It now sends the largest duration instead, which the core
   rejects as `AnytypeError.InvalidInput`.

Every patch must apply exactly as expected; if the generated code changes shape (a uniffi
upgrade), this script fails loudly instead of silently dropping a fix.

usage: patch-generated.py <Anytype.swift>
"""

import re
import sys


def replace_once(text: str, old: str, new: str, what: str) -> str:
    count = text.count(old)
    if count != 1:
        sys.exit(f"patch-generated.py: expected 1 match for {what}, found {count}")
    return text.replace(old, new)


def main(path: str) -> None:
    text = open(path, encoding="utf-8").read()

    # 1a. Each async call site passes the cancel function that matches its free function.
    text, calls = re.subn(
        r"freeFunc: ffi_anytype_ffi_rust_future_free_(\w+),",
        r"freeFunc: ffi_anytype_ffi_rust_future_free_\1,"
        r" cancelFunc: ffi_anytype_ffi_rust_future_cancel_\1,",
        text,
    )
    if calls == 0:
        sys.exit("patch-generated.py: no async call sites found")

    # 1b. The helper takes it ...
    text = replace_once(
        text,
        "    freeFunc: (UInt64) -> (),\n    liftFunc: (F) throws -> T,",
        "    freeFunc: (UInt64) -> (),\n"
        "    cancelFunc: @escaping @Sendable (UInt64) -> (),\n"
        "    liftFunc: (F) throws -> T,",
        "the uniffiRustCallAsync signature",
    )
    # 1c. ... and calls it when the awaiting Task is cancelled.
    loop = re.search(
        r"    var pollResult: Int8;\n    repeat \{\n.*?\n    \} while pollResult != UNIFFI_RUST_FUTURE_POLL_READY\n",
        text,
        flags=re.S,
    )
    if loop is None:
        sys.exit("patch-generated.py: the poll loop was not found")
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

    # 1d. A cancelled call throws CancellationError instead of crashing.
    text = replace_once(
        text,
        'fatalError("Cancellation not supported yet")',
        "throw CancellationError()",
        "the cancelled-status handler",
    )

    # 2. Durations that can't be sent are sent as the largest one; Rust rejects it.
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
        "the Duration converter",
    )

    open(path, "w", encoding="utf-8").write(text)
    print(f"[generate] patched {calls} async call sites, cancellation and durations", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
