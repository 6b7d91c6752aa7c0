/* Test-only stand-in for Windows' bcryptprimitives.dll, which Debian's Wine 8.0 lacks: Rust's
 * standard library asks its ProcessPrng for random bytes (hash map seeds), so brochure.exe
 * does not start under that Wine without it. This one forwards to RtlGenRandom
 * (SystemFunction036 in advapi32). scripts/windows-smoke.sh and scripts/release.sh place it
 * beside the .exe in their test folders only: it never goes into a release package, as
 * Windows 10 and later have the real DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
