import sqlite3
from datetime import UTC, datetime

import pytest
from reliability_helpers import populate

from workbench.services import backup
from workbench.services.errors import Cancelled, ValidationError
from workbench.services.portfolio import summary
from workbench.store import open_db

T0 = datetime(2026, 11, 20, 8, 0, 0, tzinfo=UTC)


def counts(path):
    db = open_db(path)
    try:
        s = summary(db)
        return s.clients, s.loans
    finally:
        db.close()


def test_backup_then_restore_gives_the_same_counts(portfolio, tmp_path):
    before = counts(portfolio)
    made = backup.make_backup(portfolio, now=T0)
    assert made.parent.name == "backups" and made.exists()
    info = backup.inspect_backup(made)
    assert info.ok and (info.clients, info.loans) == before == (5, 3)
    # Change the live file after the backup, then restore: the change is gone.
    db = open_db(portfolio)
    populate(db, clients=0, loans=2)
    db.close()
    assert counts(portfolio) == (5, 5)
    result = backup.restore(portfolio, made, actor="admin", now=T0)
    assert counts(portfolio) == before
    # The replaced file is kept beside it and still holds the 5 loans.
    assert result.replaced_kept_as.name.startswith("portfolio.replaced-20261120-080000")
    assert counts(result.replaced_kept_as) == (5, 5)
    db = open_db(portfolio)
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "restore"
    db.close()


def test_backup_is_self_contained_and_whole(portfolio, tmp_path):
    out = backup.backup_to(portfolio, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db-wal").exists()
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_backup_while_a_writer_has_uncommitted_work(portfolio, tmp_path):
    db = open_db(portfolio)
    db.execute("BEGIN")
    db.execute("INSERT INTO settings(key, value) VALUES ('x', 'pending')")
    out = backup.backup_to(portfolio, tmp_path / "during.db")
    db.execute("ROLLBACK")
    db.close()
    assert backup.inspect_backup(out).clients == 5


def test_keep_only_the_newest_n(portfolio):
    db = open_db(portfolio)
    db.execute("INSERT INTO settings(key, value) VALUES ('backup_keep', '3')")
    db.close()
    for minute in range(5):
        backup.make_backup(portfolio, now=T0.replace(minute=minute))
    names = [p.name for p in backup.backup_files(portfolio)]
    assert len(names) == 3
    assert names[0] == "portfolio-20261120-080400-manual.db"


def test_start_backup_at_most_once_a_day(portfolio):
    assert backup.backup_on_start(portfolio, now=T0) is not None
    assert backup.backup_on_start(portfolio, now=T0.replace(hour=17)) is None
    assert backup.backup_on_start(portfolio, now=T0.replace(day=21)) is not None
    assert backup.backup_on_close(portfolio, now=T0.replace(day=21, hour=18)) is not None
    assert len(backup.backup_files(portfolio)) == 3


def test_cancelled_backup_leaves_nothing(portfolio, tmp_path):
    db = open_db(portfolio)
    populate(db, clients=300, loans=0)  # several backup steps worth of pages
    db.close()
    backup_pages = backup.PAGES_PER_STEP
    backup.PAGES_PER_STEP = 1
    try:
        with pytest.raises(Cancelled):
            backup.backup_to(portfolio, tmp_path / "c.db", cancel=lambda: True)
    finally:
        backup.PAGES_PER_STEP = backup_pages
    assert list(tmp_path.glob("c.db*")) == []


def test_restore_refuses_a_damaged_backup_and_changes_nothing(portfolio, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(ValidationError) as err:
        backup.restore(portfolio, bad, actor="admin")
    assert err.value.code == "restore_bad_backup"
    assert counts(portfolio) == (5, 3)
    assert list(portfolio.parent.glob("*.replaced-*")) == []


def test_restore_refuses_a_backup_from_a_newer_version(portfolio, tmp_path):
    newer = backup.backup_to(portfolio, tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('workbench', '9999_future', 'x')"
    )
    conn.commit()
    conn.close()
    info = backup.inspect_backup(newer)
    assert not info.ok and "newer" in info.problem
    with pytest.raises(ValidationError):
        backup.restore(portfolio, newer, actor="admin")


def test_restore_from_an_older_schema_migrates_forward(tmp_path):
    from workbench.store.schema import MIGRATIONS

    old = tmp_path / "old.db"
    import sqlite_utils

    db = sqlite_utils.Database(old)
    MIGRATIONS.apply(db, stop_before=MIGRATIONS._migrations[-1].name) if len(MIGRATIONS._migrations) > 1 else MIGRATIONS.apply(db)
    db.close()
    target = tmp_path / "live.db"
    backup.restore(target, old, actor="admin")
    db = open_db(target)
    assert not MIGRATIONS.pending(db)
    db.close()


def test_backup_keep_setting_is_validated_and_audited(db):
    assert backup.backup_keep(db) == 10
    backup.set_backup_keep(db, "admin", 3)
    assert backup.backup_keep(db) == 3
    row = db.execute("SELECT actor, table_name, after_json FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert row == ("admin", "settings", '{"backup_keep": 3}')
    with pytest.raises(ValidationError):
        backup.set_backup_keep(db, "admin", 0)
