"""The package's folders are the pipeline's stages, and imports only run down.

foundation → language → compiler → engine → documents → faces (the package's
top level: the public API in ``__init__``, ``cli``, ``generate``).  Every
import is counted, those inside functions too, and none may form a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "xinxi_dsl"
STAGES = ["foundation", "language", "compiler", "engine", "documents"]
FACES = len(STAGES)
#: folders of faces (like cli.py, they may import any stage; nothing imports them)
FACE_FOLDERS = ["workbench"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else FACES


def is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").is_file() or (PACKAGE.parent / rel / "__init__.py").is_file()


def imports(path: Path, me: str | None = None) -> set[str]:
    """The project's modules that ``path`` (module ``me``) imports, anywhere in the file."""
    me = me or module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "xinxi_dsl"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "xinxi_dsl":
                target = node.module
            else:
                continue
            for a in node.names:  # `from .engine import periods` names a module
                sub = f"{target}.{a.name}"
                found.add(sub if is_module(sub) else target)
    found.discard(me)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_lives_in_a_stage_folder_or_is_a_face():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "generate.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(STAGES + FACE_FOLDERS)
    for folder in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, f"{folder}/__init__.py says its stage, what flows in and out"


def test_imports_only_run_down_the_pipeline():
    up = [(a, b) for a, targets in graph().items() for b in targets if stage(b) > stage(a)]
    assert up == []


def test_foundation_imports_nothing_of_the_project():
    g = graph()
    assert {m: g[m] for m in g if stage(m) == 0 and g[m] - {"xinxi_dsl.foundation"}} == {}


def test_no_import_circle():
    g = graph()
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done
    circles = []

    def visit(m: str, path: list[str]) -> None:
        seen[m] = 1
        for n in sorted(g.get(m, ())):
            if seen.get(n) == 1:
                circles.append(path[path.index(n):] + [n])
            elif n not in seen:
                visit(n, path + [n])
        seen[m] = 2

    for m in g:
        if m not in seen:
            visit(m, [m])
    assert circles == []


def test_the_layout_check_sees_an_upward_import(tmp_path):
    """The checker itself: an engine module importing documents is caught."""
    src = "from ..documents.bulletin import build\n\ndef f():\n    from ..documents import chart\n"
    p = tmp_path / "probe.py"
    p.write_text(src, encoding="utf-8")
    found = imports(p, "xinxi_dsl.engine.probe")
    assert found == {"xinxi_dsl.documents.bulletin", "xinxi_dsl.documents.chart"}
    assert all(stage(b) > stage("xinxi_dsl.engine.probe") for b in found)
