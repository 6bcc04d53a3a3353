"""The ui layer holds no SQL and imports no database library (STYLE; the pre-stop grep)."""

from __future__ import annotations

import re
from pathlib import Path

import workbench.ui

FORBIDDEN = re.compile(r"\.execute\(|sqlite3|sqlite_utils|SELECT |INSERT |UPDATE ")


def test_no_ui_module_touches_the_database_directly():
    root = Path(workbench.ui.__file__).parent
    offenders = [str(p.relative_to(root)) for p in sorted(root.rglob("*.py"))
                 if FORBIDDEN.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
