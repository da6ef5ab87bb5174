"""The grammar cache cannot be used to run code or to overwrite a file
(issue 11): a pickle planted where the cache lives is not loaded unless the
directory and the file are the user's own and nobody else's to write, and a
symbolic link there is replaced, never followed."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from xinxi_dsl.language.grammar import cache_name


class _Plant:
    """Unpickling this creates ``marker``: proof that the pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _check(cache_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-m", "xinxi_dsl", "check", "regulations/D12.xinxi"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _plant(path: Path, marker: Path, mode: int = 0o600) -> None:
    path.write_bytes(pickle.dumps(_Plant(marker)))
    path.chmod(mode)


def test_pickle_in_a_directory_others_may_write_is_not_loaded(tmp_path):
    cache = tmp_path / "cache" / "xinxi"
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    marker = tmp_path / "ran"
    _plant(cache / cache_name(), marker)
    r = _check(tmp_path / "cache")
    assert r.returncode == 0, r.stderr
    assert "无错误" in r.stdout
    assert not marker.exists()
    assert (cache / cache_name()).read_bytes() == pickle.dumps(_Plant(marker))  # not rewritten either


def test_pickle_others_may_write_is_not_loaded(tmp_path):
    cache = tmp_path / "xinxi"
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    _plant(cache / cache_name(), marker, 0o666)
    r = _check(tmp_path)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    # replaced by a good cache of the user's own (atomically: no temporary file left)
    assert (cache / cache_name()).stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in cache.iterdir()) == [cache_name()]
    r = _check(tmp_path)
    assert r.returncode == 0 and not marker.exists()


def test_symlink_at_the_cache_path_is_not_followed(tmp_path):
    cache = tmp_path / "xinxi"
    cache.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("must stay", encoding="utf-8")
    (cache / cache_name()).symlink_to(victim)
    r = _check(tmp_path)
    assert r.returncode == 0, r.stderr
    assert victim.read_text(encoding="utf-8") == "must stay"
    assert not (cache / cache_name()).is_symlink()  # the link itself was replaced


def test_symlinked_cache_directory_is_not_used(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    _plant(elsewhere / cache_name(), marker)
    (tmp_path / "xinxi").symlink_to(elsewhere)
    r = _check(tmp_path)
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    assert sorted(p.name for p in elsewhere.iterdir()) == [cache_name()]


def test_a_fresh_cache_directory_is_private(tmp_path):
    r = _check(tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "xinxi").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "xinxi" / cache_name()).is_file()


def test_a_directory_others_may_only_read_is_used(tmp_path):
    """~/.cache/xinxi made 0755 by an older xinxi: nobody else can write there,
    so the cache is written and used (a 0o077 check left such users rebuilding
    the grammar on every run, 0.2–0.6 s each)."""
    cache = tmp_path / "xinxi"
    cache.mkdir(mode=0o755)
    cache.chmod(0o755)
    assert _check(tmp_path).returncode == 0
    written = cache / cache_name()
    assert written.is_file() and written.stat().st_mode & 0o022 == 0
    stamp = written.stat().st_mtime_ns
    assert _check(tmp_path).returncode == 0
    assert written.stat().st_mtime_ns == stamp  # read, not rebuilt
