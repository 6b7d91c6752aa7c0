#!/usr/bin/python3
"""Remakes the Chinese font bundled in brochure (assets/fonts/BrochureSansSC-*.otf).

The font is Noto Sans CJK SC, Regular and Bold, from Debian's fonts-noto-cjk, cut down to the
characters a catalog needs: GB2312 (6,763 hanzi and its symbols), the 8,105 hanzi of the
通用规范汉字表 (Unihan's kTGH field, from Debian's unicode-data), ASCII and Latin-1, general,
CJK and full-width punctuation, units and enclosed numbers (¥ € ° ℃ ㎡ ① Ⅲ …) and every
character of the sample content in content/. It is renamed Brochure Sans SC so that it never
passes for the full font; the SIL Open Font License 1.1 (assets/fonts/OFL.txt) allows both.

Needs: apt-get install fonts-noto-cjk unicode-data python3-fonttools
Run from the repository: /usr/bin/python3 scripts/make-font-subset.py
The output is byte-for-byte the same for the same package versions (see assets/fonts/README.md).
"""

import bz2
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "assets" / "fonts"
NOTO = pathlib.Path("/usr/share/fonts/opentype/noto")
UNIHAN = pathlib.Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
FAMILY = "Brochure Sans SC"
POSTSCRIPT = "BrochureSansSC"
WEIGHTS = ("Regular", "Bold")

# Blocks kept whole: (first, last) code points.
BLOCKS = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ¥ ° ± × ÷ · …
    (0x2010, 0x205E),  # general punctuation: — ‘ ’ “ ” … ‰ ※
    (0x20A0, 0x20C0),  # currency: €
    (0x2100, 0x218F),  # letterlike and number forms: ℃ № Ⅰ Ⅻ
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ≤ ≥ ≈ ≠
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⑴ ⒈
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ○ ●
    (0x2600, 0x26FF),  # symbols: ★ ☆ ☎
    (0x3000, 0x303F),  # CJK punctuation: 、 。 《 》 【 】
    (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㊀
    (0x3300, 0x33FF),  # CJK compatibility: ㎡ ㎞ ㎏
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width signs: ￥ ￠
]


def gb2312():
    """Every character GB2312 encodes, by decoding each of its two-byte codes."""
    chars = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def tongyong_guifan():
    """The 8,105 hanzi of the 通用规范汉字表 (2013), from Unihan's kTGH field."""
    chars = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as lines:
        for line in lines:
            fields = line.split("\t")
            if len(fields) == 3 and fields[1] == "kTGH":
                chars.add(chr(int(fields[0][2:], 16)))
    if len(chars) != 8105:
        sys.exit(f"expected 8105 kTGH characters in {UNIHAN}, found {len(chars)}")
    return chars


def sample_content():
    """Every character of the sample catalog, so the repository's own site is complete."""
    chars = set()
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix in (".md", ".yaml"):
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def wanted():
    chars = gb2312() | tongyong_guifan() | sample_content()
    for first, last in BLOCKS:
        chars.update(chr(c) for c in range(first, last + 1))
    return sorted(ord(c) for c in chars)


def rename(font, weight):
    """Gives the subset its own family name, in every name record that carries one."""
    full = f"{FAMILY} {weight}" if weight != "Regular" else FAMILY
    postscript = f"{POSTSCRIPT}-{weight}"
    names = {
        1: FAMILY,
        3: f"{postscript};subset of Noto Sans CJK SC for brochure",
        4: full,
        6: postscript,
        16: FAMILY,
        17: weight,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    top = cff.topDictIndex[0]
    top.FullName = full
    top.FamilyName = FAMILY


def make(weight, codepoints):
    collection = TTCollection(NOTO / f"NotoSansCJK-{weight}.ttc")
    font = next(
        f for f in collection.fonts if f["name"].getDebugName(6) == f"NotoSansCJKsc-{weight}"
    )
    options = subset.Options()
    options.drop_tables += ["vhea", "vmtx", "VORG"]
    # Kerning and ligatures for Latin text only: 'locl' and the width variants would pull in the
    # Japanese, Korean and traditional forms and double the size.
    options.layout_features = ["kern", "liga", "ccmp"]
    # Print and PDF viewers need no hints; leaving them out saves a sixth of the size.
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    rename(font, weight)
    font.recalcTimestamp = False
    path = OUT / f"{POSTSCRIPT}-{weight}.otf"
    font.save(path)
    covered = len(font.getBestCmap())
    glyphs = len(font.getGlyphOrder())
    print(f"{path.relative_to(REPO)}: {covered} characters, {glyphs} glyphs, {path.stat().st_size} bytes")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    codepoints = wanted()
    for weight in WEIGHTS:
        make(weight, codepoints)


if __name__ == "__main__":
    main()
