/*
 * abi_check.exe - load anytype_ffi.dll with LoadLibrary and check its ABI against what the
 * generated Python bindings (anytype_ffi.py) expect. Built with x86_64-w64-mingw32-gcc, run
 * under wine by scripts/package/windows.sh (test_windows).
 *
 *     abi_check.exe DLL EXPECTATIONS
 *
 * EXPECTATIONS is written at test time by expect.py from the generated module (nothing here is
 * hard-coded); one expectation per line, fields separated by one space:
 *
 *     contract FUNCTION VALUE   FUNCTION() -> uint32_t must return VALUE (the contract version)
 *     checksum FUNCTION VALUE   FUNCTION() -> uint16_t must return VALUE (one per export)
 *     free FUNCTION             the RustBuffer free function, for the string calls below
 *     string FUNCTION VALUE     FUNCTION(RustCallStatus *) -> RustBuffer must succeed and return
 *                               the UTF-8 string VALUE (rest of the line)
 *     count N                   the file holds exactly N checksum lines (a truncated file fails)
 *
 * Exit code 0 when every expectation holds, 1 when any fails (each failure is printed), 2 on
 * bad usage or an unreadable file.
 */
#include <windows.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* UniFFI's RustBuffer and RustCallStatus (uniffi_core::ffi), as the generated Python declares
 * them (_UniffiRustBuffer, _UniffiRustCallStatus). */
typedef struct {
    uint64_t capacity;
    uint64_t len;
    uint8_t *data;
} RustBuffer;

typedef struct {
    int8_t code; /* 0 success, 1 error (error_buf holds it), 2 panic */
    RustBuffer error_buf;
} RustCallStatus;

typedef uint32_t (*contract_fn)(void);
typedef uint16_t (*checksum_fn)(void);
typedef RustBuffer (*string_fn)(RustCallStatus *);
typedef void (*free_fn)(RustBuffer, RustCallStatus *);

static HMODULE lib;
static int failures;

/* The export NAME, or NULL (counted as a failure). Cast through void (*)(void), the generic
 * function pointer type, to the signature the bindings declare. */
typedef void (*any_fn)(void);

static any_fn symbol(const char *name) {
    any_fn f = (any_fn)(void *)GetProcAddress(lib, name);
    if (f == NULL) {
        printf("FAIL %s: not exported by the DLL (GetProcAddress error %lu)\n", name,
               (unsigned long)GetLastError());
        failures++;
    }
    return f;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: abi_check.exe DLL EXPECTATIONS\n");
        return 2;
    }
    lib = LoadLibraryA(argv[1]);
    if (lib == NULL) {
        printf("FAIL LoadLibrary(%s): error %lu\n", argv[1], (unsigned long)GetLastError());
        return 1;
    }
    FILE *in = fopen(argv[2], "r");
    if (in == NULL) {
        perror(argv[2]);
        return 2;
    }
    free_fn rustbuffer_free = NULL;
    long checksums = 0, expected_checksums = -1, strings = 0, contracts = 0;
    char line[4096];
    while (fgets(line, sizeof line, in) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') continue;
        char *kind = line, *name = strchr(line, ' ');
        if (name == NULL) {
            printf("FAIL bad line: %s\n", line);
            failures++;
            continue;
        }
        *name++ = '\0';
        char *value = strchr(name, ' ');
        if (value != NULL) *value++ = '\0';
        if (strcmp(kind, "count") == 0) {
            expected_checksums = strtol(name, NULL, 10);
        } else if (strcmp(kind, "free") == 0) {
            rustbuffer_free = (free_fn)symbol(name);
        } else if (value == NULL) {
            printf("FAIL bad line (no value): %s %s\n", kind, name);
            failures++;
        } else if (strcmp(kind, "contract") == 0) {
            contract_fn f = (contract_fn)symbol(name);
            contracts++;
            if (f != NULL) {
                uint32_t got = f(), want = (uint32_t)strtoul(value, NULL, 10);
                if (got != want) {
                    printf("FAIL %s() = %lu, the bindings expect %lu\n", name, (unsigned long)got,
                           (unsigned long)want);
                    failures++;
                } else {
                    printf("ok   contract version %lu\n", (unsigned long)got);
                }
            }
        } else if (strcmp(kind, "checksum") == 0) {
            checksum_fn f = (checksum_fn)symbol(name);
            checksums++;
            if (f != NULL) {
                unsigned got = f(), want = (unsigned)strtoul(value, NULL, 10);
                if (got != want) {
                    printf("FAIL %s() = %u, the bindings expect %u\n", name, got, want);
                    failures++;
                }
            }
        } else if (strcmp(kind, "string") == 0) {
            string_fn f = (string_fn)symbol(name);
            strings++;
            if (f == NULL) continue;
            if (rustbuffer_free == NULL) {
                printf("FAIL %s: no free function declared before it\n", name);
                failures++;
                continue;
            }
            RustCallStatus status;
            memset(&status, 0, sizeof status);
            RustBuffer got = f(&status);
            if (status.code != 0) {
                printf("FAIL %s(): call status %d\n", name, status.code);
                failures++;
                continue;
            }
            if (got.len != strlen(value) || memcmp(got.data, value, got.len) != 0) {
                printf("FAIL %s() = \"%.*s\", expected \"%s\"\n", name, (int)got.len,
                       (const char *)got.data, value);
                failures++;
            } else {
                printf("ok   %s() = \"%s\"\n", name, value);
            }
            RustCallStatus free_status;
            memset(&free_status, 0, sizeof free_status);
            rustbuffer_free(got, &free_status);
            if (free_status.code != 0) {
                printf("FAIL rustbuffer_free: call status %d\n", free_status.code);
                failures++;
            }
        } else {
            printf("FAIL unknown expectation: %s\n", kind);
            failures++;
        }
    }
    fclose(in);
    if (contracts != 1) {
        printf("FAIL %ld contract version lines, expected 1\n", contracts);
        failures++;
    }
    if (expected_checksums < 1 || checksums != expected_checksums) {
        printf("FAIL %ld checksum lines, the file says %ld\n", checksums, expected_checksums);
        failures++;
    } else {
        printf("ok   %ld checksums equal the bindings'\n", checksums);
    }
    if (strings < 1) {
        printf("FAIL no real call made\n");
        failures++;
    }
    if (failures) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("all ABI checks passed\n");
    return 0;
}
