"""The on-disk cache kept within its size (cache_size.py): the entries used longest ago go
first, only the cache's own files are removed, and a build pruned to nothing makes the same
PDF."""
import copy
import os
import subprocess
import sys
import time

import pytest

from pagesetter import cache, cache_size
from pagesetter.kept import Kept, keeping

from .conftest import PARAGRAPHS, minimal, write_issue
from .test_cache import build

HOUR = 3600


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PAGESETTER_CACHE", raising=False)
    return tmp_path / "cache"


def stored(name: str, size: int, hours_ago: float) -> None:
    """An entry of `size` bytes (as cache.cached_blob stores one) last used `hours_ago`."""
    cache.cached_blob("photos", cache.key(name), lambda: ({"name": name}, b"x" * size))
    when = time.time() - hours_ago * HOUR
    for path in entry_files(name):
        os.utime(path, (when, when))


def entry_files(name: str) -> list:
    folder = cache.cache_dir() / "photos"
    return sorted(folder.glob(cache.key(name) + ".*"))


@pytest.mark.parametrize("value, size", [
    (None, cache_size.DEFAULT_MAX), ("", cache_size.DEFAULT_MAX), ("0", 0), ("4096", 4096),
    ("500M", 500 << 20), ("2g", 2 << 30), ("64 KiB", 64 << 10), ("3MB", 3 << 20)])
def test_the_bound_is_read_in_bytes_or_binary_multiples(value, size):
    environ = {} if value is None else {"PAGESETTER_CACHE_MAX": value}
    assert cache_size.cache_max(environ) == size


@pytest.mark.parametrize("value", ["lots", "-5M", "1.5G", "12T"])
def test_a_bound_that_is_not_a_size_is_named_in_a_warning_and_the_default_kept(value, capsys):
    assert cache_size.cache_max({"PAGESETTER_CACHE_MAX": value}) == cache_size.DEFAULT_MAX
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: PAGESETTER_CACHE_MAX")
    assert repr(value) in err[0] and "hint:" in err[0]


def test_the_entries_used_longest_ago_are_removed_until_a_quarter_is_free(folder):
    with keeping(Kept()):
        for age in range(8):  # 8 entries of 1000 bytes, "e7" the oldest
            stored(f"e{age}", 1000, hours_ago=age + 2)
    # A new process (a fresh Kept) writing one more entry prunes first.
    with keeping(Kept()) as kept:
        kept.cache_max = 6000
        stored("new", 1000, hours_ago=0)
    left = {name for name in [f"e{age}" for age in range(8)] + ["new"] if entry_files(name)}
    # 9000 bytes of entries (and their records) > 6000: the oldest go until ≤ 4500.
    sizes = sum(p.stat().st_size for p in (folder / "photos").iterdir())
    assert sizes <= 4500
    assert "new" in left and "e0" in left and "e7" not in left
    assert left == {"new", *(f"e{age}" for age in range(len(left) - 1))}
    assert all(len(entry_files(name)) == 2 for name in left)  # record and bytes together


def test_an_entry_read_counts_as_used_and_outlives_newer_ones(folder):
    with keeping(Kept()):
        stored("old", 1000, hours_ago=48)
        stored("newer", 1000, hours_ago=24)
    with keeping(Kept()):  # a build reads the old entry
        meta, blob = cache.cached_blob("photos", cache.key("old"),
                                       lambda: pytest.fail("the entry was not served"))
        assert blob == b"x" * 1000
    assert all(time.time() - p.stat().st_mtime < 60 for p in entry_files("old"))
    with keeping(Kept()) as kept:
        kept.cache_max = 3000  # 3 entries with their records are ~3400 bytes
        stored("newest", 1000, hours_ago=0)
    assert entry_files("old") and entry_files("newest") and not entry_files("newer")


def test_a_hit_moves_its_entrys_time_at_most_once_an_hour(folder):
    with keeping(Kept()):
        stored("fresh", 100, hours_ago=0.5)
        before = [p.stat().st_mtime for p in entry_files("fresh")]
        cache.cached_blob("photos", cache.key("fresh"), lambda: pytest.fail("not served"))
    assert [p.stat().st_mtime for p in entry_files("fresh")] == before


