"""Fuzzing the contract (#17): whatever the issue document holds, a build ends with exit 0, 2
or 3 — never a traceback, never 1 for an input problem — and an existing output is replaced
only when the exit code says a PDF was written."""
import contextlib
import io
import string

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pagesetter.cli import main

from .conftest import dump_issue, minimal

OLD = b"%PDF-sentinel\n"

#: Text a desk might send: Chinese, marks, Latin, digits, control characters, the odd emoji.
TEXTS = st.text(alphabet=st.sampled_from(
    list("人大代表会议自治区两会精神，。、；：？！“”（）《》——……·□ ") + list(string.printable)
    + ["\x00", "\x07", "\u2028", "\x85", "😀", "𠀀", "\ufeff", "#", ":", "-"]), max_size=60)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
              st.floats(allow_nan=True, allow_infinity=True), TEXTS),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(TEXTS, children, max_size=3)),
    max_leaves=8)


def paths(node, prefix=()):
    """Every place in a document a value sits (keys and list indexes)."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, prefix + (index,))


def mutate(doc, path, value, delete):
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


ALL_PATHS = list(paths(minimal()))


def assert_keeps_the_contract(issue, out) -> None:
    """Built, refused as input (2) or overset (3); refused, the old output is untouched, and
    each problem of an input refused is one line with a hint."""
    out.write_bytes(OLD)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main([str(issue), "-o", str(out)])
    assert status in (0, 2, 3), status
    if status in (2, 3):
        assert out.read_bytes() == OLD
    if status == 2:
        problems = [line for line in err.getvalue().splitlines()
                    if line.startswith("error: ") and not line.endswith("nothing written")]
        assert problems and all("(hint: " in line for line in problems), problems


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(st.tuples(st.sampled_from(ALL_PATHS), VALUES, st.booleans()),
                      min_size=1, max_size=3))
def test_any_issue_document_keeps_the_contract(tmp_path_factory, edits):
    tmp = tmp_path_factory.mktemp("fuzz")
    doc = minimal()
    for path, value, delete in edits:
        try:
            doc = mutate(doc, path, value, delete)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier edit removed the place
    issue = tmp / "issue.yaml"
    try:
        issue.write_text(dump_issue(doc), encoding="utf-8", errors="surrogatepass")
    except (UnicodeEncodeError, ValueError):
        return
    assert_keeps_the_contract(issue, tmp / "out.pdf")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(cut=st.integers(0, 2000), junk=st.binary(max_size=20))
def test_any_damaged_issue_text_keeps_the_contract(tmp_path_factory, cut, junk):
    tmp = tmp_path_factory.mktemp("fuzz")
    text = dump_issue(minimal()).encode("utf-8")
    cut = min(cut, len(text))
    issue = tmp / "issue.yaml"
    issue.write_bytes(text[:cut] + junk + text[cut:])
    assert_keeps_the_contract(issue, tmp / "out.pdf")


COPY_FIELDS = [p for p in ALL_PATHS if p and isinstance(p[-1], (str, int)) and (
    p[-1] in ("publication", "section", "headline", "byline", "title", "caption", "credit")
    or (len(p) >= 2 and p[-2] == "body"))]
PLACE_FIELDS = [p for p in ALL_PATHS if len(p) >= 2 and p[-2] == "place"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(copy=st.lists(st.tuples(st.sampled_from(COPY_FIELDS), TEXTS.filter(str.strip)),
                     max_size=4),
       place=st.lists(st.tuples(st.sampled_from(PLACE_FIELDS), st.integers(-2, 95)),
                      max_size=3))
def test_any_copy_and_placement_keeps_the_contract(tmp_path_factory, copy, place):
    """Well-formed documents with arbitrary copy and placements: these reach composition,
    placement and rendering."""
    tmp = tmp_path_factory.mktemp("fuzz")
    doc = minimal()
    for path, value in copy + place:
        mutate(doc, path, value, False)
    issue = tmp / "issue.yaml"
    issue.write_text(dump_issue(doc), encoding="utf-8", errors="surrogatepass")
    assert_keeps_the_contract(issue, tmp / "out.pdf")


# --- `pagesetter check` over small hostile PDFs -------------------------------------------------

OPERATOR_NAMES = ["q", "Q", "cm", "gs", "g", "G", "k", "K", "rg", "RG", "cs", "CS", "sc",
                  "scn", "SC", "SCN", "Tf", "Tr", "Tm", "Tj", "TJ", "BT", "ET", "Do", "sh", "f",
                  "S", "re", "BI", "ID", "EI", "d0", "'", '"']
OPERANDS = st.one_of(st.integers(-5, 300).map(str), st.sampled_from(
    ["/F1", "/GS1", "/Fm", "/Nope", "/DeviceRGB", "/DeviceCMYK", "/Pattern", "(AB)", "<41>",
     "[(A) 10 (B)]", "nan", "1e99", "true", "null", "<<>>", "["]))
CONTENT = st.lists(st.tuples(st.lists(OPERANDS, max_size=6), st.sampled_from(OPERATOR_NAMES)),
                   max_size=25).map(lambda ops: " ".join(
                       " ".join(args + [op]) for args, op in ops))
RESOURCE_VALUES = st.sampled_from(["good", "int", "array", "missing", "stream"])


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=CONTENT, font=RESOURCE_VALUES, state=RESOURCE_VALUES, xobject=RESOURCE_VALUES,
       trim=st.lists(st.one_of(st.integers(-10, 300), st.just("x")), max_size=5),
       intents=st.sampled_from(["good", "int", "empty", "missing"]))
def test_check_keeps_its_contract_on_any_small_pdf(tmp_path_factory, content, font, state,
                                                   xobject, trim, intents):
    import pikepdf
    from pikepdf import Array, Dictionary, Name, Stream, String

    from .pdfs import embedded_font, form, make_pdf

    def value(kind, good):
        return {"good": good, "int": 7, "array": Array([1, 2]), "missing": None,
                "stream": lambda pdf: pdf.make_indirect(Stream(pdf, b"x"))}[kind]

    def finish(pdf):
        resources = pdf.pages[0].Resources
        font_value = value(font, embedded_font(pdf))
        resources.Font = Dictionary(F1=font_value(pdf) if callable(font_value) else font_value) \
            if font_value is not None else Dictionary()
        state_value = value(state, Dictionary(op=True, OPM=1))
        resources.ExtGState = Dictionary(GS1=state_value(pdf) if callable(state_value)
                                         else state_value) if state_value is not None \
            else Dictionary()
        xobject_value = value(xobject, form(pdf, content))
        resources.XObject = Dictionary(Fm=xobject_value(pdf) if callable(xobject_value)
                                       else xobject_value) if xobject_value is not None \
            else Dictionary()
        pdf.pages[0].obj.TrimBox = Array([String(v) if isinstance(v, str) else v
                                          for v in trim])
        if intents != "good":
            pdf.Root.OutputIntents = {"int": 5, "empty": Array([]),
                                      "missing": Array([Dictionary(S=Name.GTS_PDFX)])}[intents]

    tmp = tmp_path_factory.mktemp("checkfuzz")
    try:
        path = make_pdf(tmp / "f.pdf", content, finish=finish)
    except (pikepdf.PdfError, ValueError, TypeError):
        return  # pikepdf would not write it: not the checker's business
    status = main(["check", str(path)])
    assert status in (0, 1, 2)
