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
from .model import (Article, Block, BoxStyle, Headline, IndexEntry,
                    InlinePhoto, Issue, Page, PageFormat, Paragraph, Photo, Placement, Subhead)
from .grid_places import check_continued, continuation, place_or_auto
from .images import check_image as _check_image
from .issue_format import (BRIEF_ITEM, BRIEFS, FRAME, HEADLINE, INDEX_ENTRY,
                           INLINE_PHOTO, ISSUE, PAGE, PHOTO, SUBHEAD, ARTICLE)
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
    own = Reading()  # the page's own fields, each read on its own (see _article)
    # A layout that cannot be read is taken as `auto`: no block is then blamed for a place it
    # was not meant to need.
    auto = own.attempt(partial(p.value, "layout", ""), "auto") == "auto"
    articles = _each(p, "articles", lambda a: _article(a, fmt, intake, issue_file, auto))
    articles += _each(p, "briefs", lambda b: _briefs(b, fmt, intake, auto))
    photos = _each(p, "photos", lambda a: _photo(a, fmt, issue_file, intake, auto))
    names = {photo.name for photo in photos} | {photo.title for photo in photos if photo.title}
    for article in articles:
        if article.auto and article.auto.with_photo and article.auto.with_photo not in names:
            pos, where = article.at("with_photo")
            own.add(InputError(pos, f"no photo `{article.auto.with_photo}` on this page", where,
                               "name a photo of this page by its name or title"))
    masthead = own.attempt(partial(p.get, "masthead", lambda n: n.choice(list(fmt.mastheads))
                                   if fmt.mastheads else _no_masthead(n, fmt), ""), "")
    copy = intake.for_block(None)
    number = own.attempt(partial(p.value, "number"), 0)
    section = own.attempt(partial(p.value, "section", ""), "")
    editor = own.attempt(partial(p.value, "editor", ""), "")
    index = own.each(own.attempt(partial(_items, p, "index"), []),
                     lambda n: _index_entry(n, copy))
    own.raise_all()
    return Page(number=number, section=section, editor=editor,
                articles=tuple(replace(a, page=number) for a in articles),
                photos=tuple(photos), path=node.path, pos=node.pos, fields=p.positions(),
                masthead=masthead, index=tuple(index), layout="auto" if auto else "")


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


def _article(node: Node, fmt: PageFormat, intake: "Intake", issue_file: Path,
             auto_page: bool = False) -> Article:
    a = Record(node, ARTICLE)
    # Each field is read on its own, with a stand-in when it cannot be: a mistake in one field
    # is reported with those of the others, in one run, rather than hiding them.
    own = Reading()
    copy = _block_copy(intake, a, own)
    headline = own.attempt(lambda: _headline(a["headline"], fmt, copy), None) \
        if "headline" in a else None
    blocks = own.each(own.attempt(partial(_items, a, "body"), []),
                      lambda item: _body_block(item, copy))
    place, auto = own.attempt(partial(place_or_auto, a, node, fmt, auto_page), (None, None))
    if auto is not None and "photo" in a:  # its photo takes fewer text columns than it has
        least = own.attempt(lambda: Record(a["photo"], INLINE_PHOTO).value("columns", 1), 1) + 1
        auto = replace(auto, spans=tuple(s for s in auto.spans if s >= least))
    continues = tuple(own.each(own.attempt(partial(_items, a, "continues"), []),
                               lambda n: continuation(n, fmt, copy)))
    own.attempt(partial(check_continued, a, node, place, auto, continues), None)
    name = own.attempt(partial(a.value, "name", ""), "") or _name_from(headline, node.path)
    byline = own.attempt(partial(copy.optional, a, "byline"), "")
    author = own.attempt(partial(copy.optional, a, "author"), "")
    frame = own.attempt(lambda: _frame(a["box"], fmt), None) if "box" in a else None
    column_rules = own.attempt(partial(a.value, "column_rules", fmt.column_rules),
                               fmt.column_rules)
    photo = own.attempt(lambda: _inline_photo(a["photo"], issue_file, copy, place, name),
                        None) if "photo" in a else None
    own.raise_all()
    return Article(name=name, headline=headline, byline=byline, author=author,
                   blocks=tuple(blocks), place=place, path=node.path, pos=node.pos,
                   fields=a.positions(), frame=frame, column_rules=column_rules,
                   continues=continues, photo=photo, auto=auto)


def _body_block(item: Node, copy: "Copy") -> Block:
    if SUBHEAD.accepts(item):
        sub = Record(item, SUBHEAD)["subhead"]
        return Subhead(copy(sub), sub.pos)
    return Paragraph(copy(item), item.pos)


def _briefs(node: Node, fmt: PageFormat, intake: "Intake", auto_page: bool) -> Article:
    """A briefs column as an article of the format's `briefs` look (else `brief`, else its
    first): its title the headline, each item a small head and a paragraph. Its fields are read
    each on its own (see _article)."""
    b = Record(node, BRIEFS)
    own = Reading()
    copy = _block_copy(intake, b, own)
    looks = [s.name for s in fmt.headline_styles]
    look = next((name for name in ("briefs", "brief") if name in looks), looks[0])
    title = own.attempt(partial(copy.optional, b, "title"), "") or "简讯"
    blocks: list[Block] = []
    for item in own.each(own.attempt(partial(_items, b, "items"), []),
                         lambda n: Record(n, BRIEF_ITEM)):
        for kind, key in ((Subhead, "head"), (Paragraph, "text")):
            block = own.attempt(partial(_copy_block, kind, copy, item, key), None)
            blocks += [block] if block is not None else []
    place, auto = own.attempt(partial(place_or_auto, b, node, fmt, auto_page), (None, None))
    if auto is not None and "span" not in b:
        auto = replace(auto, spans=auto.spans[:1])  # a briefs column is narrow
    name = own.attempt(partial(b.value, "name", ""), "") or title
    byline = own.attempt(partial(copy.optional, b, "byline"), "")
    own.raise_all()
    return Article(name=name, headline=Headline(title, style=look, pos=node.pos),
                   byline=byline, author="", blocks=tuple(blocks),
                   place=place, path=node.path, pos=node.pos, fields=b.positions(),
                   auto=auto, briefs=True)