def test_only_the_caches_own_files_are_removed(folder, tmp_path):
    with keeping(Kept()):
        stored("entry", 1000, hours_ago=5)
    photos = folder / "photos"
    old = time.time() - 2 * cache_size.STALE_STAGED_S
    killed = photos / ".pagesetter-abc123.tmp"  # a write killed a day ago
    killed.write_bytes(b"half")
    in_progress = photos / ".pagesetter-def456.tmp"  # a write going on now
    in_progress.write_bytes(b"half")
    notes = photos / "notes.txt"  # not a name the cache gives
    notes.write_bytes(b"mine" * 1000)
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / ("a" * 40 + ".bin")).write_bytes(b"y" * 5000)
    (folder / "linked").symlink_to(outside)  # a link to a folder: never followed
    for path in (killed, notes):
        os.utime(path, (old, old))
    with keeping(Kept()) as kept:
        kept.cache_max = 0  # every entry goes
        stored("new", 10, hours_ago=0)
    assert not entry_files("entry") and not entry_files("new")
    assert not killed.exists() and in_progress.exists() and notes.exists()
    assert (outside / ("a" * 40 + ".bin")).exists()
    assert (folder / "secret.key").exists()


def test_a_kind_folder_others_can_write_is_not_pruned(folder):
    with keeping(Kept()):
        stored("entry", 1000, hours_ago=5)
    os.chmod(folder / "photos", 0o777)
    try:
        assert cache_size.keep_within(folder, 0) == 0
        assert entry_files("entry")
    finally:
        os.chmod(folder / "photos", 0o700)


def test_a_long_session_prunes_again_after_an_eighth_of_the_bound_is_written(folder,
                                                                            monkeypatch):
    pruned = []
    monkeypatch.setattr(cache, "written_to", cache_size.written_to)
    monkeypatch.setattr(cache_size, "keep_within", lambda f, limit: pruned.append(f) or 0)
    with keeping(Kept()) as kept:
        kept.cache_max = 80_000
        stored("first", 10, hours_ago=0)  # the session's first write prunes
        assert len(pruned) == 1
        for n in range(9):  # 9 × 100 bytes and their records: under an eighth, 10,000 bytes
            stored(f"small{n}", 100, hours_ago=0)
        assert len(pruned) == 1
        stored("large", 10_000, hours_ago=0)
        assert len(pruned) == 2


def test_a_cache_pruned_to_nothing_at_each_write_still_gives_the_same_pdf(tmp_path):
    """Nothing is lost: an entry removed under a build is a miss, made again."""
    kept = build(tmp_path, "kept.pdf", {"PAGESETTER_CACHE_DIR": str(tmp_path / "kept")})
    env = {"PAGESETTER_CACHE_DIR": str(tmp_path / "cache"), "PAGESETTER_CACHE_MAX": "0"}
    pruned = build(tmp_path, "pruned.pdf", env)
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.suffix in (".json", ".bin")]
    assert kept == pruned == build(tmp_path, "again.pdf", env)


def two_pages(tmp_path):
    """A two-page issue whose pages have copy of their own: a second process places page 2."""
    doc = minimal()
    second = copy.deepcopy(doc["pages"][0])
    second["number"] = 2
    second["articles"][0]["body"] = [text.replace("人大", "政协") for text in PARAGRAPHS]
    doc["pages"].append(second)
    return write_issue(tmp_path / "two.yaml", doc)


def cache_warnings(tmp_path, env_extra, issue):
    env = dict(os.environ, **env_extra)
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(issue), "-o",
                           str(tmp_path / "two.pdf"), "--no-check", "-j", "2"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [line for line in proc.stderr.splitlines() if "cache" in line.lower()]


def test_a_folder_not_private_is_named_once_when_a_helper_places_pages(tmp_path):
    """Regression: the helper that places pages looked at the folder again and printed the
    warning a second time."""
    issue = two_pages(tmp_path)
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o777)
    warned = cache_warnings(tmp_path, {"PAGESETTER_CACHE_DIR": str(folder)}, issue)
    assert len(warned) == 1 and "group or others can write it" in warned[0]


def test_a_bound_that_is_not_a_size_is_named_once_a_build_cold_or_warm(tmp_path):
    issue = two_pages(tmp_path)
    env = {"PAGESETTER_CACHE_DIR": str(tmp_path / "cache"), "PAGESETTER_CACHE_MAX": "lots"}
    for _ in ("cold", "warm"):
        warned = cache_warnings(tmp_path, env, issue)
        assert len(warned) == 1 and "PAGESETTER_CACHE_MAX: 'lots' is not a size" in warned[0]
