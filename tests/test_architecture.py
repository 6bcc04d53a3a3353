"""The layers hold: ui → services → store, domain; no Qt below the ui."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_domain_imports_nothing_of_ours_outside_the_domain():
    import re

    pattern = re.compile(r"^\s*(from|import)\s+workbench(?!\.domain\b)", re.MULTILINE)
    for path in (ROOT / "workbench" / "domain").rglob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name
