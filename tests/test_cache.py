"""The on-disk cache only saves time: output is the same with it cold, warm, corrupt, planted
or off, it never runs code, and it is private."""
import os
import random
import shutil
import stat
import subprocess
import sys

import pytest

from .conftest import PHOTO, SAMPLE, minimal, photo, write_issue


def build(tmp_path, name, env_extra, issue=SAMPLE, timeout=120):
    env = dict(os.environ, **env_extra)
    out = tmp_path / name
    proc = subprocess.run([sys.executable, "-m", "pagesetter", str(issue), "-o", str(out),
                           "--no-check"], env=env, capture_output=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr.decode()
    return out.read_bytes()


def test_cold_warm_corrupt_and_disabled_cache_give_identical_pdfs(tmp_path):
    cache = tmp_path / "cache"
    env = {"PAGESETTER_CACHE_DIR": str(cache)}
    cold = build(tmp_path, "cold.pdf", env)
    entries = sorted(p for p in cache.rglob("*") if p.is_file() and p.name != "secret.key")
    assert {p.parent.name for p in entries} == {"digests", "faces", "images", "photos"}
    assert {p.suffix for p in entries} == {".json", ".bin"}  # plain data, no pickles
    warm = build(tmp_path, "warm.pdf", env)
    for entry in entries:
        entry.write_bytes(b"not what was stored")
    corrupt = build(tmp_path, "corrupt.pdf", env)
    off = build(tmp_path, "off.pdf", {"PAGESETTER_CACHE": "off"})
    assert cold == warm == corrupt == off


def test_a_planted_pickle_never_runs(tmp_path):
    """Regression: cache entries were unpickled, so a planted file ran arbitrary code."""
    import pickle

    cache = tmp_path / "cache"
    env = {"PAGESETTER_CACHE_DIR": str(cache)}
    clean = build(tmp_path, "clean.pdf", env)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for entry in [p for p in cache.rglob("*") if p.is_file()]:
        entry.write_bytes(pickle.dumps(Payload()))
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))
    assert build(tmp_path, "again.pdf", env) == clean
    assert not marker.exists()


@pytest.mark.slow
def test_random_corruptions_of_the_photo_entry_never_change_the_pdf(tmp_path):
    """Regression: 88 of 120 corruptions of the photo entry gave a different PDF, exit 0."""
    cache = tmp_path / "cache"
    env = {"PAGESETTER_CACHE_DIR": str(cache)}
    clean = build(tmp_path, "clean.pdf", env)
    (blob,) = (cache / "photos").glob("*.bin")
    (record,) = (cache / "photos").glob("*.json")
    original_blob, original_record = blob.read_bytes(), record.read_bytes()
    rng = random.Random(7)
    for round_ in range(6):
        data = bytearray(original_blob)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        blob.write_bytes(bytes(data))
        record.write_bytes(original_record if round_ % 2 else original_record.replace(
            b'"max_ink": ', b'"max_ink": 1'))
        assert build(tmp_path, f"r{round_}.pdf", env) == clean
    # a record whose numbers were changed is not believed either (max_ink feeds the preflight)
    from pagesetter.colour import press_image, press_key
    from pagesetter.loader import load_issue
    from pagesetter.pipeline import place_pages

    import json

    blob.write_bytes(original_blob)
    record.write_text(json.dumps({**json.loads(original_record), "max_ink": 1.0}))
    old = os.environ.get("PAGESETTER_CACHE_DIR")
    os.environ["PAGESETTER_CACHE_DIR"] = str(cache)
    try:
        (page,) = place_pages(load_issue(SAMPLE))
        assert press_image(*press_key(page.images[0])).max_ink > 100
    finally:
        os.environ["PAGESETTER_CACHE_DIR"] = old


