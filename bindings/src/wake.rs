//! Waking a foreign event loop through a pipe, so Rust threads never call into the foreign runtime.
//!
//! UniFFI resumes a foreign `await` by calling a continuation callback from whichever thread wakes
//! the Rust future: here, a Tokio worker. For Python that callback is a `ctypes` thunk, so every
//! completion made a Tokio worker create a CPython thread state and wait for the GIL (slow under
//! load, and fatal while the interpreter shuts down: CPython ends such a thread with a forced
//! unwind that cannot cross Rust frames, and the process aborts).
//!
//! The Python package passes [`anytype_ffi_wake_pipe`] as the continuation callback instead. Its
//! `data` argument carries the write end of a pipe owned by the event loop that awaits the call
//! (`fd << 40 | id`); the callback writes one 9-byte record (`data` little-endian, then the poll
//! code) to that pipe and returns. The event loop reads the pipe with `add_reader` and resolves
//! its futures itself, in its own thread. No lock is taken on this path.
//!
//! The pipe's write end is non-blocking, so the callback never waits for the event loop: when the
//! pipe is full, the record goes to an overflow list for that pipe and a marker record (`data` 0)
//! is written if there is room. The loop reads the overflow ([`anytype_ffi_wake_overflow_take`])
//! after every read of its pipe, so nothing is lost: either the marker gets through, or the pipe
//! is full and the loop will read it (and then the overflow) anyway.

/// How many low bits of a continuation's `data` are the call's id; the bits above are the fd.
pub const ID_BITS: u32 = 40;
/// The size of one record in the pipe: the `data` (u64, little-endian) and the poll code (i8).
pub const RECORD_LEN: usize = 9;

#[cfg(unix)]
mod imp {
    use super::{ID_BITS, RECORD_LEN};
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Records that did not fit into their pipe, per pipe (write-end fd). Only touched when a pipe
    /// is full, which takes tens of thousands of completions the loop has not read yet.
    static OVERFLOW: Mutex<BTreeMap<i32, Vec<[u8; RECORD_LEN]>>> = Mutex::new(BTreeMap::new());

    /// Write one record with a single `write(2)`: records are smaller than `PIPE_BUF`, so the
    /// kernel writes all of it or none. Returns false when the pipe is full.
    fn write_record(fd: i32, record: &[u8; RECORD_LEN]) -> bool {
        loop {
            // SAFETY: `record` is a valid buffer of RECORD_LEN bytes for the duration of the call.
            let written = unsafe { libc::write(fd, record.as_ptr().cast(), RECORD_LEN) };
            if written == RECORD_LEN as isize {
                return true;
            }
            match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(code) if code == libc::EAGAIN || code == libc::EWOULDBLOCK => return false,
                // EBADF/EPIPE: the loop and its pipe are gone; nobody is waiting for this record.
                _ => return true,
            }
        }
    }

    pub(super) fn wake(data: u64, poll_code: i8) {
        let fd = (data >> ID_BITS) as i32;
        let mut record = [0u8; RECORD_LEN];
        record[..8].copy_from_slice(&data.to_le_bytes());
        record[8] = poll_code as u8;
        if write_record(fd, &record) {
            return;
        }
        {
            let mut overflow = OVERFLOW.lock().unwrap_or_else(|p| p.into_inner());
            overflow.entry(fd).or_default().push(record);
        }
        // A marker makes the loop look at the overflow; if the pipe is still full the loop will
        // read it (and then the overflow) anyway.
        write_record(fd, &[0u8; RECORD_LEN]);
    }

    pub(super) fn take(fd: i32, out: &mut [u8]) -> usize {
        let capacity = out.len() / RECORD_LEN;
        let mut overflow = OVERFLOW.lock().unwrap_or_else(|p| p.into_inner());
        let Some(records) = overflow.get_mut(&fd) else {
            return 0;
        };
        let n = records.len().min(capacity);
        for (slot, record) in out.chunks_exact_mut(RECORD_LEN).zip(records.drain(..n)) {
            slot.copy_from_slice(&record);
        }
        if records.is_empty() {
            overflow.remove(&fd);
        }
        n
    }
}

