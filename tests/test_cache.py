"""The on-disk cache only saves time: output is the same with it cold, warm, corrupt or off."""
import subprocess
import sys

from .conftest import SAMPLE


def build(tmp_path, name, env_extra):
    import os

    env = dict(os.environ, **env_extra)
    out = tmp_path / name
    subprocess.run([sys.executable, "-m", "pagesetter", str(SAMPLE), "-o", str(out),
                    "--no-check"], check=True, env=env, capture_output=True)
    return out.read_bytes()


def test_cold_warm_corrupt_and_disabled_cache_give_identical_pdfs(tmp_path):
    cache = tmp_path / "cache"
    env = {"PAGESETTER_CACHE_DIR": str(cache)}
    cold = build(tmp_path, "cold.pdf", env)
    entries = sorted(cache.rglob("*.pickle"))
    assert {p.parent.name for p in entries} == {"images", "photos"}
    warm = build(tmp_path, "warm.pdf", env)
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    corrupt = build(tmp_path, "corrupt.pdf", env)
    off = build(tmp_path, "off.pdf", {"PAGESETTER_CACHE": "off"})
    assert cold == warm == corrupt == off
