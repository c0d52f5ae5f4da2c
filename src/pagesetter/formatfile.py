"""Page formats (layout/NAME.yaml) → `model.PageFormat`: trim and bleed, the grid, the header and
mastheads, rules, faces, colours, text styles and headline styles. Lengths are resolved to pt
here, once; every mistake is an InputError at its line in the format file, all of a file's
mistakes in one run.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Callable, Collection, TypeVar

import yaml

from .model import (BLACK, DEFAULT_COPYFIT, Colour, CopyfitLimits, Grid, Header, HeadlineStyle,
                    Masthead, PageFormat, TextStyle)
from .resources import data_dir
from .textrules import PunctStyle
from .units import mm
from .page_format import (ALIGNS, COPYFIT, FORMAT, GRID, HEADER, HEADLINE_LOOK, MASTHEAD,
                          PAGE_SIZE, PUNCTUATION_INTAKE, RULES, STYLE)
from .errors import InputError
from .yamlsrc import Node, Reading, Record, load_yaml

REQUIRED_STYLES = ("body", "byline", "subhead", "author", "caption-title", "caption", "credit",
                   "kicker", "deck", "folio")
#: Styles whose copy may carry inline markup (markup.py): each gets variants for bold,
#: emphasis dots and sub- and superscripts.
MARKUP_STYLES = ("body", "caption")
SUPERSCRIPT = 0.6  # size of a sub- or superscript, of its style's size
SUPERSCRIPT_RISE = 0.35  # how far a superscript's baseline is raised, in ems of its style
SUBSCRIPT_DROP = 0.15

T = TypeVar("T")


def find_format(name: str, issue_file: Path, node: Node) -> Path:
    """A format is a file name (relative to the issue) or a name looked up in layout/ folders:
    beside the issue's folder, in the working directory, then the installed ones."""
    if name.endswith((".yaml", ".yml")):
        path = (issue_file.parent / name)
        if node.reading is not None:
            node.reading.names(path)  # watched, found or not
        if path.is_file():
            return path
        raise node.error(f"format file {path} does not exist",
                         "give a path from the issue's folder, or a format's name (bulletin)")
    folders = [issue_file.parent.parent / "layout", Path.cwd() / "layout", data_dir("layout")]
    for folder in folders:
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.yaml")})
    raise node.error(f"unknown page format `{name}`",
                     "known formats: " + ", ".join(known) if known else "add layout/NAME.yaml")


def load_format(path: Path) -> PageFormat:
    """The page format in `path`, read again only when its bytes changed (kept.py)."""
    from .cache import file_digest
    from .kept import current

    try:
        digest = file_digest(path)
    except OSError:
        return _load_format(path)  # load_yaml says what is wrong with the file
    return current().formats.get((path.resolve(), digest), lambda: _load_format(path))


