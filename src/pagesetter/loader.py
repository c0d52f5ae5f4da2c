"""Load stage: issue YAML and page-format YAML → validated, immutable model (model.py).

Every check a user can fail raises InputError naming the file, line, column and field path.
Lengths are resolved here, once, to pt: the model never sees mm, 字号 names or 字.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import yaml

from .errors import InputError, warning
from .formatfile import find_format, load_format
from .intake import Copy, Intake
from .issue_checks import check_continuations, check_editorial, check_page_numbers
from .model import (Article, AutoPlace, Block, Continuation, BoxStyle, Headline, IndexEntry,
                    InlinePhoto, Issue, Page, PageFormat, Paragraph, Photo, Placement, Subhead)
from .images import check_image as _check_image
from .issue_format import (BRIEF_ITEM, BRIEFS, CONTINUATION, FRAME, HEADLINE, INDEX_ENTRY,
                           INLINE_PHOTO, ISSUE, PAGE, PHOTO, PLACE, SUBHEAD, ARTICLE)
from .yamlsrc import Node, Reading, Record, Seq, load_yaml



def load_issue(path: Path, reading: Reading | None = None) -> Issue:
    """The issue in `path`. Every problem of the document is reported in one run: unknown keys
    are noted and reading goes on, and a page, article or photo that cannot be read is noted
    and the next one read; then all are raised together. `reading` (yamlsrc.Reading) also
    gathers the files the issue names, found or not."""
    problems = reading if reading is not None else Reading()
    root = load_yaml(path, "issue file")
    root.reading = problems
    try:
        top = Record(root, ISSUE)
        heading = _heading(top, problems)
        if "editorial" in top:
            check_editorial(top["editorial"], root, problems)
        fmt_path = find_format(top.value("format"), path, top["format"])
        problems.names(fmt_path)
        fmt = load_format(fmt_path)
        for face in fmt.fonts.values():
            problems.names(face)
        intake = Intake(fmt.punctuation)
        pages = tuple(problems.each(_items(top, "pages"),
                                    lambda n: _page(n, fmt, path, intake)))
        check_page_numbers(pages, problems)
        problems.raise_all()
        check_continuations(pages, problems)  # once every page is read: none is missing
        problems.raise_all()
        pages = _filled_index(pages, root)
        if "publication_mongolian" in top and not fmt.header.mongolian_style and \
                not any(page.masthead for page in pages):
            intake.warnings.append(warning(
                top["publication_mongolian"].pos, "the Mongolian name is printed beside the "
                "name in a masthead, or in a page header whose format gives it a style, and "
                "this issue has neither", "publication_mongolian",
                "give the front page a masthead (`masthead:` naming one of the format's "
                f"`mastheads`: {', '.join(fmt.mastheads) or 'this format has none'}), or the "
                "format's `header` a `mongolian_style`"))
        issue = Issue(source=path, **heading, format=fmt,
                      pages=pages, pos=root.pos, fields=top.positions(),
                      warnings=tuple(intake.warnings),
                      cn=intake.for_block(None).optional(top, "cn"),
                      publication_mongolian=intake.for_block(None).optional(
                          top, "publication_mongolian"))
    except InputError as exc:
        problems.raise_all(exc)
        raise
    problems.raise_all()
    return issue


def _heading(top: Record, problems: Reading) -> dict:
    """The issue's publication, number and date, read before its pages so that a bad date is
    reported with the pages' problems, not in a run of its own."""
    return {key: problems.attempt(partial(top.value, key), None)
            for key in ("publication", "number", "date")}


def _page(node: Node, fmt: PageFormat, issue_file: Path, intake: "Intake") -> Page:
    p = Record(node, PAGE)
    auto = p.value("layout", "") == "auto"
    articles = _each(p, "articles", lambda a: _article(a, fmt, intake, issue_file, auto))
    articles += _each(p, "briefs", lambda b: _briefs(b, fmt, intake, auto))
    photos = _each(p, "photos", lambda a: _photo(a, fmt, issue_file, intake, auto))
    names = {photo.name for photo in photos} | {photo.title for photo in photos if photo.title}
    for article in articles:
        if article.auto and article.auto.with_photo and article.auto.with_photo not in names:
            pos, where = article.at("with_photo")
            raise InputError(pos, f"no photo `{article.auto.with_photo}` on this page", where,
                             "name a photo of this page by its name or title")
    masthead = p.get("masthead", lambda n: n.choice(list(fmt.mastheads)) if fmt.mastheads
                     else _no_masthead(n, fmt), "")
    copy = intake.for_block(None)
    return Page(number=p.value("number"), section=p.value("section", ""),
                editor=p.value("editor", ""),
                articles=tuple(replace(a, page=p.value("number")) for a in articles),
                photos=tuple(photos), path=node.path, pos=node.pos, fields=p.positions(),
                masthead=masthead, index=tuple(_index_entry(n, copy) for n in _items(p, "index")),
                layout="auto" if auto else "")


