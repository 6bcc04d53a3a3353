"""Headless command, killed processes and the error workbook's formula safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from workbench.cli import main
from workbench.services.importing.clients import import_clients
from workbench.store import open_db
from workbench.store.audit import verify

from .conftest import make_uscc, table_counts, write_csv

PY = sys.executable


class _Run:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def _cli(capsys):
    """Run ``workbench ARGS`` in this process (the entry point the console script calls)."""

    def run(*args):
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return _Run(code, out.out, out.err)

    return run


def test_cli_json_counts(_cli, db_path, data_dir, expected, tmp_path):
    errors = tmp_path / "err.xlsx"
    out = _cli("--db", str(db_path), "--user", "wangfang", "import", "clients", str(data_dir / "branch_clients_messy.xlsx"), "--json", "--errors", str(errors))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    exp = expected["branch_clients_messy.xlsx"]
    assert {k: result[k] for k in ("added", "updated", "unchanged", "rejected", "skipped_rows", "duplicates_in_file")} == {
        "added": exp["distinct_valid_clients"], "updated": 0, "unchanged": 0, "rejected": exp["rejected_rows"],
        "skipped_rows": 7, "duplicates_in_file": exp["duplicate_rows"],
    }
    assert result["errors_file"] == str(errors) and errors.exists()
    loans = _cli("--db", str(db_path), "import", "loans", str(data_dir / "core_banking_loans_gbk.csv"), "--as-of", "2025-03-31", "--json", "--dry-run")
    assert loans.returncode == 0, loans.stderr
    body = json.loads(loans.stdout)
    assert body["as_of"] == "2025-03-31" and body["rows_in_file"] == 506 and body["dry_run"] is True
    db = open_db(db_path)
    assert db.execute("SELECT imported_by FROM imports").fetchall() == [("wangfang",)]
    db.close()


def test_cli_clean_then_loans(_cli, db_path, data_dir):
    assert _cli("--db", str(db_path), "import", "clients", str(data_dir / "branch_clients_clean.xlsx")).returncode == 0
    out = _cli("--db", str(db_path), "import", "loans", str(data_dir / "core_banking_loans_gbk.csv"), "--as-of", "2025-03-31", "--json")
    body = json.loads(out.stdout)
    assert (body["added"], body["rejected"], body["errors_file"]) == (506, 0, None)


def test_cli_hostile_file_message(_cli, db_path, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    out = _cli("--db", str(db_path), "import", "clients", str(path), "--json")
    assert out.returncode == 2
    assert json.loads(out.stdout)["error"]["code"] == "empty-file"
    assert "文件是空的" in out.stderr and "empty" in out.stderr


def test_killed_import_leaves_database_as_it_was(db_path, data_dir, tmp_path):
    db = open_db(db_path)
    import_clients(db, data_dir / "branch_clients_clean.xlsx", "wangfang")
    before = table_counts(db)
    db.close()
    rows = [["企业名称", "统一社会信用代码"]] + [[f"公司{i}", make_uscc(i)] for i in range(6000)]
    path = write_csv(tmp_path / "many.csv", rows)
    script = textwrap.dedent(
        f"""
        import os, signal
        from workbench.store import open_db
        from workbench.services.importing.clients import import_clients
        db = open_db({str(db_path)!r})
        def progress(done, total, message):
            if 0 < done < total and db.conn.in_transaction:
                os.kill(os.getpid(), signal.SIGKILL)  # the process dies mid-commit
        import_clients(db, {str(path)!r}, "wangfang", progress=progress)
        """
    )
    proc = subprocess.run([PY, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    db = open_db(db_path)
    assert table_counts(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert verify(db) is None
    # and the same file then imports whole
    assert import_clients(db, path, "wangfang").added == 6000
    db.close()


def test_error_workbook_keeps_formula_text_as_text(db, tmp_path):
    rows = [
        ["企业名称", "统一社会信用代码", "备注"],
        ['=HYPERLINK("http://evil","x")', "BAD", "@SUM(A1)"],
        ["+甲", "", "-1"],
    ]
    path = write_csv(tmp_path / "f.csv", rows)
    out = tmp_path / "err.xlsx"
    result = import_clients(db, path, "x", errors_path=out)
    assert result.rejected == 2
    sheet = openpyxl.load_workbook(out).active
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    for text in ('=HYPERLINK("http://evil","x")', "@SUM(A1)", "+甲", "-1"):
        assert text in cells, text
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert os.path.getsize(out) > 0


def test_cli_import_killed_mid_write_is_all_or_nothing(db_path, tmp_path):
    """`workbench import clients` in a subprocess, killed once its write-ahead log starts growing."""
    import time

    n = 20_000
    rows = [["企业名称", "统一社会信用代码", "所属行业"]] + [[f"公司{i}", make_uscc(i), "工业"] for i in range(n)]
    path = write_csv(tmp_path / "big.csv", rows)
    wal = Path(str(db_path) + "-wal")
    start = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([PY, "-m", "workbench.cli", "--db", str(db_path), "import", "clients", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = False
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > start + 256_000:  # pages of the import's transaction
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.005)
    proc.wait(timeout=60)
    db = open_db(db_path)
    count = db.execute("SELECT count(*) FROM clients").fetchone()[0]
    assert count in (0, n)  # never a partial import
    if killed and proc.returncode == -signal.SIGKILL:
        assert count == 0 and db.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert verify(db) is None
    db.close()
