/*
 * A stand-in for Windows' bcryptprimitives.dll in the test's wine prefix ONLY (never shipped).
 *
 * Rust's standard library (1.78 and later) takes its random bytes from ProcessPrng in
 * bcryptprimitives.dll, which every Windows 10 and later has, so anytype_ffi.dll and demo.exe
 * import it. Debian 12's wine 8.0 has no such DLL (wine added it in a later version), and
 * LoadLibrary then fails with error 126. test_windows builds this file with mingw-w64 and puts it
 * into its private wine prefix's system32 when, and only when, the prefix has none.
 *
 * ProcessPrng(data, len) fills data with len random bytes and always returns TRUE; here they come
 * from advapi32's RtlGenRandom (SystemFunction036), which wine implements.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
