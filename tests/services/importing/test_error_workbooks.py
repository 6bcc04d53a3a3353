"""Error workbooks (QA 15): named in the imports row and its audit row, none left by a
cancelled import, and old ones pruned from the data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from workbench import paths
from workbench.services.errors import Cancelled
from workbench.services.importing.clients import import_clients
from workbench.services.importing.templates import default_errors_path, prune_error_workbooks

from .conftest import make_uscc, write_csv

ROWS = [["企业名称", "统一社会信用代码", "法人身份证"], ["甲公司", make_uscc(1), ""], ["乙公司", "BAD", ""]]


def test_the_error_workbook_is_recorded_in_the_import_and_its_audit_row(db, tmp_path):
    out = tmp_path / "err.xlsx"
    result = import_clients(db, write_csv(tmp_path / "c.csv", ROWS), "wangfang", errors_path=out)
    assert result.errors_file == str(out) and out.exists()
    assert db.execute("SELECT errors_file FROM imports WHERE id = ?", [result.import_id]).fetchone() == (str(out),)
    after = db.execute("SELECT after_json FROM audit_log WHERE action = 'import.clients' AND row_id = ?", [result.import_id]).fetchone()[0]
    assert json.loads(after)["errors_file"] == str(out)


def test_a_cancelled_import_leaves_no_error_workbook(db, tmp_path):
    out = tmp_path / "err.xlsx"
    calls = []

    def cancel():  # let cleaning and writing run, stop at the last check before the record
        calls.append(1)
        return len(calls) > 6

    with pytest.raises(Cancelled):
        import_clients(db, write_csv(tmp_path / "c.csv", ROWS), "wangfang", errors_path=out, cancel=cancel)
    assert not out.exists()
    assert db.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_old_error_workbooks_are_pruned(tmp_path):
    now = time.time()
    for i in range(25):
        p = tmp_path / f"f{i:02d}-errors-2026.xlsx"
        p.write_bytes(b"x")
        os.utime(p, (now - i * 3600, now - i * 3600))  # f00 newest
    old = tmp_path / "ancient-errors-2025.xlsx"
    old.write_bytes(b"x")
    os.utime(old, (now - 31 * 86400, now - 31 * 86400))
    other = tmp_path / "notes.xlsx"
    other.write_bytes(b"x")
    removed = prune_error_workbooks(tmp_path, keep=20, max_age_days=30, now=now)
    assert old in removed and not old.exists() and other.exists()
    left = sorted(p.name for p in tmp_path.glob("*-errors-*.xlsx"))
    assert left == [f"f{i:02d}-errors-2026.xlsx" for i in range(20)]


def test_the_default_folder_keeps_at_most_twenty(tmp_path):
    folder = paths.data_home() / "import_errors"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(30):
        (folder / f"x{i}-errors-1.xlsx").write_bytes(b"x")
    path = default_errors_path(tmp_path / "clients.xlsx")
    assert path.parent == folder and len(list(folder.glob("*-errors-*.xlsx"))) == 19


def test_the_cli_names_the_error_workbook(db_path, tmp_path):
    src = write_csv(tmp_path / "c.csv", ROWS)
    r = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "--user", "wangfang", "import", "clients", str(src), "--json"],
        capture_output=True, text=True, timeout=60, env=os.environ.copy(),
    )
    assert r.returncode == 0, r.stderr
    errors_file = json.loads(r.stdout)["errors_file"]
    assert errors_file and os.path.exists(errors_file) and "import_errors" in errors_file
