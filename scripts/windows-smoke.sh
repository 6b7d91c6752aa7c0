#!/usr/bin/env bash
# Smoke test of the Windows build: cross-compiles brochure.exe (x86_64-pc-windows-gnu) and runs
# it under Wine on the commands bureau editors use, with Windows habits: --version, build of
# the sample site (PDF included), check of a site with CRLF, BOM, GBK, a backslash image path,
# a Chinese file name and a space in its path, import of an .xlsx, new, serve answering a
# request, and a start without arguments. Prints PASS/FAIL per step; exits 1 if any failed.
#
# Needs: rustup target x86_64-pc-windows-gnu, gcc-mingw-w64-x86-64, wine64, python3, curl.
# Usage: scripts/windows-smoke.sh [--no-build]   (--no-build: use the .exe already built)
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/brochure-target}"
exe="$CARGO_TARGET_DIR/$target/release/brochure.exe"
if [ "${1:-}" != "--no-build" ]; then
  cargo build --release --locked --target "$target" || exit 2
fi
source scripts/wine-env.sh

work=$(mktemp -d /tmp/brochure-wine-smoke.XXXXXX)
trap 'wine_stop; rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cp "$exe" "$work/bin/brochure.exe"
stub_dll "$work/bin" || exit 2

failures=0
results=()
# record NAME OK: one line of the summary.
record() {
  if [ "$2" = 0 ]; then
    results+=("PASS  $1")
  else
    results+=("FAIL  $1")
    failures=$((failures + 1))
  fi
}
# brochure ARGS...: the .exe under Wine in the current folder; output in $work/out, code in $code.
brochure() {
  "$WINE" "$work/bin/brochure.exe" "$@" >"$work/out" 2>&1 </dev/null
  code=$?
  sed 's/^/    /' "$work/out"
}
# has TEXT: whether the last output contains TEXT.
has() { grep -qF -- "$1" "$work/out"; }

echo "== --version"
brochure --version
has "brochure $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1) (" && [ "$code" = 0 ]
record "--version names version and commit" $?

echo "== build the sample site (a copy of content/) into output/"
sample="$work/sample site"
mkdir -p "$sample"
cp -r content "$sample/"
cd "$sample"
brochure build
if [ "$code" != 0 ] && has "no Chinese font"; then
  # This binary has no bundled Chinese font and Wine has none: the site's fonts/ folder.
  echo "   (no Chinese font in this build or in Wine: retrying with a Noto CJK copy in fonts/)"
  mkdir -p fonts
  cp /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts/
  brochure build
  pdf_note=" (font from the site's fonts/, not bundled)"
fi
[ "$code" = 0 ] && [ -f output/index.html ] && [ -f output/data/projects.xlsx ] \
  && [ -s output/catalog.pdf ] && head -c 5 output/catalog.pdf | grep -q '%PDF-' \
  && has "output"
record "build: output/ with index.html, data/projects.xlsx, catalog.pdf${pdf_note:-}" $?
[ -f output/catalog.pdf ] && command -v pdffonts >/dev/null && pdffonts output/catalog.pdf | sed 's/^/    /' | head -6

echo "== init a site in a folder with a space and Chinese in its name"
cd "$work"
brochure init "Windows 习惯 site"
[ "$code" = 0 ] && [ -f "Windows 习惯 site/content/catalog.yaml" ] && has "Windows 习惯 site"
record "init \"Windows 习惯 site\"" $?

echo "== check a site of Windows habits: CRLF + BOM, GBK, backslash image path, Chinese file name"
habits="$work/Windows 习惯 site"
python3 - "$habits" <<'PY'
import pathlib, sys
projects = pathlib.Path(sys.argv[1]) / "content" / "projects"
good = (projects / "example-district-carbon-fiber.md").read_text(encoding="utf-8")
def variant(code, title, body=""):
    text = good.replace("code: EX-001", f"code: {code}").replace("碳纤维复合材料制品项目", title)
    return text + body
