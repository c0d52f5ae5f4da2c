"""Every bad input: exit 2, a one-line message naming the file (and line), no traceback, and an
existing output file left as it was."""
import os
import subprocess
import sys

import pytest

from pagesetter.cli import main

from .conftest import MINIMAL, edited, minimal, photo, setting, write_issue

OLD = b"%PDF-old output that must survive\n"


def changed(change) -> str:
    """The minimal issue after `change(doc)`, as YAML text."""
    from .conftest import dump_issue

    doc = minimal()
    change(doc)
    return dump_issue(doc)


def renaming(path, old, new):
    def change(doc):
        node = doc
        for key in path:
            node = node[key]
        node[new] = node.pop(old)
    return change


def deleting(path, key):
    def change(doc):
        node = doc
        for k in path:
            node = node[k]
        del node[key]
    return change


ARTICLE = ("pages", 0, "articles", 0)
PHOTO_PATH = ("pages", 0, "photos", 0)

BAD_INPUTS = {
    "yaml_syntax_error": (edited(MINIMAL, "number: 1\n", "number: [1\n"), "YAML syntax error",
                          True),
    "wrong_top_level_type": ("- just\n- a list\n", "expected a mapping", True),
    "unknown_key_with_hint": (changed(renaming(ARTICLE, "byline", "bylin")),
                              "did you mean `byline`?", True),
    "wrong_type": (changed(setting(ARTICLE + ("place", "span"), "two")),
                   "pages[0].articles[0].place.span: expected a whole number", True),
    "missing_required_field": (changed(renaming(ARTICLE, "body", "bod")), "bod", True),
    "missing_date": (changed(deleting((), "date")), "missing required field `date`", True),
    "missing_image": (changed(setting(PHOTO_PATH + ("file",), "/nonexistent/photo.jpg")),
                      "does not exist", True),
    "unknown_style": (changed(setting(ARTICLE + ("headline",),
                                      {"main": "乌市人大", "style": "headline-bra"})),
                      "did you mean `headline-bar`?", True),
    "unknown_format": (changed(setting(("format",), "bulletn")), "unknown page format", True),
    "column_outside_grid": (changed(setting(PHOTO_PATH + ("place", "column"), 5)),
                            "run past the grid", True),
    "line_outside_grid": (changed(setting(PHOTO_PATH + ("place", "line"), 80)),
                          "run past the grid", True),
    "overlap_names_both": (changed(setting(PHOTO_PATH + ("place", "column"), 2)),
                           "`人大代表助力备春耕` overlaps `短讯`", True),
    "python_tag": (edited(MINIMAL, "number: 1", "number: !!python/object/apply:os.system "
                          "['true']"), "is not allowed", True),
    "character_not_in_font": (changed(setting(ARTICLE + ("body", 0), "传达学习😀。")),
                              "U+1F600", True),
    "bad_date": (changed(setting(("date",), "2023-13-31")), "is not a date", True),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_exit_2_with_file_line_and_keeps_output(name, tmp_path, capsys):
    text, expected, has_line = BAD_INPUTS[name]
    issue = tmp_path / "bad.yaml"
    issue.write_text(text, encoding="utf-8")
    out = tmp_path / "page.pdf"
    out.write_bytes(OLD)
    assert main([str(issue), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert str(issue) in err
    if has_line:
        assert f"{issue}:" in err and err.split(str(issue) + ":")[1][0].isdigit(), err
    assert expected in err, err
    assert "(hint: " in err, err  # every message says what to do about it
    assert out.read_bytes() == OLD


def test_empty_file(tmp_path, capsys):
    issue = tmp_path / "empty.yaml"
    issue.write_text("# nothing here\n\n", encoding="utf-8")
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "is empty" in capsys.readouterr().err


def test_non_utf8_bytes_name_the_line(tmp_path, capsys):
    issue = tmp_path / "gbk.yaml"
    issue.write_bytes("publication: 兴安人大\n".encode() + "number: 兴安人大\n".encode("gbk"))
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert f"{issue}:2:" in err and "not UTF-8" in err


def test_missing_issue_file(tmp_path, capsys):
    assert main([str(tmp_path / "nope.yaml")]) == 2
    assert "no such issue file" in capsys.readouterr().err


def test_unreadable_image(tmp_path, capsys):
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not an image at all")
    doc = minimal()
    photo(doc)["file"] = str(junk)
    issue = write_issue(tmp_path / "bad.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_unsupported_image_format(tmp_path, capsys):
    from PIL import Image

    gif = tmp_path / "photo.gif"
    Image.new("RGB", (40, 30)).save(gif)
    doc = minimal()
    photo(doc)["file"] = str(gif)
    issue = write_issue(tmp_path / "bad.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "not supported" in capsys.readouterr().err


def test_alias_bomb_is_refused(tmp_path, capsys):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    issue = tmp_path / "bomb.yaml"
    issue.write_text(bomb, encoding="utf-8")
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "alias bomb" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path):
    issue = tmp_path / "bad.yaml"
    issue.write_text(changed(renaming(ARTICLE, "byline", "bylin")), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(issue), "-o",
                           str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {issue}:")


def test_the_real_command_ends_at_once_with_its_output_flushed(tmp_path, minimal_issue):
    """`pagesetter` (cli.run) skips the interpreter's teardown: its status, its messages and
    its file are still all there, also when the output goes to a pipe."""
    out = tmp_path / "x.pdf"
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(minimal_issue), "-o",
                           str(out)], capture_output=True, text=True, env=buffered)
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"wrote {out}") and "preflight: passed" in proc.stdout
    assert out.read_bytes().rstrip().endswith(b"%%EOF")


def test_unwritable_output_is_a_clear_error(tmp_path, capsys, minimal_issue):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main([str(minimal_issue), "-o", str(blocker / "page.pdf"), "--no-check"]) == 2
    err = capsys.readouterr().err
    assert f"error: {minimal_issue}: cannot write" in err and "Traceback" not in err


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("field, path", [
    ("section", "pages[0].section"), ("publication", "publication")])
def test_header_fields_are_reported_at_their_own_line_with_the_full_path(tmp_path, capsys,
                                                                         field, path):
    """Regression: header fields were reported as `pages.section` at the page's line."""
    doc = minimal()
    target = doc["pages"][0] if field == "section" else doc
    target[field] = "要闻𰀀"  # U+30000 (Ext G) is in no face, fallbacks included
    issue = write_issue(tmp_path / "bad.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    line = line_of(issue.read_text(encoding="utf-8"), f"{field}: 要闻𰀀")
    assert err.startswith(f"error: {issue}:{line}:") and f": {path}: character" in err, err


def test_an_editorial_entry_must_name_a_field_of_the_issue(tmp_path, capsys):
    doc = minimal()
    doc["editorial"] = ["publication", "pages[0].sectoin"]
    issue = write_issue(tmp_path / "bad.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "editorial[1]" in err and "`pages[0].sectoin` is not a field" in err


def test_a_diagnostic_is_one_line_whatever_the_copy_holds():
    from pagesetter.errors import SourcePos, warning

    text = warning(SourcePos("a.yaml", 3, 5), "bad「x\r\ny\x85z\u2028w」", "pages[0].section",
                   "fix it").line()
    assert len(text.splitlines()) == 1
    assert text.startswith("warning: a.yaml:3:5: pages[0].section: bad")
    assert text.endswith("(hint: fix it)")


@pytest.mark.parametrize("text, escaped", [
    ("\x1b[31m", "\\x1b[31m"),  # a terminal escape sequence: would recolour the terminal
    ("\u202e", "\\u202e"),  # a bidi override: would reverse the rest of the line
    ("\x00", "\\x00"), ("\t", "\\t"), ("\x85", "\\x85"), ("\u200b", "\\u200b"),
    ("\ufeff", "\\ufeff"), ("\U000e0041", "\\U000e0041"), ("\n", "\\n"),
    ("中文　，。", "中文　，。"), ("Ω é 𠮷", "Ω é 𠮷"),  # printable: as they are
])
def test_characters_a_terminal_does_not_show_are_escaped(text, escaped):
    from pagesetter.errors import shown

    assert shown(f"a{text}b") == f"a{escaped}b"
    assert shown(shown(text)) == shown(text)


def test_copy_with_control_and_bidi_characters_prints_them_escaped(tmp_path):
    """Regression: a headline holding an escape sequence and a bidi override was quoted raw in
    its error line, and an article's name raw in the fit report, so the copy could recolour
    the editor's terminal or reverse what the line showed."""
    doc = minimal()
    doc["pages"][0]["articles"][0]["name"] = "短讯\x1b[2J\u202e"
    issue = write_issue(tmp_path / "ok.yaml", doc)
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(issue), "-o",
                           str(tmp_path / "ok.pdf"), "--no-check"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "短讯\\x1b[2J\\u202e" in proc.stdout and "\x1b" not in proc.stdout
    doc["pages"][0]["articles"][0]["headline"] = "乌市人大\x1b[31m细化\u202e目标"
    issue = write_issue(tmp_path / "bad.yaml", doc)
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(issue), "-o",
                           str(tmp_path / "bad.pdf")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr
    assert "「\\x1b」 (U+001B)" in proc.stderr and "「\\u202e」 (U+202E)" in proc.stderr


def test_every_missing_character_of_the_issue_is_reported_in_one_run(tmp_path, capsys):
    """Regression: eight builds to list ₂ ₃ ㎡ 𠮷 龑 👍 − €, one character per run. (𠮷 and 龑
    now print from the fallback faces; U+30000, Extension G, is in none.)"""
    doc = minimal()
    doc["pages"][0]["articles"][0]["body"] = ["二氧化碳CO₂排放，面积120㎡。", "温度−5度，点赞👍。",
                                              "又见CO₂。"]
    doc["pages"][0]["photos"][0]["caption"] = "价格10€，吉\U00030000。"
    issue = write_issue(tmp_path / "bad.yaml", doc)
    out = tmp_path / "x.pdf"
    assert main([str(issue), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    found = {line.split("「")[1][0] for line in err if "「" in line}
    wanted = set("₂㎡−👍€")
    assert wanted <= found, err
    assert "\U00030000" in found, err
    co2 = next(line for line in err if "「₂」" in line)
    body_line = line_of(issue.read_text(encoding="utf-8"), "二氧化碳")
    assert co2.startswith(f"error: {issue}:{body_line}:") and "body[0]" in co2
    assert "also at" in co2 and "write 「2」 instead" in co2
    assert "write 「－」 instead" in next(line for line in err if "「−」" in line)
    assert err[-1] == f"error: {issue}: {len(err) - 1} problems; nothing written"
    assert not out.exists()


def test_a_missing_character_is_reported_beside_a_placing_error(tmp_path, capsys):
    """Regression: a page that could not be placed (here an overlap) stopped the build before
    the characters the faces lack were reported, though such a character, set as a blank, may
    be what made the copy overflow: every problem of the document in one run."""
    def change(doc):
        setting(ARTICLE + ("body", 0), "传达学习\U00031350。")(doc)
        setting(PHOTO_PATH + ("place", "column"), 2)(doc)

    issue = tmp_path / "two.yaml"
    issue.write_text(changed(change), encoding="utf-8")
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "`人大代表助力备春耕` overlaps `短讯`" in err and "U+31350" in err
    assert "2 problems; nothing written" in err
