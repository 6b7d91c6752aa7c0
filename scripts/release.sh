#!/usr/bin/env bash
# Builds the release packages into dist/ and checks each one:
#   brochure-<version>-linux-x86_64.tar.gz   static (musl) binary
#   brochure-<version>-windows-x86_64.zip    brochure.exe
# Each holds the binary, a starter site (what `brochure init` writes) that builds at once and
# 快速上手.txt (packaging/; for Windows with CRLF and a UTF-8 BOM, for Notepad). Each package is
# then unpacked into an empty folder and its binary builds the starter site there: the Linux
# one directly, the Windows one under Wine with the test-only stub DLL (scripts/wine-env.sh)
# copied into that test folder only.
#
# Needs: rustup targets x86_64-unknown-linux-musl and x86_64-pc-windows-gnu, musl-tools,
# gcc-mingw-w64-x86-64, wine64, python3. Usage: scripts/release.sh
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/brochure-target}"
linux_target=x86_64-unknown-linux-musl
windows_target=x86_64-pc-windows-gnu

cargo build --release --locked --target "$linux_target"
cargo build --release --locked --target "$windows_target"
linux_bin="$CARGO_TARGET_DIR/$linux_target/release/brochure"
windows_bin="$CARGO_TARGET_DIR/$windows_target/release/brochure.exe"

rm -rf dist
mkdir dist

# assemble NAME BINARY PROGRAM-NAME STRIP QUICK-START: dist/NAME/ with the stripped binary,
# the starter site and the quick start.
assemble() {
  local folder="dist/$1"
  mkdir "$folder"
  "$4" -o "$folder/$3" "$2"
  "$linux_bin" init "$folder" >/dev/null
  sed "s/{version}/$version/g" "$5" >"$folder/快速上手.txt"
}

linux="brochure-$version-linux-x86_64"
assemble "$linux" "$linux_bin" brochure strip packaging/快速上手-linux.txt
tar -C dist -czf "dist/$linux.tar.gz" "$linux"

windows="brochure-$version-windows-x86_64"
assemble "$windows" "$windows_bin" brochure.exe x86_64-w64-mingw32-strip packaging/快速上手-windows.txt
python3 - "dist/$windows/快速上手.txt" <<'PY'
import pathlib, sys
path = pathlib.Path(sys.argv[1])
path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
PY
# Python's zipfile marks non-ASCII names as UTF-8, which Windows' own unzip honours.
python3 - "dist/$windows.zip" "dist/$windows" <<'PY'
import pathlib, sys, zipfile
folder = pathlib.Path(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted(folder.rglob("*")):
        archive.write(path, path.relative_to(folder.parent).as_posix())
PY
rm -rf "dist/$linux" "dist/$windows"

# ---- check each package in an empty folder ----
fail() {
  echo "release: $*" >&2
  exit 1
}
# built DIR: the starter site in DIR was built with its PDF.
built() {
  [ -f "$1/output/index.html" ] && [ -f "$1/output/data/projects.xlsx" ] && [ -s "$1/output/catalog.pdf" ]
}

check=$(mktemp -d /tmp/brochure-release-check.XXXXXX)
trap 'rm -rf "$check"' EXIT

echo "== $linux.tar.gz"
mkdir "$check/linux"
tar -C "$check/linux" -xzf "dist/$linux.tar.gz"
(
  cd "$check/linux/$linux"
  ./brochure --version
  ./brochure build
) || fail "the Linux package does not build its starter site"
built "$check/linux/$linux" || fail "the Linux package's build lacks output files"
file "$check/linux/$linux/brochure" | grep -q "static" || fail "the Linux binary is not static"

echo "== $windows.zip"
mkdir "$check/windows"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
  "dist/$windows.zip" "$check/windows"
unzipped="$check/windows/$windows"
[ -f "$unzipped/brochure.exe" ] && [ -f "$unzipped/快速上手.txt" ] && [ ! -e "$unzipped/bcryptprimitives.dll" ] \
  || fail "the Windows package lacks brochure.exe or 快速上手.txt, or holds the test DLL"
head -c 3 "$unzipped/快速上手.txt" | cmp -s - <(printf '\xef\xbb\xbf') || fail "快速上手.txt has no BOM"
source scripts/wine-env.sh
trap 'wine_stop; rm -rf "$check"' EXIT
stub_dll "$unzipped"
(
  cd "$unzipped"
  "$WINE" brochure.exe --version
  if ! "$WINE" brochure.exe build 2>"$check/build.err"; then
    cat "$check/build.err" >&2
    grep -q "no Chinese font" "$check/build.err" || exit 1
    # No bundled Chinese font in this build and none in Wine: a copy in the test folder.
    echo "(no Chinese font in this build or in Wine: building again with a Noto CJK copy in fonts/)"
    mkdir fonts
    cp /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts/
    "$WINE" brochure.exe build
  fi
) || fail "the Windows package does not build its starter site under Wine"
built "$unzipped" || fail "the Windows package's build lacks output files"

echo
echo "release: packages built and checked:"
ls -l dist/
echo "binaries: $(stat -c %s "$linux_bin") bytes (Linux, before strip), $(stat -c %s "$windows_bin") bytes (Windows, before strip)"
