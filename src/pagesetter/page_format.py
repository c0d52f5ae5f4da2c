"""The page format file's fields (layout/NAME.yaml), declared once as shapes (yamlsrc.kinds): the
format loader (formatfile.py) reads through them, and `pagesetter schema --format` prints them as
JSON Schema. Lengths are a number of pt or text with a unit (3mm, 1.5字, 小五); what a length in
characters means and which names a style may refer to are the loader's to check."""
from __future__ import annotations

from .yamlsrc import Bool, Choice, Field, Integer, Length, MapOf, Number, OneOf, Seq, Shape, Text

#: Copy intake of half-width marks, for a whole format or one article (intake.py).
PUNCTUATION_INTAKE = Choice(("normalise", "as-typed"),
                            "half-width , . ; : ? ! ( ) and straight quotes between Chinese "
                            "characters: `normalise` (the default) sets them as GB/T 15834 "
                            "marks and lists each change; `as-typed` prints them as typed")
PUNCTUATION_STYLES = ("kaiming", "quanjiao", "line-end-half", "banjiao")
ALIGNS = ("justify", "left", "centre", "right")

COPYFIT = Shape("copyfit", {
    "condense": Field(Number("em a line a paragraph may be set tighter (default 0.5)", 0, 2)),
    "expand": Field(Number("em a line a paragraph may be set looser (default 0.5)", 0, 2)),
    "lines": Field(Integer("lines an article may gain or lose so (default 2)", 0, 20)),
}, "how far copyfitting (缩行/拉行) may go")
STYLE = Shape("style", {
    "font": Field(Text("a face of `fonts`"), True),
    "size": Field(Length("pt, mm or a 字号 name (小五)", 3, 300), True),
    "colour": Field(Text("a colour of `colours` (default black)")),
    "align": Field(Choice(ALIGNS, "default justify")),
    "indent": Field(Length("first-line indent, in characters of the style's size unless a unit "
                           "says")),
    "leading": Field(Length("line pitch of a display block (default 1.25 × size)")),
    "background": Field(Text("a colour of `colours` behind a headline (a bar)")),
    "lines": Field(Integer("grid lines a one-line block takes (0: as needed)", 0, 50)),
    "punctuation": Field(Choice(PUNCTUATION_STYLES, "punctuation widths (default kaiming)")),
    "bold": Field(Text("the face for **bold** runs")),
    "copyfit": Field(OneOf((Choice(("off",)), COPYFIT), "`off` or a mapping",
                           "copyfitting of a body style (default on for `body`)")),
    "max_lines": Field(Integer("the most lines a headline in this style takes", 1, 20)),
}, "a text style")
HEADLINE_LOOK = Shape("headline_look", {
    "main": Field(Text("the main headline's style"), True),
    "kicker": Field(Text("the kicker's style (default kicker)")),
    "deck": Field(Text("the deck's style (default deck)")),
    "rule": Field(Length("a rule under the head", 0, 10)),
    "rule_colour": Field(Text("a colour of `colours`")),
    "vertical": Field(Bool("set top to bottom (竖排) in a strip at the article's left, the text "
                           "beside it (default false)")),
}, "a headline look: the styles of its parts")
MASTHEAD = Shape("masthead", {
    "lines": Field(Integer("grid lines it takes at the top of the grid", 4), True),
    "name_style": Field(Text(), True),
    "info_style": Field(Text(), True),
    "index_style": Field(Text(), True),
    "index_title": Field(Text("default 本期导读")),
    "rule": Field(Length("the thick rule under it", 0, 10)),
    "rule_colour": Field(Text()),
    "mongolian_style": Field(Text("the style of the publication's name in Mongolian script "
                                  "(`publication_mongolian`), set vertically beside the name")),
}, "a front page's masthead (报头) template")
PAGE_SIZE = Shape("page_size", {
    "trim": Field(Seq(Length(), "[width, height]", 2, 2), True),
    "bleed": Field(Length("default 0", 0)),
}, "the trimmed page and its bleed")
GRID = Shape("grid", {
    "columns": Field(Integer("base columns", 1, 20), True),
    "column_chars": Field(Number("characters of the body size a base column holds", 1, 200),
                          True),
    "gutter_chars": Field(Number("characters between base columns", 0, 20), True),
    "line_pitch": Field(Length("the grid line, pt or in characters"), True),
    "top": Field(Length("the first grid line, from the trim's top"), True),
    "lines": Field(Integer("grid lines", 1, 1000), True),
    "left": Field(Length("the grid's left edge (default: centred)")),
    "last_column": Field(Choice(("balance", "fill"), "fixed-height articles balance their text "
                                "columns or fill them in turn (default balance)")),
}, "the base columns and the line grid")
HEADER = Shape("header", {
    "top": Field(Length(), True),
    "height": Field(Length(), True),
    "rule": Field(Length("default 1pt", 0, 10)),
    "rule_colour": Field(Text()),
    "name_style": Field(Text(), True),
    "info_style": Field(Text(), True),
    "mongolian_style": Field(Text("the style of the publication's name in Mongolian script "
                                  "(`publication_mongolian`), set vertically beside the name")),
}, "the page header band")
RULES = Shape("rules", {
    "width": Field(Length("default 0.5pt", 0, 10)),
    "colour": Field(Text()),
    "between": Field(Bool("rules between blocks (default true)")),
    "columns": Field(Bool("rules between an article's text columns (default false)")),
}, "rules between blocks")
FORMAT = Shape("", {
    "name": Field(Text("default: the file's name")),
    "page": Field(PAGE_SIZE, True),
    "grid": Field(GRID, True),
    "header": Field(HEADER, True),
    "rules": Field(RULES),
    "fonts": Field(MapOf(Text(), "faces by key: .ttf files in fonts/ or beside the format"),
                   True),
    "fallback": Field(MapOf(OneOf((Text(), Seq(Text(), min_items=1)),
                                  "a face file, or a list tried in order"),
                            "fallback faces by face key: they set the ideographs a face lacks "
                            "(rare name characters, CJK Extensions A–F)")),
    "colours": Field(MapOf(Seq(Number(low=0, high=100), min_items=4, max_items=4),
                           "colours by name: [C, M, Y, K] in percent"), True),
    "styles": Field(MapOf(STYLE, "text styles by name (body, byline, subhead … are required)"),
                    True),
    "headline_styles": Field(OneOf((Seq(Text()), MapOf(HEADLINE_LOOK)), "a list of styles or "
                                   "a mapping of looks", "the headline looks an article may "
                                   "take")),
    "punctuation": Field(PUNCTUATION_INTAKE),
    "mastheads": Field(MapOf(MASTHEAD, "front-page templates by name")),
    "words": Field(Seq(Text(), "names a headline keeps whole (科右中旗, 人大常委会 …)")),
}, "a pagesetter page format (layout/NAME.yaml)")