/// The continuation callback for UniFFI's `rust_future_poll_*` that wakes an event loop through a
/// pipe: writes `data` and `poll_code` as one record to the pipe whose write end is
/// `data >> 40`. Never blocks, never calls into a foreign runtime, never unwinds.
#[unsafe(no_mangle)]
pub extern "C" fn anytype_ffi_wake_pipe(data: u64, poll_code: i8) {
    #[cfg(unix)]
    imp::wake(data, poll_code);
    #[cfg(not(unix))]
    let _ = (data, poll_code);
}

/// Moves up to `capacity` records that did not fit into the pipe `fd` into `out` (9 bytes each,
/// the layout of the pipe) and returns how many it moved.
///
/// # Safety
///
/// `out` must be valid for writes of `capacity * 9` bytes (or null, which moves nothing).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn anytype_ffi_wake_overflow_take(
    fd: i32,
    out: *mut u8,
    capacity: usize,
) -> usize {
    if out.is_null() || capacity == 0 {
        return 0;
    }
    let Some(len) = capacity.checked_mul(RECORD_LEN) else {
        return 0;
    };
    // SAFETY: the caller promises `out` is valid for `capacity * RECORD_LEN` bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(out, len) };
    #[cfg(unix)]
    {
        imp::take(fd, out)
    }
    #[cfg(not(unix))]
    {
        let _ = (fd, out);
        0
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn pipe() -> (i32, i32) {
        let mut fds = [0i32; 2];
        // SAFETY: fds has room for two descriptors.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // SAFETY: plain fcntl calls on descriptors we own.
        unsafe {
            let flags = libc::fcntl(fds[1], libc::F_GETFL);
            libc::fcntl(fds[1], libc::F_SETFL, flags | libc::O_NONBLOCK);
            let flags = libc::fcntl(fds[0], libc::F_GETFL);
            libc::fcntl(fds[0], libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
        (fds[0], fds[1])
    }

    fn read_all(fd: i32) -> Vec<u8> {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            // SAFETY: buf is valid for its length.
            let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                return all;
            }
            all.extend_from_slice(&buf[..n as usize]);
        }
    }

    fn records(bytes: &[u8]) -> Vec<(u64, i8)> {
        bytes
            .chunks_exact(RECORD_LEN)
            .map(|r| {
                let mut data = [0u8; 8];
                data.copy_from_slice(&r[..8]);
                (u64::from_le_bytes(data), r[8] as i8)
            })
            .collect()
    }

    #[test]
    fn records_reach_the_pipe_and_a_full_pipe_overflows_without_loss() {
        let (read_end, write_end) = pipe();
        let base = (write_end as u64) << ID_BITS;
        // Far more records than a pipe holds (64 KiB / 9 bytes = 7,281 by default).
        let total = 20_000u64;
        for id in 1..=total {
            anytype_ffi_wake_pipe(base | id, (id % 2) as i8);
        }
        let mut seen = Vec::new();
        for (data, code) in records(&read_all(read_end)) {
            if data != 0 {
                seen.push((data, code));
            }
        }
        let mut buf = vec![0u8; 256 * RECORD_LEN];
        loop {
            // SAFETY: buf holds 256 records.
            let n = unsafe { anytype_ffi_wake_overflow_take(write_end, buf.as_mut_ptr(), 256) };
            seen.extend(records(&buf[..n * RECORD_LEN]));
            if n < 256 {
                break;
            }
        }
        let expected: Vec<(u64, i8)> = (1..=total).map(|id| (base | id, (id % 2) as i8)).collect();
        assert_eq!(seen, expected, "every record once, in order");
        // SAFETY: closing descriptors we own.
        unsafe {
            libc::close(read_end);
            libc::close(write_end);
        }
    }

    #[test]
    fn a_pipe_without_reader_is_ignored() {
        let (read_end, write_end) = pipe();
        // SAFETY: closing a descriptor we own.
        unsafe { libc::close(read_end) };
        // EPIPE (Rust ignores SIGPIPE): nobody waits for the record, and it is not kept.
        anytype_ffi_wake_pipe(((write_end as u64) << ID_BITS) | 1, 0);
        let mut buf = [0u8; RECORD_LEN];
        // SAFETY: buf holds one record.
        let kept = unsafe { anytype_ffi_wake_overflow_take(write_end, buf.as_mut_ptr(), 1) };
        // SAFETY: closing a descriptor we own.
        unsafe { libc::close(write_end) };
        assert_eq!(kept, 0);
    }
}
