import sqlite3
import subprocess
import sys

from reliability_helpers import populate

from workbench.store import audit, open_db


def _cli(db_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "audit", *args],
        capture_output=True, text=True, timeout=60,
    )


def test_whole_chain_verifies(portfolio):
    result = _cli(portfolio, "verify")
    assert result.returncode == 0, result.stderr
    assert "8" in result.stdout  # 5 clients + 3 loans audited


def test_an_edited_row_is_named_by_audit_verify(portfolio):
    # Behind the workbench's back: plain sqlite3, no workbench code.
    conn = sqlite3.connect(portfolio)
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 4")
    conn.commit()
    conn.close()
    result = _cli(portfolio, "verify")
    assert result.returncode == 1
    assert "row 4" in result.stdout + result.stderr and "第 4 行" in result.stdout + result.stderr


def test_a_cut_off_tail_is_noticed(portfolio):
    conn = sqlite3.connect(portfolio)
    conn.execute("DELETE FROM audit_log WHERE id >= 7")
    conn.commit()
    conn.close()
    db = open_db(portfolio)
    broken = audit.verify(db)
    db.close()
    assert broken is not None and broken.row_id == 7 and "missing" in broken.reason


def test_a_deleted_first_row_is_noticed(db):
    populate(db, clients=3, loans=0)
    db.execute("DELETE FROM audit_log WHERE id = 1")
    broken = audit.verify(db)
    assert broken is not None and broken.row_id == 2


def test_an_appended_forged_row_is_noticed(db):
    populate(db, clients=2, loans=0)
    last = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    row = {"at": "2026-01-01T00:00:00+00:00", "actor": "mallory", "action": "insert", "table_name": "clients",
           "row_id": 9, "client_id": 9, "before_json": None, "after_json": "{}", "reason": None}
    # A well-formed link (right prev_hash and hash) but not written through audit.record.
    h = audit.row_hash(last, row)
    db.execute(
        "INSERT INTO audit_log (at, actor, action, table_name, row_id, client_id, before_json, after_json, reason,"
        " prev_hash, hash) VALUES (:at, :actor, :action, :table_name, :row_id, :client_id, :before_json,"
        " :after_json, :reason, :prev, :hash)", {**row, "prev": last, "hash": h},
    )
    broken = audit.verify(db)
    assert broken is not None and broken.row_id == 3


def test_a_cut_off_tail_with_its_head_deleted_is_noticed(portfolio):
    # QA 6: deleting the head record too used to pass as "an old file without a head".
    conn = sqlite3.connect(portfolio)
    conn.execute("DELETE FROM audit_log WHERE id >= 7")
    conn.execute("DELETE FROM settings WHERE key = 'audit_head'")
    conn.commit()
    conn.close()
    db = open_db(portfolio)
    broken = audit.verify(db)
    db.close()
    assert broken is not None and "head is missing" in broken.reason
    result = _cli(portfolio, "verify")
    assert result.returncode == 1
