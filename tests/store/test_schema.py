import sqlite3

import pytest

from workbench.store import open_db
from workbench.store.db import current_schema_version, latest_schema_version


def test_fresh_database_is_migrated_wal_with_foreign_keys(db_path):
    db = open_db(db_path)
    assert current_schema_version(db) == latest_schema_version() >= 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    for table in ["clients", "visits", "applications", "approval_steps", "credit_lines", "loans",
                  "instalments", "renewals", "collateral", "guarantors", "users", "settings", "audit_log"]:
        assert db[table].exists(), table


def test_reopening_applies_nothing_twice(db_path):
    first = current_schema_version(open_db(db_path))
    assert current_schema_version(open_db(db_path)) == first


def test_uscc_is_unique(db):
    row = {"uscc": "91330100MA2XXXXX0X", "name": "甲", "created_at": "t", "updated_at": "t"}
    db["clients"].insert(row)
    with pytest.raises(sqlite3.IntegrityError):
        db["clients"].insert(row)


def test_money_columns_refuse_floats(db):
    """STRICT tables refuse a Decimal/float turned REAL by sqlite-utils."""
    db["clients"].insert({"uscc": "X1", "name": "乙", "created_at": "t", "updated_at": "t"})
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE clients SET revenue_fen = 12.5 WHERE uscc = 'X1'")


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db["visits"].insert({"client_id": 999, "visit_date": "2025-01-01", "officer": "a",
                             "finding": "need", "created_by": "a", "created_at": "t"})


def test_fts_finds_any_substring_of_a_chinese_name(db):
    db["clients"].insert({"uscc": "X2", "name": "杭州鑫瑞贸易有限公司", "name_chars": "杭 州 鑫 瑞 贸 易 有 限 公 司",
                          "created_at": "t", "updated_at": "t"})
    hit = db.execute("SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?", ['"鑫 瑞"']).fetchall()
    assert len(hit) == 1
    miss = db.execute("SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?", ['"瑞 鑫"']).fetchall()
    assert miss == []
