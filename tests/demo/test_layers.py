"""The demo stays apart: no production module imports `demo`; the CLI finds it by entry point."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("extractors", "warehouse", "pipelines")


def demo_imports(source: str) -> list[str]:
    """Every `import demo...`, `from demo... import`, and `import_module("demo...")` in a module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        found += [n for n in names if n == "demo" or n.startswith("demo.")]
    return found


def test_scanner_finds_every_kind_of_import() -> None:
    source = (
        "import demo\nimport demo.corpus as c\nfrom demo.portal import PortalServer\n"
        "def f():\n    from demo import table\n    importlib.import_module('demo.command')\n"
        "import demographics\nfrom pipelines.demo_x import y\n"
    )
    assert demo_imports(source) == ["demo", "demo.corpus", "demo.portal", "demo", "demo.command"]


def test_production_packages_never_import_demo() -> None:
    modules = [p for pkg in PRODUCTION for p in sorted((ROOT / pkg).rglob("*.py"))]
    assert len(modules) > 50
    offenders = {
        str(p.relative_to(ROOT)): hits
        for p in modules
        if (hits := demo_imports(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert not (ROOT / "pipelines" / "demo").exists()


def test_demo_command_found_through_the_entry_point() -> None:
    from pipelines.cli import COMMANDS, _extra_commands

    assert "demo" not in COMMANDS
    assert _extra_commands()["demo"].value == "demo.command"
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "demo", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    assert "--seed" in out.stdout and "--bodies" in out.stdout and "--corpus" in out.stdout


def test_extract_runs_without_the_demo_package_imported_for_work() -> None:
    """`protokoll extract` loads at most the demo command's light module (for its help line)."""
    code = (
        "import sys\nfrom pipelines.cli import build_parser\nbuild_parser(['extract'])\n"
        "print(sorted(m for m in sys.modules if m == 'demo' or m.startswith('demo.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['demo', 'demo.command']"
