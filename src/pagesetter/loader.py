"""Load stage: issue YAML and page-format YAML → validated, immutable model (model.py).

Every check a user can fail raises InputError naming the file, line, column and field path.
Lengths are resolved here, once, to pt: the model never sees mm, 字号 names or 字.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .model import (BLACK, Article, Block, Colour, Grid, Header, Headline, Issue, Page,
                    PageFormat, Paragraph, Photo, Placement, Subhead, TextStyle)
from .resources import data_dir
from .textrules import PunctStyle
from .units import mm
from .intake import Copy, Intake
from .yamlsrc import (Choice, Date, Field, Integer, Node, Number, OneOf, Record, Seq, Shape, Text,
                      load_yaml)

IMAGE_FORMATS = {"JPEG", "PNG", "TIFF"}
ALIGNS = {"justify", "left", "centre", "right"}
STYLE_KEYS = {"font", "size", "colour", "align", "indent", "leading", "background", "lines",
              "punctuation"}
REQUIRED_STYLES = ("body", "byline", "subhead", "author", "caption-title", "caption", "credit",
                   "kicker", "deck", "folio")


# --- page format ---------------------------------------------------------------------------

def find_format(name: str, issue_file: Path, node: Node) -> Path:
    """A format is a file name (relative to the issue) or a name looked up in layout/ folders:
    beside the issue's folder, in the working directory, then the installed ones."""
    if name.endswith((".yaml", ".yml")):
        path = (issue_file.parent / name)
        if path.is_file():
            return path
        raise node.error(f"format file {path} does not exist")
    folders = [issue_file.parent.parent / "layout", Path.cwd() / "layout", data_dir("layout")]
    for folder in folders:
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.yaml")})
    raise node.error(f"unknown page format `{name}`",
                     "known formats: " + ", ".join(known) if known else "add layout/NAME.yaml")


def load_format(path: Path) -> PageFormat:
    root = load_yaml(path, "format file")
    top = Record(root, {"name", "page", "grid", "header", "rules", "fonts", "colours", "styles",
                        "headline_styles", "punctuation"},
                 {"page", "grid", "header", "fonts", "colours", "styles"})
    colours = {name: _colour(name, node) for name, node in top["colours"].items()}
    fonts = _fonts(top["fonts"], path.parent)

    styles_node = top["styles"]
    raw_styles = dict(styles_node.items())
    if "body" not in raw_styles:
        raise styles_node.error("missing required style `body`", "every format needs a body style")
    body_size = _style_size(raw_styles["body"])
    styles = {name: _style(name, node, fonts, colours) for name, node in raw_styles.items()}
    for required in REQUIRED_STYLES:
        if required not in styles:
            raise styles_node.error(f"missing required style `{required}`")

    page = Record(top["page"], {"trim", "bleed"}, {"trim"})
    trim = page["trim"].sequence()
    if len(trim) != 2:
        raise page["trim"].error("expected [width, height]")
    trim_w, trim_h = (t.length(low=mm(50), high=mm(2000)) for t in trim)
    bleed = page.get("bleed", lambda n: n.length(low=0, high=mm(20)), 0.0)

    rules = Record(top["rules"], {"width", "colour"}) if "rules" in top else None
    headline_styles = top.get("headline_styles",
                              lambda n: tuple(i.choice(styles) for i in n.sequence(min_items=1)),
                              tuple(s for s in styles if s.startswith("headline")))
    if not headline_styles:
        raise styles_node.error("no headline style", "name one in `headline_styles`")
    return PageFormat(
        name=top.get("name", Node.text, path.stem), source=path,
        trim_width=trim_w, trim_height=trim_h, bleed=bleed,
        grid=_grid(top["grid"], trim_w, trim_h, body_size),
        header=_header(top["header"], colours, styles), fonts=fonts, styles=styles,
        rule_width=rules.get("width", lambda n: n.length(low=0, high=10), 0.5) if rules else 0.5,
        rule_colour=rules.get("colour", lambda n: _colour_ref(n, colours),
                              colours.get("black", BLACK)) if rules else
        colours.get("black", BLACK),
        headline_styles=headline_styles,
        font_positions={key: node.pos for key, node in top["fonts"].items()},
        punctuation=top.get("punctuation", PUNCTUATION_INTAKE.read, "normalise"),
    )