def _index_entry(node: Node, copy) -> IndexEntry:
    if not INDEX_ENTRY.accepts(node):
        return IndexEntry(copy(node), pos=node.pos)
    entry = Record(node, INDEX_ENTRY)
    return IndexEntry(copy.optional(entry, "text"), entry.value("article"), pos=node.pos)


def _filled_index(pages: tuple[Page, ...], root: Node) -> tuple[Page, ...]:
    """Each index entry that names an article with the page that article starts on and, when
    it has no text of its own, the article's headline."""
    articles = {a.name: a for page in pages for a in page.articles}
    out = []
    for page in pages:
        entries = []
        for k, entry in enumerate(page.index):
            if not entry.article:
                entries.append(entry)
                continue
            article = articles.get(entry.article)
            if article is None:
                raise InputError(entry.pos or page.pos, f"no article named `{entry.article}` in "
                                 f"this issue", f"{page.path}.index[{k}].article",
                                 "name one of: " + ", ".join(sorted(articles))[:200])
            text = entry.text or (article.headline.main.replace("\n", "") if article.headline
                                  else article.name)
            entries.append(replace(entry, text=text, page=article.page))
        out.append(replace(page, index=tuple(entries)))
    return tuple(out)


def _no_masthead(node: Node, fmt: PageFormat) -> str:
    raise node.error(f"the format `{fmt.name}` has no masthead",
                     "define one under `mastheads:` in the format file")


def _each(record: Record, key: str, read):
    """`read` of every item of a list field: an item that cannot be read is noted with the
    document's problems (see load_issue) and the next one read."""
    items = _items(record, key)
    if record.node.reading is None:
        return [read(item) for item in items]
    return record.node.reading.each(items, read)


def _items(record: Record, key: str) -> list[Node]:
    """The item nodes of a list field (none when it is not given)."""
    if key not in record:
        return []
    kind = record.shape.fields[key].kind if record.shape is not None else None
    if not isinstance(kind, Seq):
        raise TypeError(f"`{key}` is not a list field")
    return kind.items(record[key])


def _placement(node: Node, fmt: PageFormat) -> Placement:
    """A fixed place on the grid; every problem of it reported at once, each with a hint."""
    f = Record(node, PLACE)
    grid = fmt.grid
    column, span, line = f.value("column"), f.value("span"), f.value("line")
    height = f.value("height")
    height = None if height == "auto" else height
    text_columns = f.value("text_columns", span)
    problems = Reading()
    if column > grid.columns:
        problems.add(f["column"].error(
            f"{column} is out of range (1…{grid.columns}: the grid has {grid.columns} columns)",
            f"columns are numbered 1…{grid.columns} from the left"))
    if span > grid.columns:
        problems.add(f["span"].error(
            f"{span} is out of range (1…{grid.columns}: the grid has {grid.columns} columns)",
            f"a block spans at most the grid's {grid.columns} columns"))
    elif column <= grid.columns and column - 1 + span > grid.columns:
        problems.add(f["span"].error(
            f"columns {column}–{column + span - 1} run past the grid's {grid.columns} columns",
            f"at most span {grid.columns - column + 1}"))
    if line > grid.lines:
        problems.add(f["line"].error(
            f"{line} is out of range (1…{grid.lines}: the grid has {grid.lines} lines)",
            f"grid lines are numbered 1…{grid.lines} from the top"))
    elif height is not None and line - 1 + height > grid.lines:
        problems.add(f["height"].error(
            f"lines {line}–{line + height - 1} run past the grid's {grid.lines} lines",
            f"at most height {grid.lines - line + 1}"))
    if text_columns > span:
        problems.add(f["text_columns"].error(
            f"{text_columns} is out of range (1…{span}: the block spans {span} columns)",
            f"at most text_columns {span}, or a wider span"))
    problems.raise_all()
    return Placement(column - 1, span, line - 1, height, text_columns, node.pos)


