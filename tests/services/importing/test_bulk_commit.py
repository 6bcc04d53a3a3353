"""The bulk-add path of a client import: secondary indexes and the FTS trigger are set
aside inside the transaction and rebuilt from their own SQL; a cancel or a killed process
leaves the schema and the data as they were. (Thresholds lowered: no 100k rows in tests.)"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from workbench.domain.names import name_chars, name_initials
from workbench.domain.size_class import classify_size
from workbench.services.errors import Cancelled
from workbench.services.importing import clients as importing_clients
from workbench.services.importing.clients import import_clients
from workbench.store import open_db
from workbench.store.audit import verify

from .conftest import make_uscc, table_counts, write_csv

HEADER = ["企业名称", "统一社会信用代码", "所属行业", "从业人数", "年营业收入（万元）", "资产总额（万元）"]
NAMES = ["重庆长安汽车配件厂", "杭州鑫瑞贸易有限公司", "ABC科技(上海)有限公司", "银行街长兴五金店"]


def _rows(n: int, start: int = 0) -> list[list]:
    return [HEADER] + [
        [f"{NAMES[i % len(NAMES)]}{i}", make_uscc(i), ("批发业", "工业", "零售业")[i % 3], str(i % 400), f"{i * 7.5:.2f}", ""]
        for i in range(start, start + n)
    ]


def _schema(db) -> list[tuple]:
    return db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('clients', 'clients_fts') ORDER BY type, name"
    ).fetchall()


def test_bulk_add_rebuilds_indexes_and_search_keys(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importing_clients, "BULK_INDEX_MIN", 10)
    monkeypatch.setattr(importing_clients, "BATCH", 7)
    schema = _schema(db)
    result = import_clients(db, write_csv(tmp_path / "a.csv", _rows(40)), "wangfang")
    assert result.added == 40
    assert _schema(db) == schema  # every index and trigger back, from its own SQL
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert verify(db) is None
    rows = db.execute("SELECT name, name_chars, name_initials, industry, employees, revenue_fen, assets_fen, size_class FROM clients").fetchall()
    for name, chars, initials, industry, employees, revenue, assets, size in rows:
        assert (chars, initials) == (name_chars(name), name_initials(name))
        assert size == classify_size(industry, employees, revenue, assets)
    found = db.execute("SELECT count(*) FROM clients_fts WHERE clients_fts MATCH ?", ['"长 安"']).fetchone()[0]
    assert found == 10
    # the indexes are used again: a second, smaller import adds through them
    assert import_clients(db, write_csv(tmp_path / "b.csv", _rows(5, start=40)), "wangfang").added == 5
    assert db.execute("SELECT count(*) FROM clients WHERE name_initials = ?", [name_initials(NAMES[0] + "0")]).fetchone()[0] >= 1
    assert verify(db) is None


def test_cancel_during_a_bulk_add_leaves_schema_and_data(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importing_clients, "BULK_INDEX_MIN", 10)
    monkeypatch.setattr(importing_clients, "BATCH", 7)
    schema, before = _schema(db), table_counts(db)
    calls = {"n": 0}

    def progress(done, total, message):
        if db.conn.in_transaction:
            calls["n"] += 1

    def cancel():
        return calls["n"] >= 2  # after two batches are in, indexes dropped

    with pytest.raises(Cancelled):
        import_clients(db, write_csv(tmp_path / "a.csv", _rows(40)), "wangfang", progress=progress, cancel=cancel)
    assert calls["n"] >= 2
    assert _schema(db) == schema
    assert table_counts(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_killed_bulk_add_leaves_schema_and_data(db_path, tmp_path):
    db = open_db(db_path)
    import_clients(db, write_csv(tmp_path / "first.csv", _rows(3, start=1000)), "wangfang")
    schema, before = _schema(db), table_counts(db)
    db.close()
    path = write_csv(tmp_path / "many.csv", _rows(60))
    script = textwrap.dedent(
        f"""
        import os, signal
        from workbench.store import open_db
        from workbench.services.importing import clients
        clients.BULK_INDEX_MIN, clients.BATCH = 10, 7
        db = open_db({str(db_path)!r})
        def progress(done, total, message):
            if 14 <= done < total and db.conn.in_transaction:
                os.kill(os.getpid(), signal.SIGKILL)  # indexes dropped, rows half in
        clients.import_clients(db, {str(path)!r}, "wangfang", progress=progress)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    db = open_db(db_path)
    assert _schema(db) == schema
    assert table_counts(db) == before
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert verify(db) is None
    db.close()
