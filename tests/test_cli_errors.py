"""Every bad input: exit 2, a one-line message naming the file (and line), no traceback, and an
existing output file left as it was."""
import subprocess
import sys

import pytest

from pagesetter.cli import main

from .conftest import MINIMAL, PHOTO

OLD = b"%PDF-old output that must survive\n"


def edit(old, new, count=1):
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, count)


BAD_INPUTS = {
    "yaml_syntax_error": (edit("number: 1\n", "number: [1\n"), "YAML syntax error", True),
    "wrong_top_level_type": ("- just\n- a list\n", "expected a mapping", True),
    "unknown_key_with_hint": (edit("byline:", "bylin:"), "did you mean `byline`?", True),
    "wrong_type": (edit("span: 2, line: 1, height: 12", "span: two, line: 1, height: 12"),
                   "pages[0].articles[0].place.span: expected a whole number", True),
    "missing_required_field": (edit("        body:\n          - 自治区",
                                    "        bod:\n          - 自治区"),
                               "bod", True),
    "missing_body": (MINIMAL.replace("    section: 要闻\n", "    section: 要闻\n    editor: 李晓\n")
                     .replace("date: 2023-03-31\n", ""), "missing required field `date`", True),
    "missing_image": (edit(str(PHOTO), "/nonexistent/photo.jpg"), "does not exist", True),
    "unknown_style": (edit("headline: 乌市人大：细化目标任务  实现推进有序",
                           "headline: {main: 乌市人大, style: headline-bra}"),
                      "did you mean `headline-bar`?", True),
    "unknown_format": (edit("format: bulletin", "format: bulletn"), "unknown page format", True),
    "column_outside_grid": (edit("column: 3, span: 2", "column: 5, span: 2"),
                            "run past the grid", True),
    "line_outside_grid": (edit("line: 1, height: 20", "line: 80, height: 20"),
                          "run past the grid", True),
    "overlap_names_both": (edit("column: 3, span: 2", "column: 2, span: 2"),
                           "`人大代表助力备春耕` overlaps `短讯`", True),
    "python_tag": (edit("number: 1", "number: !!python/object/apply:os.system ['true']"),
                   "is not allowed", True),
    "character_not_in_font": (edit("传达学习。", "传达学习😀。"), "U+1F600", True),
    "bad_date": (edit("2023-03-31", "2023-13-31"), "is not a date", True),
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
    issue = tmp_path / "bad.yaml"
    issue.write_text(edit(str(PHOTO), str(junk)), encoding="utf-8")
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_unsupported_image_format(tmp_path, capsys):
    from PIL import Image

    gif = tmp_path / "photo.gif"
    Image.new("RGB", (40, 30)).save(gif)
    issue = tmp_path / "bad.yaml"
    issue.write_text(edit(str(PHOTO), str(gif)), encoding="utf-8")
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
    issue.write_text(edit("byline:", "bylin:"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(issue), "-o",
                           str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {issue}:")


def test_unwritable_output_is_a_clear_error(tmp_path, capsys, minimal_issue):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main([str(minimal_issue), "-o", str(blocker / "page.pdf"), "--no-check"]) == 2
    err = capsys.readouterr().err
    assert f"error: {minimal_issue}: cannot write" in err and "Traceback" not in err
