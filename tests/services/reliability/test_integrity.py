import pytest

from workbench.services import backup, integrity
from workbench.services.integrity import DatabaseDamaged


def corrupt(path, at=4096, length=4096):
    """Overwrite a span of the file with junk, as a failing disk would."""
    with open(path, "r+b") as fh:
        fh.seek(at)
        fh.write(b"\xde\xad\xbe\xef" * (length // 4))


def checkpoint(path):
    from workbench.store import open_db

    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def test_a_whole_file_passes_both_checks(portfolio):
    assert integrity.check_file(portfolio).ok
    assert integrity.check_file(portfolio, full=False).mode == "quick_check"
    assert integrity.check_file(portfolio.parent / "absent.db").ok


def test_a_text_file_is_not_a_database(tmp_path):
    p = tmp_path / "notes.db"
    p.write_text("this is not a database", encoding="utf-8")
    report = integrity.check_file(p)
    assert not report.ok and report.mode == "header"
    assert "not an SQLite" in report.message_en and "已损坏" in report.message_zh


def test_a_corrupted_file_offers_the_newest_good_backup(portfolio):
    older = backup.make_backup(portfolio, reason="start")
    checkpoint(portfolio)
    corrupt(portfolio)
    report = integrity.check_file(portfolio)
    assert not report.ok and report.problems
    # A backup made of the damaged file is damaged too and must be skipped.
    (older.parent / "portfolio-29990101-000000-close.db").write_bytes(portfolio.read_bytes())
    with pytest.raises(DatabaseDamaged) as err:
        integrity.ensure_healthy(portfolio)
    offered = err.value.values["backup"]
    assert offered is not None and offered.path == older
    assert older.name in err.value.message_en and older.name in err.value.message_zh


def test_a_truncated_file_is_damaged(portfolio):
    checkpoint(portfolio)
    data = portfolio.read_bytes()
    portfolio.write_bytes(data[: len(data) // 2])
    assert not integrity.check_file(portfolio).ok
    with pytest.raises(DatabaseDamaged) as err:
        integrity.ensure_healthy(portfolio)
    assert err.value.values["backup"] is None
    assert "No good backup" in err.value.message_en
