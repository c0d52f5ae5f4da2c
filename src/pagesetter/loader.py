"""Load stage: issue YAML and page-format YAML → validated, immutable model (model.py).

Every check a user can fail raises InputError naming the file, line, column and field path.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .model import (Article, Block, Colour, Grid, Header, Headline, Issue, Page, PageFormat,
                    Paragraph, Photo, Placement, Subhead, TextStyle)
from .resources import data_dir
from .yamlsrc import Node, load_yaml

IMAGE_FORMATS = {"JPEG", "PNG", "TIFF"}
ALIGNS = {"justify", "left", "centre", "right"}


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
    top = root.mapping({"name", "page", "grid", "header", "rules", "fonts", "colours", "styles",
                        "headline_styles"},
                       {"page", "grid", "header", "fonts", "colours", "styles"})
    colours = {name: _colour(name, node) for name, node in top["colours"].items()}
    fonts = _fonts(top["fonts"], path.parent)
    font_positions = {key: node.pos for key, node in top["fonts"].items()}

    styles_node = top["styles"]
    raw_styles = list(styles_node.items())
    body_size = None
    for name, node in raw_styles:
        if name == "body":
            body_size = node.mapping({"font", "size", "colour", "align", "indent", "leading",
                                      "background", "lines"}, {"size"})["size"].length()
    if body_size is None:
        raise styles_node.error("missing required style `body`", "every format needs a body style")
    styles = {name: _style(name, node, fonts, colours, body_size) for name, node in raw_styles}

    page = top["page"].mapping({"trim", "bleed"}, {"trim"})
    trim = page["trim"].sequence()
    if len(trim) != 2:
        raise page["trim"].error("expected [width, height]")
    trim_w, trim_h = trim[0].length(), trim[1].length()
    bleed = page["bleed"].length() if "bleed" in page else 0.0

    grid = _grid(top["grid"], trim_w, trim_h, body_size)
    header = _header(top["header"], colours, styles)
    rules = top["rules"].mapping({"width", "colour"}) if "rules" in top else {}
    rule_colour = _colour_ref(rules["colour"], colours) if "colour" in rules else colours.get(
        "black", Colour("black", 0, 0, 0, 1))
    headline_styles = tuple(n.choice(styles) for n in top["headline_styles"].sequence()) \
        if "headline_styles" in top else tuple(s for s in styles if s.startswith("headline"))
    for required in ("byline", "subhead", "author", "caption-title", "caption", "credit",
                     "kicker", "deck", "folio"):
        if required not in styles:
            raise styles_node.error(f"missing required style `{required}`")
    return PageFormat(
        name=top["name"].text() if "name" in top else path.stem, source=path,
        trim_width=trim_w, trim_height=trim_h, bleed=bleed, grid=grid, header=header, fonts=fonts,
        styles=styles, rule_width=rules["width"].length() if "width" in rules else 0.5,
        rule_colour=rule_colour, headline_styles=headline_styles, font_positions=font_positions,
    )


def _colour(name: str, node: Node) -> Colour:
    parts = node.sequence()
    if len(parts) != 4:
        raise node.error("expected [C, M, Y, K] in percent", "e.g. [0, 0, 0, 100] for black")
    values = [p.number() for p in parts]
    for p, v in zip(parts, values, strict=True):
        if not 0 <= v <= 100:
            raise p.error(f"{v} is not a percentage (0…100)")
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


def _style(name: str, node: Node, fonts: dict[str, Path], colours: dict[str, Colour],
           body_size: float) -> TextStyle:
    f = node.mapping({"font", "size", "colour", "align", "indent", "leading", "background",
                      "lines"}, {"font", "size"})
    return TextStyle(
        name=name, font=f["font"].choice(fonts), size=f["size"].length(),
        colour=_colour_ref(f["colour"], colours) if "colour" in f else colours.get(
            "black", Colour("black", 0, 0, 0, 1)),
        align=f["align"].choice(ALIGNS) if "align" in f else "justify",
        leading=f["leading"].length(em=body_size) if "leading" in f else 0.0,
        indent=f["indent"].number() if "indent" in f else 0.0,
        background=_colour_ref(f["background"], colours) if "background" in f else None,
        lines=f["lines"].integer(0, 50) if "lines" in f else 0,
    )


def _grid(node: Node, trim_w: float, trim_h: float, body_size: float) -> Grid:
    g = node.mapping({"columns", "column_chars", "gutter_chars", "line_pitch", "top", "lines",
                      "left", "last_column"},
                     {"columns", "column_chars", "gutter_chars", "line_pitch", "top",
                                "lines"})
    columns = g["columns"].integer(1, 20)
    column_width = g["column_chars"].number() * body_size
    gutter = g["gutter_chars"].number() * body_size
    width = columns * column_width + (columns - 1) * gutter
    left = g["left"].length(em=body_size) if "left" in g else (trim_w - width) / 2
    pitch = g["line_pitch"].length(em=body_size)
    top = g["top"].length(em=body_size)
    lines = g["lines"].integer(1, 1000)
    if left < 0 or left + width > trim_w + 0.01:
        raise node.error(f"the grid is {width:.1f} pt wide and does not fit the trim "
                         f"({trim_w:.1f} pt)", "fewer columns or characters per column")
    if top + lines * pitch > trim_h + 0.01:
        raise g["lines"].error(f"{lines} lines of {pitch} pt from {top:.1f} pt run off the page",
                               "fewer lines")
    balance = g["last_column"].choice(["balance", "fill"]) == "balance" \
        if "last_column" in g else True
    return Grid(columns, column_width, gutter, pitch, lines, left, top, body_size, balance)


def _header(node: Node, colours: dict[str, Colour], styles: dict[str, TextStyle]) -> Header:
    h = node.mapping({"top", "height", "rule", "rule_colour", "name_style", "info_style"},
                     {"top", "height", "name_style", "info_style"})
    return Header(
        top=h["top"].length(), height=h["height"].length(),
        rule_width=h["rule"].length() if "rule" in h else 1.0,
        rule_colour=_colour_ref(h["rule_colour"], colours) if "rule_colour" in h else
        colours.get("black", Colour("black", 0, 0, 0, 1)),
        name_style=h["name_style"].choice(styles), info_style=h["info_style"].choice(styles),
    )


# --- issue ---------------------------------------------------------------------------------

def load_issue(path: Path) -> Issue:
    root = load_yaml(path, "issue file")
    top = root.mapping({"publication", "number", "date", "format", "editorial", "pages"},
                       {"publication", "number", "date", "format", "pages"})
    fmt = load_format(find_format(top["format"].text(), path, top["format"]))
    date_node = top["date"]
    date = str(date_node.node.value)
    if not _is_iso_date(date):
        raise date_node.error(f"`{date}` is not a date", "write it as YYYY-MM-DD")
    pages = tuple(_page(n, fmt, path) for n in top["pages"].sequence(min_items=1))
    numbers = [p.number for p in pages]
    if len(set(numbers)) != len(numbers):
        raise top["pages"].error("two pages have the same number")
    editorial = tuple(n.text() for n in top["editorial"].sequence()) if "editorial" in top else ()
    return Issue(source=path, publication=top["publication"].text(),
                 number=top["number"].integer(1), date=date, format=fmt, pages=pages,
                 editorial=editorial)


def _is_iso_date(text: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _page(node: Node, fmt: PageFormat, issue_file: Path) -> Page:
    p = node.mapping({"number", "section", "editor", "articles", "photos"}, {"number"})
    articles = tuple(_article(n, fmt) for n in p["articles"].sequence()) if "articles" in p else ()
    photos = tuple(_photo(n, fmt, issue_file) for n in p["photos"].sequence()) \
        if "photos" in p else ()
    return Page(number=p["number"].integer(1, 999),
                section=p["section"].text() if "section" in p else "",
                editor=p["editor"].text() if "editor" in p else "",
                articles=articles, photos=photos, pos=node.pos)


def _placement(node: Node, fmt: PageFormat) -> Placement:
    f = node.mapping({"column", "span", "line", "height", "text_columns"},
                     {"column", "span", "line", "height"})
    grid = fmt.grid
    column = f["column"].integer(1, grid.columns)
    span = f["span"].integer(1, grid.columns)
    if column - 1 + span > grid.columns:
        raise f["span"].error(f"columns {column}–{column + span - 1} run past the grid's "
                              f"{grid.columns} columns",
                              f"at most span {grid.columns - column + 1}")
    line = f["line"].integer(1, grid.lines)
    height_node = f["height"]
    height = None
    if not (height_node.node.tag.endswith(":str") and height_node.node.value == "auto"):
        if not height_node.node.tag.endswith(":int"):
            raise height_node.error("expected a number of lines or `auto`")
        height = height_node.integer(1, grid.lines)
        if line - 1 + height > grid.lines:
            raise height_node.error(f"lines {line}–{line + height - 1} run past the grid's "
                                    f"{grid.lines} lines",
                                    f"at most height {grid.lines - line + 1}")
    text_columns = f["text_columns"].integer(1, span) if "text_columns" in f else span
    return Placement(column - 1, span, line - 1, height, text_columns, node.pos)


def _article(node: Node, fmt: PageFormat) -> Article:
    a = node.mapping({"name", "headline", "byline", "author", "body", "place"}, {"body", "place"})
    headline = _headline(a["headline"], fmt) if "headline" in a else None
    blocks: list[Block] = []
    for item in a["body"].sequence(min_items=1):
        if isinstance(item.node.value, str):
            blocks.append(Paragraph(item.text(), item.pos))
        elif isinstance(item.node, yaml.MappingNode):
            sub = item.mapping({"subhead"}, {"subhead"})["subhead"]
            blocks.append(Subhead(sub.text(), sub.pos))
        else:
            raise item.error("expected a paragraph (text) or `subhead: …`",
                             "one paragraph per list item")
    if "name" in a:
        name = a["name"].text()
    elif headline:
        name = headline.main.split("：")[0].split()[0][:12]
    else:
        name = node.path
    return Article(name=name, headline=headline,
                   byline=a["byline"].text() if "byline" in a else "",
                   author=a["author"].text() if "author" in a else "",
                   blocks=tuple(blocks), place=_placement(a["place"], fmt), path=node.path,
                   pos=node.pos)


def _headline(node: Node, fmt: PageFormat) -> Headline:
    if isinstance(node.node.value, str):
        return Headline(main=node.text(), style=fmt.headline_styles[0], pos=node.pos)
    h = node.mapping({"main", "kicker", "deck", "style"}, {"main"})
    return Headline(
        main=h["main"].text(), kicker=h["kicker"].text() if "kicker" in h else "",
        deck=h["deck"].text() if "deck" in h else "",
        style=h["style"].choice(list(fmt.headline_styles)) if "style" in h
        else fmt.headline_styles[0], pos=node.pos)


def _photo(node: Node, fmt: PageFormat, issue_file: Path) -> Photo:
    f = node.mapping({"name", "file", "place", "title", "caption", "credit", "focus"},
                     {"file", "place"})
    file = issue_file.parent / f["file"].text()
    pixel_size = _check_image(file, f["file"])
    focus = (0.5, 0.5)
    if "focus" in f:
        parts = f["focus"].sequence()
        if len(parts) != 2:
            raise f["focus"].error("expected [x, y] between 0 and 1 (0.5 = centre)")
        focus = (parts[0].number(), parts[1].number())
        if not all(0 <= v <= 1 for v in focus):
            raise f["focus"].error("focus values must be between 0 and 1")
    title = f["title"].text() if "title" in f else ""
    return Photo(name=f["name"].text() if "name" in f else (title or file.stem), file=file,
                 place=_placement(f["place"], fmt), title=title,
                 caption=f["caption"].text() if "caption" in f else "",
                 credit=f["credit"].text() if "credit" in f else "", focus=focus,
                 pixel_size=pixel_size,
                 path=node.path, pos=node.pos)


def _check_image(file: Path, node: Node) -> tuple[int, int]:
    """The image's pixel size, once it is known to be a readable JPEG, PNG or TIFF."""
    if not file.is_file():
        raise node.error(f"image {file} does not exist", "paths are relative to the issue file")
    fmt, size = _image_facts(file, node)
    if fmt not in IMAGE_FORMATS:
        raise node.error(f"image {file} is {fmt}, which is not supported",
                         "use a JPEG, PNG or TIFF file")
    return size


def _image_facts(file: Path, node: Node) -> tuple[str, tuple[int, int]]:
    """Format and pixel size of a readable image; from the on-disk cache when the file has not
    changed since it was last read (Pillow is then not even imported)."""
    import PIL

    from .cache import cached, file_stamp, key

    def probe() -> tuple[str, tuple[int, int]]:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(file) as im:
                facts = im.format, im.size
                im.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise node.error(f"image {file} cannot be read ({exc.__class__.__name__})",
                             "use a JPEG, PNG or TIFF file") from None
        return facts

    return cached("images", key("image", file_stamp(file), PIL.__version__), probe)
