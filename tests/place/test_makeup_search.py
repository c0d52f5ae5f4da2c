"""The make-up closes real pages in bounded work (#25): a budget of nodes (never wall time), the
desk's slack (copyfitting, gaps, crops), newspaper shapes, and refusals an editor can act on."""

from pagesetter.cli import main
from pagesetter.loader import load_issue
from pagesetter.pipeline import place_pages
from pagesetter.place import arrange
from pagesetter.place.stacking import BUDGET, MAX_STACK

from ..conftest import PHOTO, minimal, write_issue

SAMPLE_TEXT = ("自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习，并结合"
               "工作实际"
               "细化目标任务，确保各项工作推进有序、落到实处。坚持党的领导，坚定拥护“两个确立”，"
               "坚决做到“两个维护”。会议要求，全市各级人大要把思想和行动统一到大会精神上来。") * 20


def page_doc(sizes, photos=0, lead=True, with_photo=()):
    """A page of articles of `sizes` characters (the first the lead) and `photos` photos, every
    block placed by the make-up."""
    doc = minimal()
    articles = []
    for k, size in enumerate(sizes):
        body = SAMPLE_TEXT[:size]
        articles.append({"name": f"稿{k}", "headline": "人大代表助力备春耕工作",
                         "body": [body[i:i + 200] for i in range(0, len(body), 200)],
                         **({"priority": 1} if lead and k == 0 else {})})
    for k in with_photo:
        articles[k]["with_photo"] = f"图{k}"
    doc["pages"][0].update(layout="auto", articles=articles, photos=[
        {"name": f"图{k}", "file": str(PHOTO), "title": "人大代表助力备春耕",
         "caption": "近日，科右前旗俄体镇人大代表深入田间地头。"} for k in
        (list(with_photo) + list(range(100, 100 + photos)))])
    return doc


def counting(monkeypatch):
    """The nodes each search visits."""
    seen = []
    real = arrange.search

    def counted(*args, **kwargs):
        plan, attempt = real(*args, **kwargs)
        seen.append(attempt.nodes)
        return plan, attempt
    monkeypatch.setattr(arrange, "search", counted)
    monkeypatch.setattr("pagesetter.place.makeup.search", counted)
    return seen


def test_the_search_is_bounded_by_its_node_budget_on_a_page_of_twenty(tmp_path, monkeypatch):
    """Regression: 14 equal articles did not finish in 300 s; the search had no bound."""
    seen = counting(monkeypatch)
    doc = page_doc([600] + [300] * 19)
    try:
        place_pages(load_issue(write_issue(tmp_path / "t.yaml", doc)))
    except Exception:  # noqa: BLE001 — bounded either way; a refusal is fine here
        pass
    assert seen and all(nodes <= BUDGET * 1.05 for nodes in seen), seen


def test_plan_effort_raises_the_budget(tmp_path, monkeypatch, capsys):
    seen = counting(monkeypatch)
    issue = write_issue(tmp_path / "t.yaml", page_doc([600] + [300] * 19))
    main(["plan", str(issue), "--plan-effort", "3"])
    assert seen and max(seen) > BUDGET * 1.05 and max(seen) <= BUDGET * 3 * 1.05


def test_the_same_page_is_made_up_the_same_way(tmp_path):
    page, _ = closing(tmp_path, [14, 6, 5, 7, 3, 8, 4.5], photos=1)
    again = place_pages(load_issue(tmp_path / "t.yaml"))[0]
    assert [(a.name, a.area) for a in page.areas] == [(a.name, a.area) for a in again.areas]


def made_up(tmp_path, doc):
    (page,) = place_pages(load_issue(write_issue(tmp_path / "t.yaml", doc)))
    return page, {a.name: a.area for a in page.areas}


def closing(tmp_path, weights, **kwargs):
    """A page of articles in proportion to `weights` whose copy the make-up closes: the copy
    scaled (most likely fill first) until a page is made up. (page, areas)."""
    from pagesetter.place.makeup import NoFit

    photos = kwargs.get("photos", 0) + len(kwargs.get("with_photo", ()))
    room = 9000 - 140 * len(weights) - 1100 * photos  # characters the page holds, roughly
    for fill in (0.97, 1.0, 0.94, 1.03, 0.91, 1.06, 0.88, 1.09, 0.85, 1.12):
        sizes = [max(100, int(room * fill * w / sum(weights))) for w in weights]
        try:
            return made_up(tmp_path, page_doc(sizes, **kwargs))
        except NoFit:
            continue
    raise AssertionError("no fill of this page closes")


def test_the_lead_is_wide_at_the_top_and_no_block_is_wider(tmp_path):
    page, areas = closing(tmp_path, [14, 6, 5, 7, 3, 8, 4.5], photos=1)
    lead = areas["稿0"]
    assert lead.line == 1 and lead.span >= 2
    assert all(a.span <= lead.span for a in areas.values())
    assert all(a.span <= MAX_STACK for name, a in areas.items() if name != "稿0")
    assert not page.overset


def test_a_short_item_is_set_narrow_not_as_a_band(tmp_path):
    """Regression: a one-paragraph brief came out 4 columns wide and 2 lines deep, a single
    line in its last column."""
    page, areas = closing(tmp_path, [14, 6, 5, 7, 1, 8, 4.5], photos=1)
    brief = areas["稿4"]
    assert brief.span == 1
    for fit in page.fit:
        assert fit.lines_needed >= fit.area.span * 2  # no column holding a single line


def test_an_article_and_its_photo_stand_together(tmp_path):
    page, areas = closing(tmp_path, [14, 6, 5, 7, 3, 8], with_photo=(2,))
    photo, article = areas["图2"], areas["稿2"]
    assert (photo.column, photo.span) == (article.column, article.span)
    assert article.line == photo.line + photo.lines + 1


def test_too_little_copy_is_called_so_never_overset(tmp_path, capsys):
    """Regression: "overset: … too little copy": the prefix said the opposite of the problem."""
    issue = write_issue(tmp_path / "t.yaml", page_doc([300, 200, 200]))
    assert main([str(issue), "-o", str(tmp_path / "t.pdf")]) == 3
    err = capsys.readouterr().err
    (line,) = [ln for ln in err.splitlines() if "page 1:" in ln]
    assert line.startswith("error: ") and "too little copy" in line and "overset" not in line
    assert "characters" in line and not (tmp_path / "t.pdf").exists()


def test_a_page_that_cannot_be_made_up_is_written_as_a_marked_proof_with_allow_overset(
        tmp_path, capsys):
    """Regression: --allow-overset wrote nothing when the make-up failed."""
    import pikepdf

    issue = write_issue(tmp_path / "t.yaml", page_doc([300, 200, 200]))
    out = tmp_path / "t.pdf"
    assert main([str(issue), "-o", str(out), "--allow-overset"]) == 3
    err = capsys.readouterr().err
    assert "made up as a proof" in err
    with pikepdf.open(out) as pdf:
        assert "/PagesetterProof" in pdf.docinfo and "/GTS_PDFXVersion" not in pdf.docinfo
    assert main(["check", str(out)]) == 1
