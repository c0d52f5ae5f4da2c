"""The contract under hostile and careless input (#17): exit 0/1/2/3, one-line messages, no
traceback, nothing replaced that the exit code says was not, no write outside the outputs.
Each regression test is named after the defect it pins."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import yaml

from pagesetter.cli import main

from .conftest import PHOTO, ROOT, article, minimal, photo, setting, write_issue

OLD = b"%PDF-old output that must survive\n"


def run(args, tmp_path, env=None, timeout=120):
    proc = subprocess.run([sys.executable, "-m", "pagesetter", *map(str, args)],
                          capture_output=True, timeout=timeout, cwd=tmp_path,
                          env=dict(os.environ, **(env or {})))
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace"), proc.stderr
    return proc


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


# --- 2. output paths ------------------------------------------------------------------------

def test_output_onto_the_issue_file_is_refused(tmp_path, capsys):
    issue = write_issue(tmp_path / "x.yaml")
    before = issue.read_bytes()
    assert main([str(issue), "-o", str(issue)]) == 2
    assert "is an input of this build" in one_error_line(capsys)
    assert issue.read_bytes() == before


def test_output_onto_the_photo_is_refused(tmp_path, capsys):
    picture = tmp_path / "photo.jpg"
    shutil.copy(PHOTO, picture)
    doc = minimal()
    photo(doc)["file"] = str(picture)
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(picture)]) == 2
    assert picture.read_bytes() == PHOTO.read_bytes()


def test_dump_onto_the_issue_file_is_refused(tmp_path):
    issue = write_issue(tmp_path / "x.yaml")
    before = issue.read_bytes()
    assert main([str(issue), "-o", str(tmp_path / "x.pdf"), "--dump", str(issue)]) == 2
    assert issue.read_bytes() == before and not (tmp_path / "x.pdf").exists()


def test_dump_and_pdf_at_the_same_path_are_refused(tmp_path, capsys):
    issue = write_issue(tmp_path / "x.yaml")
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD)
    assert main([str(issue), "-o", str(out), "--dump", str(out)]) == 2
    assert "named as two outputs" in one_error_line(capsys)
    assert out.read_bytes() == OLD


def test_a_symlink_as_output_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "target.pdf"
    target.write_bytes(OLD)
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    issue = write_issue(tmp_path / "x.yaml")
    assert main([str(issue), "-o", str(link)]) == 2
    assert link.is_symlink() and target.read_bytes() == OLD


def test_a_fifo_as_output_is_refused_and_left_alone(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    issue = write_issue(tmp_path / "x.yaml")
    assert main([str(issue), "-o", str(fifo), "--no-check"]) == 2
    assert fifo.exists() and not fifo.is_file()


def test_output_naming_a_new_folder_writes_inside_it(tmp_path):
    issue = write_issue(tmp_path / "x.yaml")
    assert main([str(issue), "-o", str(tmp_path / "pages") + "/", "--no-check"]) == 0
    assert (tmp_path / "pages" / "x.pdf").is_file()


def test_an_empty_output_path_is_an_input_error(tmp_path, capsys):
    issue = write_issue(tmp_path / "x.yaml")
    assert main([str(issue), "-o", ""]) == 2
    assert "names no path" in capsys.readouterr().err


# --- 3. copy lost or set off the page ----------------------------------------------------------

def test_a_long_latin_run_in_a_headline_stays_in_its_box(tmp_path):
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    from pagesetter.errors import InputError

    doc = minimal()
    article(doc)["headline"] = "W" * 30
    issue = load_issue(write_issue(tmp_path / "x.yaml", doc))
    (page,) = place_pages(issue)
    (block,) = [b for b in page.blocks if b.kind == "headline"]
    grid = issue.format.grid
    for line in block.lines:
        assert line.x >= grid.left and line.x + line.width <= grid.left + grid.span_width(2)
    assert "".join(line.text for line in block.lines) == "W" * 30
    article(doc)["headline"] = "W" * 100  # more lines than its style allows: an input error
    with pytest.raises(InputError, match="characters too long"):
        place_pages(load_issue(write_issue(tmp_path / "y.yaml", doc)))


def test_a_section_too_long_for_the_header_is_an_error_at_its_line(tmp_path, capsys):
    doc = minimal()
    doc["pages"][0]["section"] = "工作动态" * 40
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = one_error_line(capsys)
    assert "pages[0].section" in err and f"{issue}:" in err


def test_a_long_credit_wraps_and_every_character_is_printed(tmp_path):
    import pypdfium2 as pdfium

    doc = minimal()
    credit = "张妍、王佳丽、赵峰、郭鹏浩、马萨如拉、哈达、张伟、包玉莲、李晓、科右前旗俄体镇人大 摄"
    photo(doc)["credit"] = credit
    issue = write_issue(tmp_path / "x.yaml", doc)
    out = tmp_path / "x.pdf"
    assert main([str(issue), "-o", str(out)]) == 0
    text = "".join(pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range().split())
    assert credit.replace(" ", "") in text


def test_a_negative_indent_in_a_format_is_refused(tmp_path, capsys):
    fmt = yaml.safe_load((ROOT / "layout" / "bulletin.yaml").read_text(encoding="utf-8"))
    fmt["styles"]["body"]["indent"] = -50
    (tmp_path / "fmt.yaml").write_text(yaml.safe_dump(fmt, allow_unicode=True))
    doc = minimal()
    doc["format"] = "fmt.yaml"
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "styles.body.indent" in one_error_line(capsys)


# --- 4. nothing replaced unless everything is written -------------------------------------------

def test_a_failing_png_output_leaves_the_old_pdf(tmp_path, capsys):
    """Regression: if --png failed after the PDF was written, the old PDF was already gone."""
    issue = write_issue(tmp_path / "x.yaml")
    out = tmp_path / "x.pdf"
    out.write_bytes(OLD)
    blocker = tmp_path / "png"
    blocker.write_text("a file where the folder should be")
    assert main([str(issue), "-o", str(out), "--png", str(blocker)]) == 2
    assert out.read_bytes() == OLD
    assert not list(tmp_path.glob(".pagesetter-*"))


def twelve_page_issue(path, n: int = 1):
    """Issue number `n` of twelve pages whose copy differs from page to page (and issue to
    issue): a build long enough to be interrupted."""
    doc = minimal()
    doc["number"] = n
    pages = []
    for k in range(1, 13):
        page = {**doc["pages"][0], "number": k}
        page["articles"] = [{**article(doc), "body": [f"第{n}期第{k}版：{t}" for t in
                                                      article(doc)["body"]]}]
        pages.append(page)
    doc["pages"] = pages
    return write_issue(path, doc)


def test_sigterm_removes_staged_files_and_says_what_was_written(tmp_path):
    """Regression: SIGTERM left temporary files behind and the message was wrong."""
    issue = twelve_page_issue(tmp_path / "x.yaml")
    out = tmp_path / "x.pdf"
    out.write_bytes(OLD)
    proc = subprocess.Popen([sys.executable, "-m", "pagesetter", str(issue), "-o", str(out),
                             "--png", str(tmp_path / "png"), "--dpi", "60"],
                            stderr=subprocess.PIPE, cwd=tmp_path)
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert "Traceback" not in err
    assert not list(tmp_path.rglob(".pagesetter-*"))
    if proc.returncode == 130:
        assert "interrupted" in err
        if "no output was replaced" in err:
            assert out.read_bytes() == OLD
    else:
        assert proc.returncode == 0  # it finished before the signal arrived


def test_ctrl_c_in_batch_mode_stops_and_names_the_files_the_workers_wrote(tmp_path):
    """Regression: Ctrl-C in batch mode said "no output was replaced" of issues the worker
    processes had written, and the workers went on to build issues already queued."""
    issues = [twelve_page_issue(tmp_path / f"i{n}.yaml", n) for n in range(1, 9)]
    out = tmp_path / "out"
    out.mkdir()
    outputs = [out / f"i{n}.pdf" for n in range(1, 9)]
    for path in outputs:
        path.write_bytes(OLD)
    proc = subprocess.Popen([sys.executable, "-m", "pagesetter", *map(str, issues), "-o",
                             f"{out}/", "--no-check", "-j", "2"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True)
    deadline = time.monotonic() + 60
    while all(p.read_bytes() == OLD for p in outputs) and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C at a terminal: the whole process group
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert "Traceback" not in err, err
    replaced = [p for p in outputs if p.read_bytes() != OLD]
    assert replaced
    if proc.returncode == 130:
        assert f"interrupted; wrote {', '.join(map(str, replaced))}" in err, err
        assert len(replaced) < len(outputs)  # it stopped: the later issues kept their files
    else:
        assert proc.returncode == 0  # it finished before the interrupt arrived
    assert not list(tmp_path.rglob(".pagesetter-*"))


def test_an_interrupt_after_the_files_are_written_says_they_were(tmp_path, capsys, monkeypatch):
    """Regression: Ctrl-C while the summary was printed said "no output was replaced" of a PDF
    that had been replaced."""
    from pagesetter import cli

    issue = write_issue(tmp_path / "x.yaml")
    out = tmp_path / "x.pdf"
    out.write_bytes(OLD)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "show", interrupted)  # while the report is shown
    assert main([str(issue), "-o", str(out)]) == 130
    err = capsys.readouterr().err
    assert out.read_bytes() != OLD
    assert f"interrupted; wrote {out}" in err and "no output was replaced" not in err


def test_ctrl_c_and_sigterm_stop_a_helper_without_a_traceback(capfd):
    """Regression: SIGTERM (or Ctrl-C, which reaches the whole process group) made the forked
    helper raise the build's KeyboardInterrupt and print a traceback. The helper ignores
    Ctrl-C (its caller stops it) and dies quietly on SIGTERM; its items are then made here."""
    from pagesetter.parallel import SharedWork

    def slow():
        def make(index):
            time.sleep(0.3)
            return index
        return make

    shared = SharedWork(4, 0, lambda index: index, slow)
    os.kill(shared.process.pid, signal.SIGINT)
    time.sleep(0.1)
    assert shared.process.is_alive()
    os.kill(shared.process.pid, signal.SIGTERM)
    assert list(shared.in_order()) == [0, 1, 2, 3]
    shared.close()
    assert "Traceback" not in capfd.readouterr().err


# --- 7. input mistakes that ended in a traceback -------------------------------------------------

ARTICLE = ("pages", 0, "articles", 0)


@pytest.mark.parametrize("name, edit, field", [
    ("yaml11_binary_integer", setting(("number",), "0b101"), "number"),
    ("yaml11_hex_integer", setting(ARTICLE + ("place", "span"), "-0x1F"), "place.span"),
    ("yaml11_sexagesimal", setting(ARTICLE + ("place", "span"), "1:00"), "place.span"),
    ("nan_focus", setting(("pages", 0, "photos", 0, "focus"), [".nan", 0.5]), "focus"),
    ("date_without_dashes", setting(("date",), "20230331"), "date"),
    ("week_date", setting(("date",), "2023-W13-5"), "date"),
])
def test_yaml_values_python_cannot_take_are_input_errors(tmp_path, capsys, name, edit, field):
    doc = minimal()
    edit(doc)
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    for raw in ("0b101", "-0x1F", "1:00", ".nan", "20230331", "2023-W13-5"):
        text = text.replace(f"'{raw}'", raw)  # as typed, unquoted
    issue = tmp_path / "x.yaml"
    issue.write_text(text, encoding="utf-8")
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = one_error_line(capsys)
    assert f"{issue}:" in err and field in err


def test_a_nameless_article_whose_headline_starts_with_a_colon_builds(tmp_path):
    doc = minimal()
    del article(doc)["name"]
    article(doc)["headline"] = "：细化目标任务"
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf"), "--no-check"]) == 0


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_as_the_issue_file_is_refused_at_once(tmp_path, special):
    path = special
    if special == "fifo":
        path = tmp_path / "issue.yaml"
        os.mkfifo(path)
    proc = run([path, "-o", tmp_path / "x.pdf"], tmp_path, timeout=20)
    assert proc.returncode == 2 and b"not a regular file" in proc.stderr


def test_a_gbk_encoded_issue_file_name_is_reported_without_a_traceback(tmp_path):
    name = "兴安".encode("gbk") + b".yaml"
    path = os.path.join(os.fsencode(tmp_path), name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("publication: [\n")
    proc = subprocess.run([sys.executable, "-m", "pagesetter", path, "-o",
                           os.fsencode(tmp_path / "x.pdf")], capture_output=True, timeout=60)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert b"YAML syntax error" in proc.stderr


def test_an_output_encoding_that_cannot_show_chinese_still_prints(tmp_path):
    issue = write_issue(tmp_path / "x.yaml")
    proc = run([issue, "-o", tmp_path / "x.pdf"], tmp_path, env={"PYTHONIOENCODING": "latin-1"})
    assert proc.returncode == 0 and b"\\u" in proc.stdout + proc.stderr


@pytest.mark.parametrize("key, value, field", [
    (("grid", "line_pitch"), 0, "grid.line_pitch"),
    (("grid", "line_pitch"), -15, "grid.line_pitch"),
    (("grid", "line_pitch"), ".nan", "grid.line_pitch"),
    (("page", "bleed"), "-3mm", "page.bleed"),
])
def test_impossible_format_lengths_are_input_errors(tmp_path, capsys, key, value, field):
    fmt = yaml.safe_load((ROOT / "layout" / "bulletin.yaml").read_text(encoding="utf-8"))
    fmt[key[0]][key[1]] = value
    text = yaml.safe_dump(fmt, allow_unicode=True).replace("'.nan'", ".nan")
    (tmp_path / "fmt.yaml").write_text(text, encoding="utf-8")
    doc = minimal()
    doc["format"] = "fmt.yaml"
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    assert field in one_error_line(capsys)


# --- 8. misleading messages ----------------------------------------------------------------

def test_an_overlong_file_value_is_not_reported_as_a_write_error(tmp_path, capsys):
    doc = minimal()
    photo(doc)["file"] = "x" * 5000 + ".jpg"
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    err = one_error_line(capsys)
    assert "cannot write" not in err and "photos[0].file" in err


@pytest.mark.parametrize("breaker", ["\r", "\x85", "\u2028"])
def test_line_breaks_in_copy_never_break_the_one_line_message(tmp_path, capsys, breaker):
    doc = minimal()
    article(doc)["body"][0] = f"传达{breaker}学习😀。"
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 2
    one_error_line(capsys)


def test_a_control_character_is_located_by_line_and_column(tmp_path, capsys):
    issue = tmp_path / "x.yaml"
    issue.write_text("publication: 兴安\nnumber: 1\x07\n", encoding="utf-8")
    assert main([str(issue)]) == 2
    assert f"{issue}:2:10:" in one_error_line(capsys)


def test_a_large_plain_list_is_not_called_an_alias_bomb(tmp_path, capsys):
    issue = tmp_path / "x.yaml"
    issue.write_text("items: [" + ", ".join(["1"] * 250_000) + "]\n", encoding="utf-8")
    assert main([str(issue)]) == 2
    err = one_error_line(capsys)
    assert "alias bomb" not in err and "more than" in err


# --- 9. two builds to one output ----------------------------------------------------------------

def test_page_images_come_from_this_builds_bytes(tmp_path):
    """Regression: --png re-read the output path, which another build could have replaced."""
    from PIL import Image

    first = write_issue(tmp_path / "a.yaml")
    doc = minimal()
    photo(doc)["place"]["column"] = 1
    photo(doc)["place"]["line"] = 40
    second = write_issue(tmp_path / "b.yaml", doc)
    out = tmp_path / "same.pdf"
    procs = [subprocess.Popen([sys.executable, "-m", "pagesetter", str(issue), "-o", str(out),
                               "--no-check", "--png", str(tmp_path / issue.stem), "--dpi",
                               "30"], cwd=tmp_path) for issue in (first, second)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    with Image.open(tmp_path / "a" / "a-p1.png") as a, \
            Image.open(tmp_path / "b" / "b-p1.png") as b:
        # the photo is at the top right in a, low on the left in b
        right = (a.width * 3 // 4, a.height // 5)
        assert a.convert("L").getpixel(right) < 200 and b.convert("L").getpixel(right) > 200


# --- 10. minor -------------------------------------------------------------------------------

def test_a_long_legal_output_name_works(tmp_path):
    issue = write_issue(tmp_path / "x.yaml")
    out = tmp_path / ("页" * 80 + ".pdf")  # 244 bytes of name
    assert len(out.name.encode()) == 244
    assert main([str(issue), "-o", str(out), "--no-check"]) == 0 and out.is_file()


def test_dpi_is_capped_and_says_so(tmp_path, capsys):
    issue = write_issue(tmp_path / "x.yaml")
    assert main([str(issue), "--png", str(tmp_path), "--dpi", "1200"]) == 2
    assert "--dpi takes 30…600" in capsys.readouterr().err


def test_copy_far_beyond_the_page_fails_fast_with_exit_3(tmp_path, capsys):
    doc = minimal()
    article(doc)["body"] = ["自治区两会闭幕后，乌市人大常委会便迅速组织人大代表。" * 20000]
    issue = write_issue(tmp_path / "x.yaml", doc)
    assert main([str(issue), "-o", str(tmp_path / "x.pdf")]) == 3
    assert "is far too long: about" in capsys.readouterr().err


def test_jobs_must_be_positive(tmp_path, capsys):
    issue = write_issue(tmp_path / "x.yaml")
    for jobs in ("0", "-2"):
        assert main([str(issue), "-j", jobs]) == 2
    assert "-j takes" in capsys.readouterr().err
