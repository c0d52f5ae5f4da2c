"""The issue file's fields, declared once as shapes (yamlsrc.kinds): the loader reads through
them, and `pagesetter schema` prints them as JSON Schema (schema.py), so the two cannot drift
apart. Checks that need the page format (a column within its grid) are the loader's."""
from __future__ import annotations

from .page_format import PUNCTUATION_INTAKE
from .yamlsrc import Bool, Choice, Date, Field, Integer, Length, Number, OneOf, Seq, Shape, Text

PLACE = Shape("place", {
    "column": Field(Integer("base column the block starts in (1 = leftmost)", 1), True),
    "span": Field(Integer("base columns the block spans", 1), True),
    "line": Field(Integer("grid line the block starts on (1 = first)", 1), True),
    "height": Field(OneOf((Integer(low=1), Choice(("auto",))), "a number of lines or `auto`",
                          "grid lines, or `auto`: as tall as the copy needs, columns "
                          "balanced"), True),
    "text_columns": Field(Integer("text columns the span is split into (default: one per "
                                  "base column)", 1)),
}, "where a block goes on the page grid")
PLACE_OR_AUTO = OneOf((PLACE, Choice(("auto",))), "a place ({column, span, line, height}) or "
                      "`auto`", "where the block goes on the grid, or `auto`: the make-up "
                      "places it (with `priority`, `span`, `top` as hints)")
AUTO_HINTS = {
    "priority": Field(Integer("for the make-up: 1 = the lead; larger numbers matter less", 1,
                              99)),
    "span": Field(OneOf((Integer(low=1), Seq(Integer(low=1), min_items=2, max_items=2)),
                        "a number of columns or [least, most]",
                        "for the make-up: the base columns it may span (a number or [least, "
                        "most])")),
    "top": Field(Bool("for the make-up: at the top of its stack of blocks")),
}
LINES = OneOf((Text(), Seq(Text(), min_items=1)), "text or a list of lines",
              "text, or a list of lines (each a line of its own)")
HEADLINE = Shape("headline", {
    "main": Field(OneOf(LINES.options, LINES.expected, "主题: the headline proper; halves two "
                        "spaces apart; a list of lines (or a line break) breaks it there"), True),
    "kicker": Field(Text("引题: the line above")),
    "deck": Field(Text("副题: the line below")),
    "style": Field(Text("one of the format's headline_styles")),
}, "a headline with a kicker or deck, or in another style")
SUBHEAD = Shape("subhead", {"subhead": Field(Text("小标题"), True)}, "a subhead in the body")
FRAME = Shape("box", {
    "rule": Field(Length("rule weight (default 0.75pt; 0: a tint with no rule)", 0, 10)),
    "inset": Field(Length("space between the rule and the text (default 1字)", 0, 100)),
    "tint": Field(Text("a colour of the format, laid inside the box")),
    "corners": Field(Choice(("square", "round"), "corner style (default square)")),
}, "a box round the article (花边/框)")
CONTINUATION = Shape("continuation", {
    "page": Field(Integer("the page (第N版) the copy goes on to; the same page or another", 1),
                  True),
    "place": Field(PLACE, True),
    "headline": Field(Text("接题: the continuation's headline (default: the article's name)")),
}, "where an article's copy goes on (转版)")
INLINE_PHOTO = Shape("inline_photo", {
    "file": Field(Text("JPEG, PNG or TIFF, relative to the issue file"), True),
    "columns": Field(Integer("text columns of the article it spans (default 1)", 1)),
    "side": Field(Choice(("right", "left"), "which side of the text columns (default right)")),
    "lines": Field(OneOf((Integer(low=3), Choice(("auto",))), "a number of lines or `auto`",
                         "grid lines of the image (default auto: from its shape)")),
    "caption": Field(Text()),
    "credit": Field(Text()),
    "focus": Field(Seq(Number(low=0, high=1), "focal point for the crop: [x, y] from the "
                       "top-left, 0…1", min_items=2, max_items=2)),
}, "a photo inside an article, at the top of its last (or first) text columns; the text "
   "wraps round it")