def _load_format(path: Path) -> PageFormat:
    """Every problem of the format file in one run: a colour, face, style or section that
    cannot be read is noted and a stand-in takes its place so that reading goes on (names
    that refer to it are not reported again); the problems are raised before any format is
    made, so no stand-in is ever used."""
    root = load_yaml(path, "format file")
    problems = root.reading = Reading()
    try:
        top = Record(root, FORMAT)
    except InputError as exc:
        problems.raise_all(exc)
        raise
    colours = problems.each_named(top["colours"], _colour, lambda name: BLACK)
    fonts = _fonts(top["fonts"], path.parent, problems)
    fallbacks = problems.attempt(lambda: _fallbacks(top["fallback"], fonts, path.parent), {}) \
        if "fallback" in top else {}

    styles_node = top["styles"]
    raw_styles = dict(styles_node.items())
    for required in REQUIRED_STYLES:
        if required not in raw_styles:
            problems.add(styles_node.error(f"missing required style `{required}`",
                                           f"every format needs a {required} style"))
    styles = problems.each_named(styles_node,
                                 lambda name, n: _style(name, n, fonts, colours), None)
    styles.update(_markup_variants(styles, fonts))

    page = problems.attempt(lambda: _page_size(top["page"]), None)
    body = styles.get("body")
    grid = problems.attempt(lambda: _grid(top["grid"], page[0], page[1], body.size), None) \
        if page and body else None

    black = colours.get("black", BLACK)
    rules = problems.attempt(lambda: Record(top["rules"], RULES), None) if "rules" in top \
        else None
    headline_styles = problems.attempt(lambda: top.get(
        "headline_styles", lambda n: _headline_styles(n, raw_styles, colours),
        tuple(HeadlineStyle(s, s) for s in raw_styles if s.startswith("headline"))), None)
    if headline_styles == ():
        problems.add(styles_node.error("no headline style", "name one in `headline_styles`"))
    header = problems.attempt(lambda: _header(top["header"], colours, raw_styles), None)
    mastheads: dict[str, Masthead] = problems.attempt(lambda: top.get(
        "mastheads", lambda n: _mastheads(n, raw_styles, colours, grid), {}), {}) \
        if grid else {}
    name = problems.attempt(lambda: top.get("name", Node.text, path.stem), path.stem)
    rule_width = problems.attempt(
        lambda: rules.get("width", lambda n: n.length(low=0, high=10), 0.5) if rules else 0.5,
        0.5)
    rule_colour = problems.attempt(
        lambda: rules.get("colour", lambda n: _colour_ref(n, colours), black) if rules
        else black, black)
    rules_between = problems.attempt(
        lambda: rules.get("between", Node.boolean, True) if rules else True, True)
    column_rules = problems.attempt(
        lambda: rules.get("columns", Node.boolean, False) if rules else False, False)
    punctuation = problems.attempt(
        lambda: top.get("punctuation", PUNCTUATION_INTAKE.read, "normalise"), "normalise")
    words: list[str] = problems.attempt(lambda: top.get(
        "words", lambda n: [item.text() for item in n.sequence()], []), [])
    problems.raise_all()
    # each was read, or a problem was noted and raised
    assert page and grid and header and headline_styles
    return PageFormat(
        name=name, source=path, trim_width=page[0], trim_height=page[1], bleed=page[2],
        grid=grid, header=header, fonts=fonts, styles=styles, rule_width=rule_width,
        rule_colour=rule_colour, headline_styles=headline_styles,
        font_positions={key: node.pos for key, node in top["fonts"].items()},
        punctuation=punctuation, mastheads=mastheads, rules_between=rules_between,
        column_rules=column_rules, colours=colours, words=tuple(words), fallbacks=fallbacks)


def _page_size(node: Node) -> tuple[float, float, float]:
    """Trim width and height, and bleed, in pt."""
    page = Record(node, PAGE_SIZE)
    trim = page["trim"].sequence()
    if len(trim) != 2:
        raise page["trim"].error("expected [width, height]", "e.g. [390mm, 546mm]")
    trim_w, trim_h = (t.length(low=mm(50), high=mm(2000)) for t in trim)
    return trim_w, trim_h, page.get("bleed", lambda n: n.length(low=0, high=mm(20)), 0.0)


def _headline_styles(node: Node, styles: Collection[str],
                     colours: dict[str, Colour]) -> tuple[HeadlineStyle, ...]:
    """Named headline looks: a list of text style names (each the main headline's style), or
    a mapping of names to {main, kicker, deck, rule, rule_colour}."""
    if not isinstance(node.node, yaml.MappingNode):
        return tuple(HeadlineStyle(name, name) for name in
                     (item.choice(styles) for item in node.sequence(min_items=1)))
    out = []
    for name, item in node.items():
        h = Record(item, HEADLINE_LOOK)
        out.append(HeadlineStyle(
            name, h["main"].choice(styles),
            kicker=h.get("kicker", lambda n: n.choice(styles), "kicker"),
            deck=h.get("deck", lambda n: n.choice(styles), "deck"),
            rule=h.get("rule", lambda n: n.length(low=0, high=10), 0.0),
            rule_colour=h.get("rule_colour", lambda n: _colour_ref(n, colours),
                              colours.get("black", BLACK)),
            vertical=h.get("vertical", lambda n: n.boolean(), False)))
    return tuple(out)


def _mastheads(node: Node, styles: Collection[str], colours: dict[str, Colour],
               grid: Grid) -> dict[str, Masthead]:
    out = {}
    for name, item in node.items():
        m = Record(item, MASTHEAD)
        out[name] = Masthead(
            name, m["lines"].integer(4, grid.lines - 1), m["name_style"].choice(styles),
            m["info_style"].choice(styles), m["index_style"].choice(styles),
            index_title=m.get("index_title", Node.text, "本期导读"),
            rule=m.get("rule", lambda n: n.length(low=0, high=10), 2.0),
            rule_colour=m.get("rule_colour", lambda n: _colour_ref(n, colours),
                              colours.get("black", BLACK)),
            mongolian_style=m.get("mongolian_style", lambda n: n.choice(styles), ""))
    return out