def _place_or_auto(record: Record, node: Node, fmt: PageFormat, auto_page: bool) \
        -> tuple[Placement | None, AutoPlace | None]:
    """A fixed place, or the make-up's hints when the place is `auto` (or missing on a page
    laid out automatically)."""
    if "place" not in record and not auto_page:
        raise node.error("missing required field `place`", "add `place: {column: …, span: …, "
                         "line: …, height: …}`, or `place: auto` for the make-up")
    if "place" in record and record.value("place") != "auto":
        for hint in ("priority", "span", "top", "with_photo"):
            if hint in record:
                raise record[hint].error(f"`{hint}` is a hint for the make-up; this block has "
                                         f"a place of its own", "write `place: auto`, or drop "
                                         "the hint")
        return _placement(record["place"], fmt), None
    span = record.value("span")
    spans = tuple(range(1, fmt.grid.columns + 1))
    if isinstance(span, int):
        spans = (span,)
    elif span:
        low, high = sorted(span)
        spans = tuple(range(low, high + 1))
    if not spans or max(spans) > fmt.grid.columns:
        raise record["span"].error(f"the grid has {fmt.grid.columns} columns",
                                   f"a span of 1…{fmt.grid.columns}")
    return None, AutoPlace(record.value("priority", 0), spans, record.value("top", False),
                           record.value("with_photo", ""), node.pos)


def _article(node: Node, fmt: PageFormat, intake: "Intake", issue_file: Path,
             auto_page: bool = False) -> Article:
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
    place, auto = _place_or_auto(a, node, fmt, auto_page)
    if auto is not None and "photo" in a:  # its photo takes fewer text columns than it has
        least = Record(a["photo"], INLINE_PHOTO).value("columns", 1) + 1
        auto = replace(auto, spans=tuple(s for s in auto.spans if s >= least))
    continues = tuple(_continuation(n, fmt, copy) for n in _items(a, "continues"))
    if auto is not None and continues:
        raise a["continues"].error("a continued article needs places of its own; the make-up "
                                   "places only single boxes", "give it a place")
    if continues and place is not None and place.height is None:
        raise Record(a["place"], PLACE)["height"].error(
            "an article that continues elsewhere needs a height here (its copy fills this "
            "part, then goes on)", "give a number of lines")
    for part in continues[:-1]:
        if part.place.height is None:
            raise Node(a["continues"].node, node.file, part.path).error(
                "only the last part of a continued article may have `height: auto`")
    name = a.value("name", "") or _name_from(headline, node.path)
    return Article(name=name,
                   headline=headline, byline=copy.optional(a, "byline"),
                   author=copy.optional(a, "author"), blocks=tuple(blocks),
                   place=place, path=node.path, pos=node.pos, fields=a.positions(),
                   frame=_frame(a["box"], fmt) if "box" in a else None,
                   column_rules=a.value("column_rules", fmt.column_rules),
                   continues=continues,
                   photo=_inline_photo(a["photo"], issue_file, copy, place, name)
                   if "photo" in a else None, auto=auto)


def _briefs(node: Node, fmt: PageFormat, intake: "Intake", auto_page: bool) -> Article:
    """A briefs column as an article of the format's `briefs` look (else `brief`, else its
    first): its title the headline, each item a small head and a paragraph."""
    b = Record(node, BRIEFS)
    copy = intake.for_block(b.value("punctuation"))
    looks = [s.name for s in fmt.headline_styles]
    look = next((name for name in ("briefs", "brief") if name in looks), looks[0])
    title = copy.optional(b, "title") or "简讯"
    blocks: list[Block] = []
    for item in _items(b, "items"):
        entry = Record(item, BRIEF_ITEM)
        blocks.append(Subhead(copy(entry["head"]), entry["head"].pos))
        blocks.append(Paragraph(copy(entry["text"]), entry["text"].pos))
    place, auto = _place_or_auto(b, node, fmt, auto_page)
    if auto is not None and "span" not in b:
        auto = replace(auto, spans=auto.spans[:1])  # a briefs column is narrow
    return Article(name=b.value("name", "") or title,
                   headline=Headline(title, style=look, pos=node.pos),
                   byline=copy.optional(b, "byline"), author="", blocks=tuple(blocks),
                   place=place, path=node.path, pos=node.pos, fields=b.positions(),
                   auto=auto, briefs=True)


