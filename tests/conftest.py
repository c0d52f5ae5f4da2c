"""SharedWork fixtures. Issues are built as data (`minimal()` is a plain dict) and written with
`write_issue`; tests change the dict, not the text. Tests about YAML text itself (syntax errors,
comments, encodings) edit the text with `edited`, which fails when the text to replace is not
there."""
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

# Tests never read or write the user's cache; the folder goes when the session ends.
_CACHE = tempfile.mkdtemp(prefix="pagesetter-test-cache-")
os.environ["PAGESETTER_CACHE_DIR"] = _CACHE

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2023-03.yaml"
FRONT = ROOT / "issues" / "2023-03-front.yaml"  # the tabloid sample: masthead, 转版, boxes
PHOTO = ROOT / "issues" / "images" / "spring-field.jpg"
PARAGRAPHS = ["自治区两会闭幕后，乌市人大常委会便迅速组织人大代表、机关干部传达学习。",
              "坚持党的领导，坚定拥护“两个确立”，坚决做到“两个维护”。"]

_MINIMAL = {
    "publication": "兴安人大",
    "number": 1,
    "date": "2023-03-31",
    "format": "bulletin",
    "pages": [{
        "number": 1,
        "section": "要闻",
        "articles": [{
            "name": "短讯",
            "headline": "乌市人大：细化目标任务  实现推进有序",
            "byline": "本报讯（赵峰）",
            "place": {"column": 1, "span": 2, "line": 1, "height": 12},
            "body": list(PARAGRAPHS),
        }],
        "photos": [{
            "file": str(PHOTO),
            "place": {"column": 3, "span": 2, "line": 1, "height": 20},
            "title": "人大代表助力备春耕",
            "caption": "近日，科右前旗俄体镇人大代表深入田间地头。",
            "credit": "张妍 摄",
        }],
    }],
}


def minimal() -> dict:
    """A one-page issue: one article of two paragraphs and one photo, as data."""
    return copy.deepcopy(_MINIMAL)


def dump_issue(doc: dict) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def write_issue(path: Path, doc: dict | None = None) -> Path:
    path.write_text(dump_issue(minimal() if doc is None else doc), encoding="utf-8")
    return path


#: The minimal issue as YAML text, for tests about the text itself.
MINIMAL = dump_issue(_MINIMAL)


def edited(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, f"{old!r} is not in the text"
    return text.replace(old, new, count)


def setting(path, value):
    """A change that sets the field at `path` (keys and indexes) to `value`."""
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def article(doc: dict, page: int = 0, index: int = 0) -> dict:
    return doc["pages"][page]["articles"][index]


def photo(doc: dict, page: int = 0, index: int = 0) -> dict:
    return doc["pages"][page]["photos"][index]


@pytest.fixture
def minimal_issue(tmp_path):
    return write_issue(tmp_path / "minimal.yaml")


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)


class Run(NamedTuple):
    """A command run in a fresh process, as a user would notice it."""

    code: int
    out: str
    err: str
    seconds: float
    peak_mib: float  # the most memory it or any of its children held

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


_MEASURED = ("import resource, sys\n"
             "from pagesetter.cli import main\n"
             "status = main(sys.argv[1:])\n"
             "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,\n"
             "           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
             "sys.stdout.flush()\n"
             "sys.stderr.write(f'\\n@peak {peak}\\n')\n"
             "sys.exit(status)\n")


def measured(argv, timeout: float = 120, env: dict | None = None, cwd=None) -> Run:
    """`pagesetter ARGV` in a fresh process: its exit code, output, time and peak memory."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _MEASURED, *map(str, argv)],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    seconds = time.monotonic() - started
    err, _, peak = proc.stderr.rpartition("\n@peak ")
    return Run(proc.returncode, proc.stdout, err.rstrip("\n"), seconds,
               int(peak or 0) / 1024)


@pytest.fixture(scope="session", autouse=True)
def kept_across_tests():
    """The tests share one `Kept` (faces, formats, photos keyed by content), as one long-lived
    process does: a test that calls the stages directly does not parse the faces again. A build
    or a watch session still makes and uses its own."""
    from pagesetter.kept import Kept, keeping

    with keeping(Kept()):
        yield


@pytest.fixture
def nothing_kept():
    """A test of work that is kept between builds (a photo's separation, its reader) gets a
    `Kept` of its own, so the work is done in front of it."""
    from pagesetter.kept import Kept, keeping

    with keeping(Kept()):
        yield