def _markup_variants(styles: dict[str, TextStyle], fonts: dict[str, Path]) \
        -> dict[str, TextStyle]:
    """The styles inline markup sets runs in (markup.py): `body+bold` in the style's bold face,
    `body+dots` with emphasis dots, `body+sup` and `body+sub` smaller, raised or lowered."""
    out = {}
    for name in MARKUP_STYLES:
        style = styles.get(name)
        if style is None:
            continue
        bold = style.bold or (f"{style.font}-bold" if f"{style.font}-bold" in fonts else "")
        if bold:
            out[f"{name}+bold"] = replace(style, name=f"{name}+bold", font=bold)
        out[f"{name}+dots"] = replace(style, name=f"{name}+dots", emphasis=True)
        small = style.size * SUPERSCRIPT
        out[f"{name}+sup"] = replace(style, name=f"{name}+sup", size=small,
                                     rise=style.size * SUPERSCRIPT_RISE)
        out[f"{name}+sub"] = replace(style, name=f"{name}+sub", size=small,
                                     rise=-style.size * SUBSCRIPT_DROP)
    return out


def _colour(name: str, node: Node) -> Colour:
    parts = node.sequence()
    if len(parts) != 4:
        raise node.error("expected [C, M, Y, K] in percent", "e.g. [0, 0, 0, 100] for black")
    values = [p.number() for p in parts]
    for part, value in zip(parts, values, strict=True):
        if not 0 <= value <= 100:
            raise part.error(f"{value:g} is not a percentage (0…100)",
                             "each of C, M, Y and K is 0…100")
    return Colour(name, *(v / 100 for v in values))


def _colour_ref(node: Node, colours: dict[str, Colour]) -> Colour:
    return colours[node.choice(colours)]


#: What a face's file name may end in.
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def _fallbacks(node: Node, fonts: dict[str, Path], format_folder: Path) \
        -> dict[str, tuple[str, ...]]:
    """Each face's fallback faces, added to `fonts` as `<key>+1`, `<key>+2` … (one rule for
    their files, as for the faces)."""
    packaged = data_dir("fonts")
    out = {}
    for key, value in node.items():
        if key not in fonts:
            raise value.error(f"`{key}` is not a face of `fonts`",
                              "name the face whose missing characters the fallback sets")
        files = value.sequence() if isinstance(value.node, yaml.SequenceNode) else [value]
        keys = []
        for n, item in enumerate(files, 1):
            fonts[f"{key}+{n}"] = font_file(item.text(), format_folder, packaged, item)
            keys.append(f"{key}+{n}")
        out[key] = tuple(keys)
    return out


def _fonts(node: Node, format_folder: Path, problems: Reading) -> dict[str, Path]:
    """Font files by key. One rule, applied before any file is opened: a face is a .ttf, .otf
    or .ttc file named by a path relative to the format file that stays inside the format's
    folder (a licensed face kept with its format), else a file of pagesetter's own fonts/
    folder; it must be a regular file. A path anywhere else (/etc/passwd, /dev/zero, ../..) is
    refused without being read. The faces are parsed when first used (fonts.FontBook); a key
    whose file is refused stands for the format file itself, never opened as a face, since
    the refusal is raised first."""
    packaged = data_dir("fonts")
    return problems.each_named(
        node, lambda key, value: font_file(value.text(), format_folder, packaged, value),
        lambda key: format_folder)


def font_file(name: str, format_folder: Path, packaged: Path, node: Node) -> Path:
    """The face file `name` may name (see _fonts), or an input error at `node`."""
    hint = ("fonts are .ttf files in pagesetter's fonts/ (fonts/README.md), or beside the "
            "format file, named by a path relative to it")
    written = Path(name)
    if written.is_absolute() or ".." in written.parts or not name.strip():
        raise node.error(f"font file {name} is outside the format's folder and fonts/", hint)
    if written.suffix.lower() not in FONT_SUFFIXES:
        raise node.error(f"font file {name} is not a .ttf, .otf or .ttc file", hint)
    for folder in (format_folder, packaged):
        path = folder / written
        try:
            inside = path.resolve().is_relative_to(folder.resolve())
            regular = path.is_file()
        except OSError:
            continue
        if regular and inside:
            return path
        if path.exists() and not regular:
            raise node.error(f"font file {name} is not a regular file", hint)
        if regular:
            raise node.error(f"font file {name} leads outside the format's folder and fonts/",
                             hint)
    raise node.error(f"font file {name} is neither beside the format nor in {packaged}", hint)


def _style_size(node: Node) -> float:
    return Record(node, STYLE)["size"].length(low=3, high=300)