def test_a_fifo_in_the_cache_is_skipped_not_read(tmp_path):
    """Regression: a FIFO in place of an entry hung the build."""
    cache = tmp_path / "cache"
    env = {"PAGESETTER_CACHE_DIR": str(cache)}
    clean = build(tmp_path, "clean.pdf", env)
    for entry in [p for p in cache.rglob("*") if p.is_file()]:
        entry.unlink()
        os.mkfifo(entry)
    assert build(tmp_path, "again.pdf", env, timeout=60) == clean


def test_cache_folders_are_private_whatever_the_umask(tmp_path):
    cache = tmp_path / "cache"
    old = os.umask(0o002)
    try:
        build(tmp_path, "a.pdf", {"PAGESETTER_CACHE_DIR": str(cache)})
    finally:
        os.umask(old)
    for folder in [cache, *[p for p in cache.rglob("*") if p.is_dir()]]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_photo_replaced_by_one_of_the_same_size_and_time_is_read_again(tmp_path):
    """Regression: facts were keyed by size and mtime, so a replaced photo kept the old ones."""
    from PIL import Image

    from pagesetter.loader import load_issue

    picture = tmp_path / "photo.jpg"
    shutil.copy(PHOTO, picture)
    doc = minimal()
    photo(doc)["file"] = str(picture)
    issue = write_issue(tmp_path / "issue.yaml", doc)
    before = load_issue(issue).pages[0].photos[0].pixel_size
    stat_before = picture.stat()
    with Image.open(PHOTO) as im:
        im.transpose(Image.Transpose.ROTATE_90).save(picture, "JPEG", quality=50)
    os.utime(picture, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    after = load_issue(issue).pages[0].photos[0].pixel_size
    assert after == (before[1], before[0])


@pytest.mark.parametrize("bad", [b"", b"{}", b'{"format": "JPEG"}', b"\xff" * 100])
def test_a_bad_facts_entry_is_a_miss(tmp_path, monkeypatch, bad):
    from pagesetter.loader import load_issue

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    issue = write_issue(tmp_path / "issue.yaml")
    expected = load_issue(issue).pages[0].photos[0].pixel_size
    for entry in (tmp_path / "cache" / "images").glob("*.json"):
        entry.write_bytes(bad)
    assert load_issue(issue).pages[0].photos[0].pixel_size == expected


def plant_red_photo(cache, secret: bytes | None = None) -> None:
    """Replace the separated photo in the cache by a solid red block, its record made
    consistent the way an attacker who cannot read the user's secret would (a SHA-256, or a MAC
    under a key of their own)."""
    import hashlib
    import hmac
    import io
    import json

    from PIL import Image

    (blob,) = (cache / "photos").glob("*.bin")
    (record,) = (cache / "photos").glob("*.json")
    meta = json.loads(record.read_text())
    red = io.BytesIO()
    Image.new("CMYK", (meta["width"], meta["height"]), (0, 255, 255, 0)).save(red, "JPEG")
    data = red.getvalue()
    fields = {k: v for k, v in meta.items() if k not in ("mac", "sha256")}
    fields.update(length=len(data), encoding="jpeg", max_ink=200.0)
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode())
    digest.update(data)
    forged = hmac.new(secret or b"guess", f"photos/{blob.stem}\n".encode(), hashlib.sha256)
    forged.update(json.dumps(fields, sort_keys=True).encode())
    forged.update(data)
    blob.write_bytes(data)
    record.write_text(json.dumps({**fields, "sha256": digest.hexdigest(),
                                  "mac": forged.hexdigest()}, sort_keys=True))


def test_a_planted_entry_is_never_served(tmp_path):
    """Regression: the integrity check was a plain SHA-256, which anyone who can write an entry
    can recompute: a planted entry turned the photo into a solid red block, exit 0, "preflight:
    passed"."""
    cache = tmp_path / "cache"
    env = {"PAGESETTER_CACHE_DIR": str(cache)}
    clean = build(tmp_path, "clean.pdf", env)
    plant_red_photo(cache)
    assert build(tmp_path, "planted.pdf", env) == clean
    secret = (cache / "secret.key")
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_bytes()) == 32