ARTICLE = Shape("article", {
    "name": Field(Text("how reports name it (default: the headline up to ：)")),
    "headline": Field(OneOf((Text(), HEADLINE), "headline text or a mapping (main, kicker, "
                            "deck, style)")),
    "byline": Field(Text("run-in byline opening the first paragraph, e.g. 本报讯（赵峰）")),
    "author": Field(Text("author mark on its own line under the headline, e.g. □包玉莲")),
    "body": Field(Seq(OneOf((Text(), SUBHEAD), "a paragraph (text) or `subhead: …`"),
                      "paragraphs (text) and subheads", min_items=1), True),
    "place": Field(PLACE_OR_AUTO),
    **AUTO_HINTS,
    "with_photo": Field(Text("for the make-up: the photo (by its name or title) that stays "
                             "with it")),
    "punctuation": Field(PUNCTUATION_INTAKE),
    "box": Field(OneOf((Bool(), FRAME), "true or a mapping (rule, inset, tint, corners)",
                       "a box round the article: true, or its rule, inset, tint and corners")),
    "column_rules": Field(Bool("rules between the article's text columns (default: as the "
                               "format says)")),
    "continues": Field(Seq(CONTINUATION, "转版: where the copy goes on, in order; the jump "
                                         "lines are written by pagesetter")),
    "photo": Field(INLINE_PHOTO),
}, "an article: headline, byline, body copy and its place")
PHOTO = Shape("photo", {
    "name": Field(Text("how reports name it (default: its title or file name)")),
    "file": Field(Text("JPEG, PNG or TIFF, relative to the issue file"), True),
    "place": Field(PLACE_OR_AUTO),
    **AUTO_HINTS,
    "title": Field(Text("photo news title, set above the caption")),
    "caption": Field(Text()),
    "credit": Field(Text("e.g. 张妍 摄")),
    "focus": Field(Seq(Number(low=0, high=1), "focal point for the crop: [x, y] from the "
                       "top-left, 0…1", min_items=2, max_items=2)),
    "punctuation": Field(PUNCTUATION_INTAKE),
}, "a photo with its title, caption and credit")
BRIEF_ITEM = Shape("brief_item", {
    "head": Field(Text("the item's small head"), True),
    "text": Field(Text("the item's copy"), True),
}, "one item of a briefs column")
BRIEFS = Shape("briefs", {
    "name": Field(Text("how reports name it (default: its title)")),
    "title": Field(Text("the column's title (default 简讯)")),
    "byline": Field(Text("run-in byline opening the first item")),
    "items": Field(Seq(BRIEF_ITEM, "the items, each a small head and its copy", min_items=1),
                   True),
    "place": Field(PLACE_OR_AUTO),
    **AUTO_HINTS,
    "punctuation": Field(PUNCTUATION_INTAKE),
}, "a briefs column (简讯): short items stacked under a title, rules between them")
INDEX_ENTRY = Shape("index_entry", {
    "article": Field(Text("the article (its `name`) the entry refers to: its page is filled "
                          "in, and its headline is the text unless `text` is given"), True),
    "text": Field(Text("the entry's own text")),
}, "an entry of the day's index made from an article")
PAGE = Shape("page", {
    "number": Field(Integer("page number (第X版)", 1, 999), True),
    "section": Field(Text("section name")),
    "editor": Field(Text("responsible editor (责任编辑)")),
    "articles": Field(Seq(ARTICLE, "articles in reading order")),
    "briefs": Field(Seq(BRIEFS, "briefs columns (简讯), read after the articles")),
    "photos": Field(Seq(PHOTO)),
    "masthead": Field(Text("a masthead (报头) template of the format, for a front page")),
    "index": Field(Seq(OneOf((Text(), INDEX_ENTRY), "text or {article: …}"),
                       "the day's index (要目) in the masthead: an entry names an article "
                       "(its page is filled in) or is text")),
    "layout": Field(Choice(("auto",), "`auto`: articles and photos without a place are placed "
                                      "by the make-up")),
}, "one page (版)")
ISSUE = Shape("", {
    "publication": Field(Text("masthead name in the page header"), True),
    "number": Field(Integer("issue number (第X期)", 1), True),
    "date": Field(Date("issue date, YYYY-MM-DD"), True),
    "format": Field(Text("page format: a name in layout/, or a path ending in .yaml"), True),
    "editorial": Field(Seq(Text(), "field paths whose values the desk supplied, not the "
                                   "copy")),
    "pages": Field(Seq(PAGE, min_items=1), True),
    "cn": Field(Text("国内统一连续出版物号, printed in a masthead, e.g. CN15-0033/D")),
    "publication_mongolian": Field(Text("the publication's name in Mongolian script, set "
                                        "vertically beside the name in a masthead and in "
                                        "the page header")),
}, "a pagesetter issue file (docs/issue-format.md)")
