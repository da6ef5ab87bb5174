"""Hostile .xlsx files (issue 11) through the real CLI, each in a subprocess
limited to 1.5 GiB of address space: refused with exit status 2 and the
message, or read, but never a native abort (the old reader asked for 512 GiB
on a 2 KB file).  The bombs are built by benchmarks/xlsx_bombs.py, small."""

from __future__ import annotations

import importlib.util
import resource
import subprocess
import sys

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("xlsx_bombs", ROOT / "benchmarks" / "xlsx_bombs.py")
bombs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bombs)

LIMIT = 3 << 29  # 1.5 GiB


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return bombs.build(tmp_path_factory.mktemp("bombs"), scale=0.05)


def test_every_bomb(built):
    assert len(built) >= 8
    for name, path, status, key in built:
        r = subprocess.run([sys.executable, "-c", "from xinxi_dsl.cli import main; main()", "score",
                            str(bombs.REG), str(path)], capture_output=True, text=True, timeout=60,
                           preexec_fn=_limit, cwd=ROOT)
        assert r.returncode == status, (name, r.returncode, r.stderr[-500:])
        assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, name
        if key:
            assert f"[{key}]" in r.stderr, (name, r.stderr[-500:])
        if key == "sheet-too-large":
            assert "删除多余的行列" in r.stderr and "XFD" in r.stderr, name