def _colour(name: str, node: Node) -> Colour:
    parts = node.sequence()
    if len(parts) != 4:
        raise node.error("expected [C, M, Y, K] in percent", "e.g. [0, 0, 0, 100] for black")
    values = [p.number() for p in parts]
    for part, value in zip(parts, values, strict=True):
        if not 0 <= value <= 100:
            raise part.error(f"{value:g} is not a percentage (0…100)")
    return Colour(name, *(v / 100 for v in values))


def _colour_ref(node: Node, colours: dict[str, Colour]) -> Colour:
    return colours[node.choice(colours)]


def _fonts(node: Node, format_folder: Path) -> dict[str, Path]:
    """Font files by key: a path relative to the format file (a licensed face kept with its
    format), else a file of pagesetter's own fonts/ folder."""
    fonts = {}
    packaged = data_dir("fonts")
    for key, value in node.items():
        name = value.text()
        candidates = [format_folder / name, packaged / name]
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            raise value.error(f"font file {name} is neither beside the format nor in "
                              f"{packaged}", "fonts are committed in fonts/ (see fonts/README.md), "
                              "or give a path relative to the format file")
        fonts[key] = path  # parsed when first used (fonts.FontBook), errors at this line
    return fonts


def _style_size(node: Node) -> float:
    return Record(node, STYLE_KEYS, {"size"})["size"].length(low=3, high=300)


def _style(name: str, node: Node, fonts: dict[str, Path], colours: dict[str, Colour]) \
        -> TextStyle:
    """A text style. Its indent is in characters (字) of its own size unless a unit says
    otherwise: `indent: 2` is two characters."""
    f = Record(node, STYLE_KEYS, {"font", "size"})
    size = _style_size(node)
    return TextStyle(
        name=name, font=f["font"].choice(fonts), size=size,
        colour=f.get("colour", lambda n: _colour_ref(n, colours), colours.get("black", BLACK)),
        align=f.get("align", lambda n: n.choice(ALIGNS), "justify"),
        leading=f.get("leading", lambda n: n.length(em=size, low=0, high=10 * size), 0.0),
        indent=f.get("indent", lambda n: n.length(em=size, low=0, high=10 * size,
                                                   default_unit="em"), 0.0),
        background=f.get("background", lambda n: _colour_ref(n, colours), None),
        lines=f.get("lines", lambda n: n.integer(0, 50), 0),
        punctuation=f.get("punctuation",
                          lambda n: PunctStyle(n.choice([p.value for p in PunctStyle])),
                          PunctStyle.KAIMING),
    )


def _grid(node: Node, trim_w: float, trim_h: float, body_size: float) -> Grid:
    g = Record(node, {"columns", "column_chars", "gutter_chars", "line_pitch", "top", "lines",
                      "left", "last_column"},
               {"columns", "column_chars", "gutter_chars", "line_pitch", "top", "lines"})
    columns = g["columns"].integer(1, 20)
    column_width = g["column_chars"].number(1, 200) * body_size
    gutter = g["gutter_chars"].number(0, 20) * body_size
    width = columns * column_width + (columns - 1) * gutter
    left = g.get("left", lambda n: n.length(em=body_size, low=0), (trim_w - width) / 2)
    pitch = g["line_pitch"].length(em=body_size, low=body_size, high=10 * body_size)
    top = g["top"].length(em=body_size, low=0)
    lines = g["lines"].integer(1, 1000)
    if left < 0 or left + width > trim_w + 0.01:
        raise node.error(f"the grid is {width:.1f} pt wide and does not fit the trim "
                         f"({trim_w:.1f} pt)", "fewer columns or characters per column")
    if top + lines * pitch > trim_h + 0.01:
        raise g["lines"].error(f"{lines} lines of {pitch} pt from {top:.1f} pt run off the page",
                               "fewer lines")
    balance = g.get("last_column", lambda n: n.choice(["balance", "fill"]), "balance")
    return Grid(columns, column_width, gutter, pitch, lines, left, top, body_size,
                balance == "balance")