def _style(name: str, node: Node, fonts: dict[str, Path], colours: dict[str, Colour]) \
        -> TextStyle:
    """A text style. Its indent is in characters (字) of its own size unless a unit says
    otherwise: `indent: 2` is two characters. Each field is read on its own, so that one
    mistake does not hide the others of the style."""
    f = Record(node, STYLE)
    own = Reading()
    size = own.attempt(partial(_style_size, node), 10.0)

    def field(key: str, read: Callable[[Node], T], default: T) -> T:
        return own.attempt(partial(f.get, key, read, default), default)

    style = TextStyle(
        name=name, font=own.attempt(lambda: f["font"].choice(fonts), ""), size=size,
        colour=field("colour", lambda n: _colour_ref(n, colours), colours.get("black", BLACK)),
        align=field("align", lambda n: n.choice(ALIGNS), "justify"),
        leading=field("leading", lambda n: n.length(em=size, low=0, high=10 * size), 0.0),
        indent=field("indent", lambda n: n.length(em=size, low=0, high=10 * size,
                                                  default_unit="em"), 0.0),
        background=field("background", lambda n: _colour_ref(n, colours), None),
        lines=field("lines", lambda n: n.integer(0, 50), 0),
        punctuation=field("punctuation",
                          lambda n: PunctStyle(n.choice([p.value for p in PunctStyle])),
                          PunctStyle.KAIMING),
        bold=field("bold", lambda n: n.choice(fonts), ""),
        copyfit=field("copyfit", _copyfit, DEFAULT_COPYFIT if name == "body" else None),
        max_lines=field("max_lines", lambda n: n.integer(1, 20), 0),
    )
    own.raise_all()
    return style


def _copyfit(node: Node) -> CopyfitLimits | None:
    """`copyfit: off`, or `{condense: 0.5, expand: 0.5, lines: 2}` (em per line, lines)."""
    if isinstance(node.node, yaml.ScalarNode) and node.node.value in ("off", "false"):
        return None
    c = Record(node, COPYFIT)
    return CopyfitLimits(c.get("condense", lambda n: n.number(0, 2), DEFAULT_COPYFIT.condense),
                         c.get("expand", lambda n: n.number(0, 2), DEFAULT_COPYFIT.expand),
                         c.get("lines", lambda n: n.integer(0, 20), DEFAULT_COPYFIT.lines))


def _grid(node: Node, trim_w: float, trim_h: float, body_size: float) -> Grid:
    g = Record(node, GRID)
    own = Reading()  # every field's problem in one run; then the geometry, once all are read
    columns = own.attempt(lambda: g["columns"].integer(1, 20), 1)
    column_width = own.attempt(lambda: g["column_chars"].number(1, 200), 1.0) * body_size
    gutter = own.attempt(lambda: g["gutter_chars"].number(0, 20), 0.0) * body_size
    width = columns * column_width + (columns - 1) * gutter
    left = own.attempt(lambda: g.get("left", lambda n: n.length(em=body_size, low=0),
                                     (trim_w - width) / 2), 0.0)
    pitch = own.attempt(lambda: g["line_pitch"].length(em=body_size, low=body_size,
                                                       high=10 * body_size), body_size)
    top = own.attempt(lambda: g["top"].length(em=body_size, low=0), 0.0)
    lines = own.attempt(lambda: g["lines"].integer(1, 1000), 1)
    balance = own.attempt(lambda: g.get("last_column", lambda n: n.choice(["balance", "fill"]),
                                        "balance"), "balance")
    own.raise_all()
    if left < 0 or left + width > trim_w + 0.01:
        raise node.error(f"the grid is {width:.1f} pt wide and does not fit the trim "
                         f"({trim_w:.1f} pt)", "fewer columns or characters per column")
    if top + lines * pitch > trim_h + 0.01:
        raise g["lines"].error(f"{lines} lines of {pitch} pt from {top:.1f} pt run off the page",
                               "fewer lines")
    return Grid(columns, column_width, gutter, pitch, lines, left, top, body_size,
                balance == "balance")


def _header(node: Node, colours: dict[str, Colour], styles: Collection[str]) -> Header:
    h = Record(node, HEADER)
    return Header(
        top=h["top"].length(low=0), height=h["height"].length(low=0),
        rule_width=h.get("rule", lambda n: n.length(low=0, high=10), 1.0),
        rule_colour=h.get("rule_colour", lambda n: _colour_ref(n, colours),
                          colours.get("black", BLACK)),
        name_style=h["name_style"].choice(styles), info_style=h["info_style"].choice(styles),
        mongolian_style=h.get("mongolian_style", lambda n: n.choice(styles), ""),
    )