# Notepad's habits: CRLF line ends and a UTF-8 BOM; must be read without complaint.
(projects / "crlf-bom.md").write_bytes(b"\xef\xbb\xbf" + variant("EX-002", "记事本项目").replace("\n", "\r\n").encode())
# Saved as GBK (ANSI in Chinese Windows): an error naming the encoding.
(projects / "gbk-file.md").write_bytes(variant("EX-003", "国标编码项目").encode("gbk"))
# A Windows path in an image: must point at the asset or be named.
(projects / "backslash-image.md").write_text(variant("EX-004", "反斜杠项目", "\n![规划图](..\\assets\\plan.png)\n"), encoding="utf-8")
(projects.parent / "assets").mkdir(exist_ok=True)
(projects.parent / "assets" / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
# A Chinese file name: a warning, as it becomes the page's address.
(projects / "天水项目.md").write_text(variant("EX-005", "中文文件名项目"), encoding="utf-8")
PY
brochure check "Windows 习惯 site"
[ "$code" = 1 ] \
  && has 'content\projects\gbk-file.md' && has "GBK" \
  && has 'content\projects\天水项目.md' \
  && ! has "crlf-bom.md" && ! has "content/projects"
record "check: exit 1, GBK error and Chinese-name warning with Windows paths, CRLF+BOM accepted" $?
if has "backslash-image.md"; then
  echo "    note: the backslash image path is reported (see above)"
else
  echo "    note: the backslash image path resolves without a problem"
fi

echo "== import the .xlsx that build wrote into a copy of the sample without projects"
imported="$work/import site"
mkdir -p "$imported"
cp -r "$repo/content" "$imported/"
rm -rf "$imported/content/projects"
mkdir "$imported/content/projects"
cd "$imported"
brochure import "..\\sample site\\output\\data\\projects.xlsx"
# Drafts are left out of the export: count the projects the build wrote.
projects=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["projects"]))' \
  "$work/sample site/output/data/projects.json")
imported_files=$(find "$imported/content/projects" -name '*.md' | wc -l)
[ "$code" = 0 ] && has "$projects created" && [ "$imported_files" = "$projects" ] && has 'content\projects\'
record "import projects.xlsx: $imported_files of $projects projects created" $?
brochure check
[ "$code" = 0 ] && has "ok: $projects projects"
record "check of the imported site: ok" $?

echo "== new"
cd "$habits"
brochure new wine-project --chain new-materials --county example-district
[ "$code" = 0 ] && [ -f content/projects/wine-project.md ] && has 'content\projects\wine-project.md'
record "new wine-project" $?

echo "== serve, answering a request from Linux"
cd "$work/sample site"
port=18111
"$WINE" "$work/bin/brochure.exe" serve --port "$port" >"$work/serve.log" 2>&1 </dev/null &
serve_pid=$!
answered=1
for _ in $(seq 1 90); do
  if curl -fsS "http://127.0.0.1:$port/" -o "$work/page.html" 2>/dev/null; then
    answered=0
    break
  fi
  sleep 1
done
sed 's/^/    /' "$work/serve.log"
title=$(sed -n 's/^title: *//p' content/catalog.yaml | head -1)
[ "$answered" = 0 ] && grep -qF "$title" "$work/page.html" \
  && curl -fsS "http://127.0.0.1:$port/data/projects.json" | grep -q '"slug"'
record "serve: / and /data/projects.json answer on 127.0.0.1:$port" $?
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null

echo "== no arguments (what a double-click runs), input closed"
cd "$work"
brochure
if has "地址栏输入 cmd"; then
  echo "    Wine gives brochure a console of its own here: the double-click text shows"
else
  echo "    Wine attaches no console of its own here: the usage shows, as in a terminal"
fi
has "brochure serve --open" || has "Usage: brochure"
record "no arguments: explains itself and ends (code $code)" $?

echo
echo "== Windows smoke test under $("$WINE" --version 2>/dev/null)"
printf '%s\n' "${results[@]}"
[ "$failures" = 0 ]