def _header(node: Node, colours: dict[str, Colour], styles: dict[str, TextStyle]) -> Header:
    h = Record(node, {"top", "height", "rule", "rule_colour", "name_style", "info_style"},
               {"top", "height", "name_style", "info_style"})
    return Header(
        top=h["top"].length(low=0), height=h["height"].length(low=0),
        rule_width=h.get("rule", lambda n: n.length(low=0, high=10), 1.0),
        rule_colour=h.get("rule_colour", lambda n: _colour_ref(n, colours),
                          colours.get("black", BLACK)),
        name_style=h["name_style"].choice(styles), info_style=h["info_style"].choice(styles),
    )


# --- issue ---------------------------------------------------------------------------------
# The issue file's fields, declared once: the loader reads through these shapes, and
# `pagesetter schema` prints them as JSON Schema (schema.py).

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
PUNCTUATION_INTAKE = Choice(("normalise", "as-typed"),
                            "half-width , . ; : ? ! ( ) and straight quotes between Chinese "
                            "characters: `normalise` (the default) sets them as GB/T 15834 "
                            "marks and lists each change; `as-typed` prints them as typed")
HEADLINE = Shape("headline", {
    "main": Field(Text("主题: the headline proper; halves two spaces apart"), True),
    "kicker": Field(Text("引题: the line above")),
    "deck": Field(Text("副题: the line below")),
    "style": Field(Text("one of the format's headline_styles")),
}, "a headline with a kicker or deck, or in another style")
SUBHEAD = Shape("subhead", {"subhead": Field(Text("小标题"), True)}, "a subhead in the body")
ARTICLE = Shape("article", {
    "name": Field(Text("how reports name it (default: the headline up to ：)")),
    "headline": Field(OneOf((Text(), HEADLINE), "headline text or a mapping (main, kicker, "
                            "deck, style)")),
    "byline": Field(Text("run-in byline opening the first paragraph, e.g. 本报讯（赵峰）")),
    "author": Field(Text("author mark on its own line under the headline, e.g. □包玉莲")),
    "body": Field(Seq(OneOf((Text(), SUBHEAD), "a paragraph (text) or `subhead: …`"),
                      "paragraphs (text) and subheads", min_items=1), True),
    "place": Field(PLACE, True),
    "punctuation": Field(PUNCTUATION_INTAKE),
}, "an article: headline, byline, body copy and its place")
PHOTO = Shape("photo", {
    "name": Field(Text("how reports name it (default: its title or file name)")),
    "file": Field(Text("JPEG, PNG or TIFF, relative to the issue file"), True),
    "place": Field(PLACE, True),
    "title": Field(Text("photo news title, set above the caption")),
    "caption": Field(Text()),
    "credit": Field(Text("e.g. 张妍 摄")),
    "focus": Field(Seq(Number(low=0, high=1), "focal point for the crop: [x, y] from the "
                       "top-left, 0…1", min_items=2, max_items=2)),
    "punctuation": Field(PUNCTUATION_INTAKE),
}, "a photo with its title, caption and credit")
PAGE = Shape("page", {
    "number": Field(Integer("page number (第X版)", 1, 999), True),
    "section": Field(Text("section name")),
    "editor": Field(Text("responsible editor (责任编辑)")),
    "articles": Field(Seq(ARTICLE, "articles in reading order")),
    "photos": Field(Seq(PHOTO)),
}, "one page (版)")
ISSUE = Shape("", {
    "publication": Field(Text("masthead name in the page header"), True),
    "number": Field(Integer("issue number (第X期)", 1), True),
    "date": Field(Date("issue date, YYYY-MM-DD"), True),
    "format": Field(Text("page format: a name in layout/, or a path ending in .yaml"), True),
    "editorial": Field(Seq(Text(), "field paths whose values the desk supplied, not the "
                                   "copy")),
    "pages": Field(Seq(PAGE, min_items=1), True),
}, "a pagesetter issue file (docs/issue-format.md)")