def run_build(tmp_path, env_extra, name="out.pdf"):
    env = dict(os.environ, **env_extra)
    return subprocess.run([sys.executable, "-m", "pagesetter", str(SAMPLE), "-o",
                           str(tmp_path / name), "--no-check"], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name, spoil, says", [
    ("a folder others can write", lambda cache: os.chmod(cache, 0o777),
     "group or others can write it"),
    ("a folder of another user", lambda cache: os.chown(cache, 54321, 54321),
     "it belongs to another user"),
    ("a secret others can read", lambda cache: os.chmod(cache / "secret.key", 0o644),
     "secret.key is not a private file of yours"),
])
def test_a_cache_folder_that_is_not_private_is_not_used_and_one_warning_says_so(
        tmp_path, name, spoil, says):
    if "another user" in name and os.geteuid() != 0:
        pytest.skip("giving a folder to another user needs root")
    cache = tmp_path / "cache"
    clean = run_build(tmp_path, {"PAGESETTER_CACHE_DIR": str(cache)}, "clean.pdf")
    assert clean.returncode == 0
    plant_red_photo(cache, (cache / "secret.key").read_bytes())  # even with the real secret
    spoil(cache)
    proc = run_build(tmp_path, {"PAGESETTER_CACHE_DIR": str(cache)}, "again.pdf")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "cache folder" in line]
    assert len(warnings) == 1 and says in warnings[0] and str(cache) in warnings[0]
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "clean.pdf").read_bytes()


# --- digests kept under a file's status ------------------------------------------------------

def test_a_digest_is_kept_under_the_files_status_and_taken_again_when_it_changes(
        tmp_path, monkeypatch):
    """A new process takes a settled file's digest from the cache without reading the file; a
    file saved over, even with as many bytes and its old modification time, is read again
    (its change time moved)."""
    import hashlib

    from pagesetter import cache
    from pagesetter.kept import Kept, keeping

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "SETTLED_NS", -1)  # every file counts as settled
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"one" * 1000)
    with keeping(Kept()):
        assert cache.file_digest(path) == hashlib.sha256(b"one" * 1000).hexdigest()
    digest = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda p: pytest.fail("the file was read again"))
    with keeping(Kept()):  # as a new process
        assert cache.file_digest(path) == hashlib.sha256(b"one" * 1000).hexdigest()
    before = path.stat()
    path.write_bytes(b"two" * 1000)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    monkeypatch.setattr(cache, "_digest", digest)
    with keeping(Kept()):
        assert cache.file_digest(path) == hashlib.sha256(b"two" * 1000).hexdigest()


def test_a_file_younger_than_the_clocks_tick_is_digested_every_time(tmp_path, monkeypatch):
    """git's racy rule: a file written within SETTLED_NS of now could change again without
    its status changing, so its digest is not kept on disk."""
    from pagesetter import cache
    from pagesetter.kept import Kept, keeping

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"fresh")
    read = []
    digest = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda p: read.append(p) or digest(p))
    for _ in range(2):
        with keeping(Kept()):
            cache.file_digest(path)
    assert len(read) == 2
    assert not list((tmp_path / "cache").rglob("digests/*"))


def test_a_file_changed_while_it_is_digested_is_not_kept_under_its_old_status(
        tmp_path, monkeypatch):
    import hashlib

    from pagesetter import cache
    from pagesetter.kept import Kept, keeping

    monkeypatch.setenv("PAGESETTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "SETTLED_NS", -1)
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"old")
    digest = cache._digest

    def read_while_saved_over(p):
        value = digest(p)
        p.write_bytes(b"new")
        return value

    monkeypatch.setattr(cache, "_digest", read_while_saved_over)
    with keeping(Kept()):
        assert cache.file_digest(path) == hashlib.sha256(b"old").hexdigest()
    assert not list((tmp_path / "cache").rglob("digests/*"))
    monkeypatch.setattr(cache, "_digest", digest)
    with keeping(Kept()):
        assert cache.file_digest(path) == hashlib.sha256(b"new").hexdigest()