def _frame(node: Node, fmt: PageFormat) -> BoxStyle | None:
    black = fmt.rule_colour
    if isinstance(node.node, yaml.ScalarNode):
        return BoxStyle(0.75, black, fmt.grid.body_size) if node.boolean() else None
    f = Record(node, FRAME)
    tint = f.get("tint", lambda n: fmt.colours[n.choice(list(fmt.colours))], None)
    return BoxStyle(f.value("rule", 0.75), black,
                 f.get("inset", lambda n: n.length(em=fmt.grid.body_size, low=0, high=100,
                                                   default_unit="em"), fmt.grid.body_size),
                 tint, f.value("corners", "square"))


def _continuation(node: Node, fmt: PageFormat, copy: "Copy") -> Continuation:
    c = Record(node, CONTINUATION)
    return Continuation(page=c.value("page"), place=_placement(c["place"], fmt),
                        headline=copy.optional(c, "headline"),
                        path=node.path, pos=node.pos, fields=c.positions())


def _inline_photo(node: Node, issue_file: Path, copy: "Copy", place: Placement | None,
                  article: str) -> InlinePhoto:
    f = Record(node, INLINE_PHOTO)
    file = issue_file.parent / f.value("file")
    columns = f.value("columns", 1)
    if place is not None and columns >= place.text_columns:
        raise (f["columns"] if "columns" in f else node).error(
            f"the photo would take all {place.text_columns} text columns of the article",
            "an article's photo spans fewer text columns than the article has")
    lines = f.value("lines", "auto")
    focus = f.value("focus")
    return InlinePhoto(name=f"{article}的照片", file=file, columns=columns,
                       side=f.value("side", "right"), lines=None if lines == "auto" else lines,
                       caption=copy.optional(f, "caption"),
                       credit=copy.optional(f, "credit"),
                       focus=tuple(focus) if focus else (0.5, 0.5),
                       pixel_size=_check_image(file, f["file"]), path=node.path, pos=node.pos,
                       fields=f.positions())


def _name_from(headline: Headline | None, path: str) -> str:
    """An article's name for reports when it has none: its headline up to the colon that
    follows the county's name (乌市人大：…), at most 12 characters."""
    if headline is None:
        return path
    text = headline.main.strip()
    before_colon = text.split("：")[0].strip()
    return (before_colon or text)[:12] or path


def _headline(node: Node, fmt: PageFormat, copy: "Copy") -> Headline:
    first = fmt.headline_styles[0].name
    if not HEADLINE.accepts(node):
        return Headline(main=_lines(node, copy), style=first, pos=node.pos)
    h = Record(node, HEADLINE)
    return Headline(main=_lines(h["main"], copy),
                    kicker=copy.optional(h, "kicker"),
                    deck=copy.optional(h, "deck"),
                    style=h.get("style", lambda n: n.choice([s.name for s in
                                                             fmt.headline_styles]), first),
                    pos=node.pos)


def _lines(node: Node, copy: "Copy") -> str:
    """Display copy given as text or as a list of lines: its lines joined by line breaks (a
    headline breaks there)."""
    if isinstance(node.node, yaml.SequenceNode):
        return "\n".join(copy(line) for line in node.sequence(min_items=1))
    return copy(node)


def _photo(node: Node, fmt: PageFormat, issue_file: Path, intake: "Intake",
           auto_page: bool = False) -> Photo:
    f = Record(node, PHOTO)
    copy = intake.for_block(f.value("punctuation"))
    file = issue_file.parent / f.value("file")
    pixel_size = _check_image(file, f["file"])
    title = copy.optional(f, "title")
    focus = f.value("focus")
    place, auto = _place_or_auto(f, node, fmt, auto_page)
    return Photo(name=f.value("name", "") or title or file.stem, file=file,
                 place=place, auto=auto, title=title,
                 caption=copy.optional(f, "caption"),
                 credit=copy.optional(f, "credit"),
                 focus=tuple(focus) if focus else (0.5, 0.5), pixel_size=pixel_size,
                 path=node.path, pos=node.pos, fields=f.positions())