def load_issue(path: Path) -> Issue:
    root = load_yaml(path, "issue file")
    top = Record(root, ISSUE)
    fmt = load_format(find_format(top.value("format"), path, top["format"]))
    intake = Intake(fmt.punctuation)
    pages = tuple(_page(n, fmt, path, intake) for n in ISSUE.fields["pages"].kind.items(
        top["pages"]))
    numbers = [p.number for p in pages]
    if len(set(numbers)) != len(numbers):
        raise top["pages"].error("two pages have the same number")
    if "editorial" in top:
        _check_editorial(top["editorial"], root)
    return Issue(source=path, publication=top.value("publication"), number=top.value("number"),
                 date=top.value("date"), format=fmt, pages=pages, pos=root.pos,
                 fields=top.positions(), warnings=tuple(intake.warnings))


def _check_editorial(node: Node, root: Node) -> None:
    """`editorial:` lists the fields whose values were editorial choices (not in the copy the
    desk received); each entry must name a field of this file."""
    for item in node.sequence():
        if _field_node(root, item.text()) is None:
            raise item.error(f"`{item.text()}` is not a field of this issue",
                             "write a field path such as pages[0].section")


def _field_node(root: Node, path: str) -> yaml.Node | None:
    node: yaml.Node = root.node
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if name and isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == name), None)
        elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
        else:
            return None
        if node is None:
            return None
    return node


def _page(node: Node, fmt: PageFormat, issue_file: Path, intake: "Intake") -> Page:
    p = Record(node, PAGE)
    articles = [_article(a, fmt, intake) for a in _items(p, "articles")]
    photos = [_photo(a, fmt, issue_file, intake) for a in _items(p, "photos")]
    return Page(number=p.value("number"), section=p.value("section", ""),
                editor=p.value("editor", ""), articles=tuple(articles), photos=tuple(photos),
                path=node.path, pos=node.pos, fields=p.positions())


def _items(record: Record, key: str) -> list[Node]:
    """The item nodes of a list field (none when it is not given)."""
    if key not in record:
        return []
    return record.shape.fields[key].kind.items(record[key])


def _placement(node: Node, fmt: PageFormat) -> Placement:
    f = Record(node, PLACE)
    grid = fmt.grid
    column = f.value("column")
    span = f.value("span")
    if column > grid.columns:
        raise f["column"].error(f"{column} is out of range (1…{grid.columns}: the grid has "
                                f"{grid.columns} columns)")
    if span > grid.columns:
        raise f["span"].error(f"{span} is out of range (1…{grid.columns}: the grid has "
                              f"{grid.columns} columns)")
    if column - 1 + span > grid.columns:
        raise f["span"].error(f"columns {column}–{column + span - 1} run past the grid's "
                              f"{grid.columns} columns",
                              f"at most span {grid.columns - column + 1}")
    line = f.value("line")
    if line > grid.lines:
        raise f["line"].error(f"{line} is out of range (1…{grid.lines}: the grid has "
                              f"{grid.lines} lines)")
    height = f.value("height")
    if height == "auto":
        height = None
    elif line - 1 + height > grid.lines:
        raise f["height"].error(f"lines {line}–{line + height - 1} run past the grid's "
                                f"{grid.lines} lines", f"at most height {grid.lines - line + 1}")
    text_columns = f.value("text_columns", span)
    if text_columns > span:
        raise f["text_columns"].error(f"{text_columns} is out of range (1…{span}: the block "
                                      f"spans {span} columns)")
    return Placement(column - 1, span, line - 1, height, text_columns, node.pos)


def _article(node: Node, fmt: PageFormat, intake: "Intake") -> Article:
    a = Record(node, ARTICLE)
    copy = intake.for_block(a.value("punctuation"))
    headline = _headline(a["headline"], fmt, copy) if "headline" in a else None
    blocks: list[Block] = []
    for item in _items(a, "body"):
        if SUBHEAD.accepts(item):
            sub = Record(item, SUBHEAD)["subhead"]
            blocks.append(Subhead(copy(sub), sub.pos))
        else:
            blocks.append(Paragraph(copy(item), item.pos))
    return Article(name=a.value("name", "") or _name_from(headline, node.path),
                   headline=headline, byline=copy(a["byline"]) if "byline" in a else "",
                   author=copy(a["author"]) if "author" in a else "", blocks=tuple(blocks),
                   place=_placement(a["place"], fmt), path=node.path, pos=node.pos,
                   fields=a.positions())


