"""Copy intake: half-width marks in Chinese copy normalised (GB/T 15834 §4), as a table of what
reporters type; copy cut short by a YAML comment stopped; `punctuation: as-typed` honoured."""
import pytest

from pagesetter.cli import main
from pagesetter.errors import InputError
from pagesetter.intake import normalise_punctuation
from pagesetter.loader import load_issue

from ..conftest import MINIMAL, article, edited, minimal, photo, write_issue

NORMALISED = [
    # typed → printed
    ('据统计,"十四五"以来;增长(约)16.39%!真的吗? 是的:',
     "据统计，“十四五”以来；增长（约）16.39%！真的吗？是的："),
    ("行动之中 , 抓住重点", "行动之中，抓住重点"),
    ("他说...", "他说……"),
    ("GDP(国内生产总值)增长", "GDP（国内生产总值）增长"),
    ("(1)加强监督", "（1）加强监督"),
    ("共3项,5个", "共3项，5个"),
    ("使用5G, 提速", "使用5G，提速"),
    ("写信给 a.b@x.cn,谢谢", "写信给 a.b@x.cn，谢谢"),
    ("他'说'好", "他‘说’好"),
    ('"两个确立"', "“两个确立”"),
]
UNTOUCHED = [
    "Hello, world. It's 1,500 at 10:30.",  # Latin only
    "增长16.39%，达1,500万元，10:30开会",  # numbers
    "访问https://www.gov.cn/a,b/c.html了解",  # a URL
    "f(x) = 1",
    "全角标点：“引号”（括号）。",  # already right
]


@pytest.mark.parametrize("typed, printed", NORMALISED)
def test_half_width_marks_in_chinese_copy_are_normalised(typed, printed):
    assert normalise_punctuation(typed).text == printed


@pytest.mark.parametrize("text", UNTOUCHED)
def test_latin_numbers_urls_and_good_copy_are_left_alone(text):
    result = normalise_punctuation(text)
    assert result.text == text and result.changes == ()


def test_each_change_says_where_and_what():
    result = normalise_punctuation("真的吗? 是的:")
    assert [(c.index, c.typed, c.set_as) for c in result.changes] == [(3, "?", "？"),
                                                                       (7, ":", "：")]


def test_a_normalised_mark_is_a_warning_at_its_own_line_and_column(tmp_path, capsys):
    text = edited(MINIMAL, "坚持党的领导，", "坚持党的领导,")
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    issue = load_issue(path)
    (warning,) = issue.warnings
    row = next(k for k, line in enumerate(text.splitlines(), 1) if "领导," in line)
    column = text.splitlines()[row - 1].index("领导,") + 3
    assert warning.line().startswith(f"warning: {path}:{row}:{column}: "), warning.line()
    assert "pages[0].articles[0].body[1]" in warning.line()
    assert issue.pages[0].articles[0].blocks[1].text.startswith("坚持党的领导，")
    assert main([str(path), "-o", str(tmp_path / "a.pdf")]) == 0
    assert "half-width `,`" in capsys.readouterr().err


def test_positions_inside_a_block_scalar_and_a_quoted_one(tmp_path):
    doc = minimal()
    article(doc)["body"] = ["第一段。"]
    text = edited(write_issue(tmp_path / "x.yaml", doc).read_text(encoding="utf-8"),
                  "- 第一段。", '- "引号里的,逗号"\n    - |\n      块里的第一行\n'
                              '      第二行,逗号')
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = [(w.pos.line, w.pos.column) for w in load_issue(path).warnings]
    quoted = next(k for k, line in enumerate(lines, 1) if "引号里的," in line)
    block = next(k for k, line in enumerate(lines, 1) if "第二行," in line)
    assert found == [(quoted, lines[quoted - 1].index(",") + 1),
                     (block, lines[block - 1].index(",") + 1)]


@pytest.mark.parametrize("where", ["format", "article"])
def test_punctuation_as_typed_keeps_what_was_typed(tmp_path, where):
    doc = minimal()
    article(doc)["body"][0] = "据统计,十四五以来"
    if where == "article":
        article(doc)["punctuation"] = "as-typed"
        issue = load_issue(write_issue(tmp_path / "a.yaml", doc))
    else:
        fmt = (tmp_path / "layout")
        fmt.mkdir()
        from pagesetter.resources import data_dir

        source = (data_dir("layout") / "bulletin.yaml").read_text(encoding="utf-8")
        (fmt / "typed.yaml").write_text("punctuation: as-typed\n" + source, encoding="utf-8")
        doc["format"] = "layout/typed.yaml"
        issue = load_issue(write_issue(tmp_path / "a.yaml", doc))
    assert issue.pages[0].articles[0].blocks[0].text == "据统计,十四五以来"
    assert issue.warnings == ()


def test_captions_and_headlines_are_normalised_too(tmp_path):
    doc = minimal()
    article(doc)["headline"] = "乌市人大:细化目标任务"
    photo(doc)["caption"] = "近日,人大代表深入田间地头."
    issue = load_issue(write_issue(tmp_path / "a.yaml", doc))
    assert issue.pages[0].articles[0].headline.main == "乌市人大：细化目标任务"
    assert issue.pages[0].photos[0].caption == "近日，人大代表深入田间地头。"
    assert len(issue.warnings) == 3


# --- copy cut short by a YAML comment ----------------------------------------------------------

def test_a_topic_after_space_hash_is_an_error_not_a_lost_line(tmp_path, capsys):
    """Regression: `- 话题 #5G改变生活# 在……` lost everything after ' #' silently."""
    text = edited(MINIMAL, "- 坚持党的领导，", "- 热议 #5G改变生活# 坚持党的领导，")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_issue(path)
    line = caught.value.diagnostic.line()
    row = next(k for k, ln in enumerate(text.splitlines(), 1) if "#5G" in ln)
    column = text.splitlines()[row - 1].index("#5G") + 1
    assert line.startswith(f"error: {path}:{row}:{column}: pages[0].articles[0].body[1]: ")
    assert "read as a YAML comment" in line and "`- |`" in line
    assert main([str(path), "-o", str(tmp_path / "c.pdf")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_topic_line_under_a_paragraph_is_an_error(tmp_path):
    text = edited(MINIMAL, "- 坚持党的领导，", "- 热议\n      #5G改变生活# 坚持党的领导，")
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="YAML comment"):
        load_issue(path)


@pytest.mark.parametrize("body", ['"热议 #5G改变生活# 话题"', "|\n      热议 #5G改变生活# 话题"])
def test_a_hash_in_quoted_or_block_copy_is_copy(tmp_path, body):
    text = edited(MINIMAL, "- 坚持党的领导，", f"- {body}\n    - 坚持党的领导，")
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    blocks = load_issue(path).pages[0].articles[0].blocks
    assert "#5G改变生活# 话题" in blocks[1].text


def test_an_ordinary_comment_after_a_field_is_still_a_comment(tmp_path):
    text = edited(MINIMAL, "section: 要闻", "section: 要闻   # 版名")
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_issue(path).pages[0].section == "要闻"
