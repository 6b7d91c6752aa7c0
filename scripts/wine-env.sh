# Sourced by scripts/windows-smoke.sh and scripts/release.sh: Wine to run brochure.exe on
# Linux, and the test-only stub DLL it needs (tests/windows/bcryptprimitives.c).
#   WINE           the wine64 program
#   WINEPREFIX     a Wine prefix of our own (created on first use; slow once)
#   stub_dll       builds the stub DLL into the folder $1
#   wine_stop      ends the Wine processes of our prefix

WINE="${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}"
WINESERVER="${WINESERVER:-$(command -v wineserver || echo /usr/lib/wine/wineserver)}"
export WINEPREFIX="${WINEPREFIX:-$HOME/.cache/brochure-wine}"
export WINEDEBUG=-all
# No Gecko/Mono installation prompts while the prefix is created.
export WINEDLLOVERRIDES="mscoree,mshtml="

if [ ! -x "$WINE" ]; then
  echo "wine64 not found: apt-get install wine64" >&2
  exit 2
fi
if [ ! -d "$WINEPREFIX" ]; then
  echo "creating the Wine prefix $WINEPREFIX (once; takes a while)"
  "$WINE" wineboot -i >/dev/null 2>&1 || true
fi

# Debian's Wine 8.0 lacks bcryptprimitives.dll, whose ProcessPrng Rust's std calls; the stub
# forwards it to RtlGenRandom. Test folders only, never a package.
stub_dll() {
  x86_64-w64-mingw32-gcc -O2 -shared -o "$1/bcryptprimitives.dll" \
    tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
}

wine_stop() {
  "$WINESERVER" -k >/dev/null 2>&1 || true
}