def _name_from(headline: Headline | None, path: str) -> str:
    """An article's name for reports when it has none: its headline up to the colon that
    follows the county's name (乌市人大：…), at most 12 characters."""
    if headline is None:
        return path
    text = headline.main.strip()
    before_colon = text.split("：")[0].strip()
    return (before_colon or text)[:12] or path


def _headline(node: Node, fmt: PageFormat, copy: "Copy") -> Headline:
    if not HEADLINE.accepts(node):
        return Headline(main=copy(node), style=fmt.headline_styles[0], pos=node.pos)
    h = Record(node, HEADLINE)
    return Headline(main=copy(h["main"]),
                    kicker=copy(h["kicker"]) if "kicker" in h else "",
                    deck=copy(h["deck"]) if "deck" in h else "",
                    style=h.get("style", lambda n: n.choice(list(fmt.headline_styles)),
                                fmt.headline_styles[0]),
                    pos=node.pos)


def _photo(node: Node, fmt: PageFormat, issue_file: Path, intake: "Intake") -> Photo:
    f = Record(node, PHOTO)
    copy = intake.for_block(f.value("punctuation"))
    file = issue_file.parent / f.value("file")
    pixel_size = _check_image(file, f["file"])
    title = copy(f["title"]) if "title" in f else ""
    focus = f.value("focus")
    return Photo(name=f.value("name", "") or title or file.stem, file=file,
                 place=_placement(f["place"], fmt), title=title,
                 caption=copy(f["caption"]) if "caption" in f else "",
                 credit=copy(f["credit"]) if "credit" in f else "",
                 focus=tuple(focus) if focus else (0.5, 0.5), pixel_size=pixel_size,
                 path=node.path, pos=node.pos, fields=f.positions())


def _check_image(file: Path, node: Node) -> tuple[int, int]:
    """The image's pixel size (upright, after its EXIF orientation), once it is known to be a
    JPEG, PNG or TIFF that decodes."""
    try:
        ok = file.is_file()
    except OSError as exc:  # a name too long, a loop of links …
        raise node.error(f"image {file} cannot be opened ({exc.strerror or exc})",
                         "check the path") from None
    if not ok:
        raise node.error(f"image {file} does not exist", "paths are relative to the issue file")
    fmt, size = _image_facts(file, node)
    if fmt not in IMAGE_FORMATS:
        raise node.error(f"image {file} is {fmt}, which is not supported",
                         "use a JPEG, PNG or TIFF file")
    return size


def _image_facts(file: Path, node: Node) -> tuple[str, tuple[int, int]]:
    """Format and upright pixel size of a readable image. Checked by decoding it once; kept in
    the on-disk cache under a hash of its content, so a rebuild does not even import Pillow."""
    from .cache import cached_record, file_digest, key

    def probe() -> dict:
        from PIL import Image, UnidentifiedImageError

        from .colour import MAX_PIXELS, QUARTER_TURNS, open_checked

        try:
            with open_checked(file) as im:
                fmt, (width, height) = im.format, im.size
                turned = im.getexif().get(0x0112, 1) in QUARTER_TURNS
                im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
                im.load()  # a truncated or corrupt file fails here, not in the renderer
            size = (height, width) if turned else (width, height)
        except ValueError as exc:  # too many pixels, an over-large text chunk …
            raise node.error(f"image {file} cannot be used: {exc}",
                             f"photos up to {MAX_PIXELS // 1_000_000} megapixels; a "
                             f"broadsheet page needs about 5,000 pixels across") from None
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
                EOFError) as exc:
            raise node.error(f"image {file} cannot be read ({exc.__class__.__name__}: "
                             f"{str(exc)[:80]})", "use a JPEG, PNG or TIFF file that opens "
                             "in an image viewer") from None
        return {"format": fmt, "width": size[0], "height": size[1]}

    def valid(record: dict) -> bool:
        return isinstance(record.get("format"), str) and all(
            isinstance(record.get(k), int) and record[k] > 0 for k in ("width", "height"))

    try:
        digest = file_digest(file)
    except OSError as exc:
        raise node.error(f"image {file} cannot be read ({exc.strerror or exc})") from None
    record = cached_record("images", key("image", digest), probe, valid)
    return record["format"], (record["width"], record["height"])
