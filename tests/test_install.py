"""A plain install works: the wheel carries the grammar and the templates.

Builds a wheel from the checkout, installs it into a fresh venv (no editable
link back to the checkout) and scores the shipped example from a directory
outside the checkout; the output is the editable install's, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd, cwd, **kw):
    env = {**os.environ, "COLUMNS": "160", "NO_COLOR": "1"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, **kw)


def test_wheel_installed_in_a_fresh_venv_scores_like_the_editable_install(tmp_path):
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("xinxi-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "xinxi_dsl/grammar/xinxi.lark" in names
    assert "xinxi_dsl/documents/templates/report.html.j2" in names
    for asset in ("index.html", "app.js", "app.css"):  # the workbench page: no CDN at run time
        assert f"xinxi_dsl/workbench/static/{asset}" in names
    for stage in ("foundation", "language", "compiler", "engine", "documents"):
        assert f"xinxi_dsl/{stage}/__init__.py" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    installed = run([str(py), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    # a directory outside the checkout, with its own copy of the example
    work = tmp_path / "office"
    work.mkdir()
    shutil.copy(ROOT / "regulations" / "D12.xinxi", work)
    shutil.copy(ROOT / "examples" / "D12-2012Q1.csv", work)
    where = run([str(py), "-c", "import xinxi_dsl; print(xinxi_dsl.__file__)"], cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout

    args = ["score", "D12.xinxi", "D12-2012Q1.csv"]
    from_wheel = run([str(env_dir / "bin" / "xinxi"), *args], cwd=work)
    from_checkout = run([sys.executable, "-m", "xinxi_dsl", *args], cwd=work)
    assert from_wheel.returncode == from_checkout.returncode == 0, from_wheel.stderr
    assert "市發改委" in from_wheel.stdout and "46.67%" in from_wheel.stdout
    assert from_wheel.stdout == from_checkout.stdout
    assert from_wheel.stderr == from_checkout.stderr

    as_json = ["score", "D12.xinxi", "D12-2012Q1.csv", "--format", "json"]
    assert run([str(env_dir / "bin" / "xinxi"), *as_json], cwd=work).stdout == \
        run([sys.executable, "-m", "xinxi_dsl", *as_json], cwd=work).stdout
