"""Headlines break between words (#26): checked word by word against headlines whose allowed
break points are marked by hand (`|`), at widths that force one break or more."""
import pytest

from pagesetter.compose import Composer
from pagesetter.errors import SourcePos
from pagesetter.loader import load_issue

from ..conftest import SAMPLE

#: Real headlines of county and league bulletins, `|` at every place a desk may break one.
MARKED = [
    "兴安盟|人大常委会|召开|第五次|会议",
    "党组|理论|学习",
    "扎旗|人大：|把握|监督|实施",
    "郭丽丽：|把|田间|地头|当|课堂",
    "代表|建议|办理|工作",
    "科右中旗|开展|普法|宣传月",
    "盟人大常委会|召开|党组|理论|学习|中心组|学习|会议",
    "2023年|全盟|完成|投资|16.39亿元",
    "坚定|拥护|“两个确立”|坚决|做到|“两个维护”",
    "乌市|人大：|细化|目标|任务",
    "突泉县|人大：|凝聚|奋斗|力量",
    "扎赉特旗|召开|第十七届|人大常委会|第三次|会议",
    "阿尔山市|人大|代表|视察|《民法典》|宣传|工作",
    "全盟|各级|人大|助推|市域|社会|治理|现代化",
]


@pytest.fixture(scope="module")
def composer():
    issue = load_issue(SAMPLE)
    return Composer.for_format(issue.format)  # the format's `words:` and jieba's own


@pytest.mark.parametrize("marked", MARKED)
@pytest.mark.parametrize("share", [0.45, 0.6, 0.75])
def test_a_headline_breaks_only_where_a_desk_may_break_it(composer, marked, share):
    text = marked.replace("|", "")
    allowed, at = set(), 0
    for word in marked.split("|")[:-1]:
        at += len(word)
        allowed.add(at)
    style = composer.style("headline")
    spans = composer.spans([(text, "headline")], SourcePos("<t>"), "t")
    one_line = composer.compose_headline(spans, 10_000)[0].width
    lines = composer.compose_headline(spans, one_line * share)
    assert "".join(line.text for line in lines) == text
    at = 0
    for line in lines[:-1]:
        at += len(line.text)
        assert at in allowed, f"{text} broken at {text[:at]}|{text[at:]}"
    assert style  # the headline style the sample's format defines


def test_two_lines_are_balanced_the_longer_first(composer):
    spans = composer.spans([("兴安盟人大常委会召开第五次会议", "headline")], SourcePos("<t>"), "t")
    width = composer.compose_headline(spans, 10_000)[0].width
    first, second = composer.compose_headline(spans, width * 0.7)
    assert first.text == "兴安盟人大常委会" and second.text == "召开第五次会议"
    assert first.width >= second.width


def test_a_hand_break_wins(composer):
    spans = composer.spans([("兴安盟人大\n常委会召开第五次会议", "headline")], SourcePos("<t>"),
                           "t")
    lines = composer.compose_headline(spans, 10_000)
    assert [line.text for line in lines] == ["兴安盟人大", "常委会召开第五次会议"]


def test_the_segmenter_is_loaded_once_for_builds_that_keep_what_they_made(monkeypatch):
    """Found timing `watch` on a page the make-up arranges: every rebuild loaded jieba's
    dictionary again (0.6 s of its 0.9 s). A build that keeps what it made (watch, a batch)
    loads it once for the same names; other names get their own."""
    from pagesetter.compose import words
    from pagesetter.kept import Kept, keeping

    made = []

    class Segmenter:
        def cut(self, text, HMM=False):
            return iter(text)

    monkeypatch.setattr(words, "_tokenizer", lambda names: made.append(names) or Segmenter())
    with keeping(Kept()):
        for _ in range(3):  # a composer per build, each with its own WordBreaks
            words.WordBreaks(["兴安盟", "乌市人大"]).cut("兴安盟人大")
        words.WordBreaks(["前旗人大"]).cut("前旗人大")
    assert made == [("乌市人大", "兴安盟"), ("前旗人大",)]