def _block_copy(intake: "Intake", record: Record, own: Reading) -> "Copy":
    """The copy intake of a block's `punctuation` (the format's when it cannot be read, its
    problem noted in `own`)."""
    return own.attempt(lambda: intake.for_block(record.value("punctuation")),
                       intake.for_block(None))


def _photo_file(f: Record, issue_file: Path) -> tuple[Path, tuple[int, int]]:
    """A photo's file (beside the issue) and its size in pixels, the file checked."""
    file = issue_file.parent / f.value("file")
    return file, _check_image(file, f["file"])


def _copy_block(kind: type[Subhead] | type[Paragraph], copy: "Copy", record: Record,
                key: str) -> Block:
    """The copy of `record`'s field `key` as a block of `kind`."""
    node = record[key]
    return kind(copy(node), node.pos)


def _frame(node: Node, fmt: PageFormat) -> BoxStyle | None:
    black = fmt.rule_colour
    if isinstance(node.node, yaml.ScalarNode):
        return BoxStyle(0.75, black, fmt.grid.body_size) if node.boolean() else None
    f = Record(node, FRAME)
    own = Reading()  # each field read on its own (see _article)
    tint = own.attempt(partial(f.get, "tint", lambda n: fmt.colours[n.choice(list(fmt.colours))],
                               None), None)
    rule = own.attempt(partial(f.value, "rule", 0.75), 0.75)
    inset = own.attempt(partial(f.get, "inset", lambda n: n.length(
        em=fmt.grid.body_size, low=0, high=100, default_unit="em"), fmt.grid.body_size), 0.0)
    corners = own.attempt(partial(f.value, "corners", "square"), "square")
    own.raise_all()
    return BoxStyle(rule, black, inset, tint, corners)


def _inline_photo(node: Node, issue_file: Path, copy: "Copy", place: Placement | None,
                  article: str) -> InlinePhoto:
    f = Record(node, INLINE_PHOTO)
    own = Reading()  # each field read on its own (see _article)
    file, pixel_size = own.attempt(partial(_photo_file, f, issue_file), (None, (0, 0)))
    columns = own.attempt(partial(f.value, "columns", 1), 1)
    if place is not None and columns >= place.text_columns:
        own.add((f["columns"] if "columns" in f else node).error(
            f"the photo would take all {place.text_columns} text columns of the article",
            "an article's photo spans fewer text columns than the article has"))
    lines = own.attempt(partial(f.value, "lines", "auto"), "auto")
    focus = own.attempt(partial(f.value, "focus"), None)
    side = own.attempt(partial(f.value, "side", "right"), "right")
    caption = own.attempt(partial(copy.optional, f, "caption"), "")
    credit = own.attempt(partial(copy.optional, f, "credit"), "")
    own.raise_all()
    assert file is not None  # (its problem was raised)
    return InlinePhoto(name=f"{article}的照片", file=file, columns=columns, side=side,
                       lines=None if lines == "auto" else int(lines), caption=caption,
                       credit=credit, focus=tuple(focus) if focus else (0.5, 0.5),
                       pixel_size=pixel_size, path=node.path, pos=node.pos,
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
    own = Reading()  # each field read on its own (see _article)
    main = own.attempt(lambda: _lines(h["main"], copy), "")
    kicker = own.attempt(partial(copy.optional, h, "kicker"), "")
    deck = own.attempt(partial(copy.optional, h, "deck"), "")
    style = own.attempt(partial(h.get, "style", lambda n: n.choice(
        [s.name for s in fmt.headline_styles]), first), first)
    own.raise_all()
    return Headline(main=main, kicker=kicker, deck=deck, style=style, pos=node.pos)


def _lines(node: Node, copy: "Copy") -> str:
    """Display copy given as text or as a list of lines: its lines joined by line breaks (a
    headline breaks there)."""
    if isinstance(node.node, yaml.SequenceNode):
        return "\n".join(copy(line) for line in node.sequence(min_items=1))
    return copy(node)


def _photo(node: Node, fmt: PageFormat, issue_file: Path, intake: "Intake",
           auto_page: bool = False) -> Photo:
    f = Record(node, PHOTO)
    own = Reading()  # each field read on its own (see _article)
    copy = _block_copy(intake, f, own)
    file, pixel_size = own.attempt(partial(_photo_file, f, issue_file), (None, (0, 0)))
    title = own.attempt(partial(copy.optional, f, "title"), "")
    focus = own.attempt(partial(f.value, "focus"), None)
    place, auto = own.attempt(partial(place_or_auto, f, node, fmt, auto_page), (None, None))
    name = own.attempt(partial(f.value, "name", ""), "")
    caption = own.attempt(partial(copy.optional, f, "caption"), "")
    credit = own.attempt(partial(copy.optional, f, "credit"), "")
    own.raise_all()
    assert file is not None  # (its problem was raised)
    return Photo(name=name or title or file.stem, file=file,
                 place=place, auto=auto, title=title, caption=caption, credit=credit,
                 focus=tuple(focus) if focus else (0.5, 0.5), pixel_size=pixel_size,
                 path=node.path, pos=node.pos, fields=f.positions())
