"""An encrypted portfolio used for real: open_db with the registered passphrase, backups, restore, checks."""

import sqlite3

import pytest
from reliability_helpers import populate

from workbench.services import backup, integrity, privacy
from workbench.services.errors import ValidationError
from workbench.services.integrity import DatabaseDamaged
from workbench.store import audit, open_db
from workbench.store import db as store_db

PASS = "柜员口令 with 'quote'"


@pytest.fixture
def encrypted(portfolio, tmp_path):
    """The 5-client portfolio as an encrypted file (passphrase not registered yet)."""
    path = tmp_path / "secret.db"
    privacy.encrypt_copy(portfolio, path, PASS)
    return path


def counts(db):
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("clients", "loans"))


def test_open_db_opens_an_encrypted_file_once_its_passphrase_is_registered(encrypted):
    assert store_db.looks_encrypted(encrypted) and not store_db.is_plain_sqlite(encrypted)
    with pytest.raises(store_db.PassphraseRequired) as err:
        open_db(encrypted)
    assert "已加密" in err.value.message_zh and "encrypted" in err.value.message_en
    assert privacy.needs_passphrase(encrypted)
    store_db.set_passphrase(encrypted, PASS)
    assert not privacy.needs_passphrase(encrypted)
    db = open_db(encrypted)  # what every worker, page and backup does
    assert counts(db) == (5, 3) and audit.verify(db) is None
    populate(db, clients=1, loans=0)  # writes, audited, on the encrypted file
    db.close()
    ro = open_db(encrypted, readonly=True)
    assert counts(ro) == (6, 3)
    with pytest.raises(sqlite3.OperationalError):  # sqlcipher3's errors are caught as sqlite3's
        ro.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    ro.close()
    store_db.clear_passphrase(encrypted)
    with pytest.raises(store_db.PassphraseRequired):
        open_db(encrypted)


def test_a_wrong_passphrase_is_a_clear_error_in_both_languages(encrypted):
    store_db.set_passphrase(encrypted, "not it")
    with pytest.raises(store_db.WrongPassphrase) as err:
        open_db(encrypted)
    assert "口令错误" in err.value.message_zh and "Wrong passphrase" in err.value.message_en
    assert isinstance(err.value, sqlite3.DatabaseError)
    with pytest.raises(ValidationError) as verr:
        privacy.unlock(encrypted, "still not it")
    assert verr.value.code == "passphrase_wrong"
    privacy.unlock(encrypted, PASS)  # replaces the wrong one
    assert counts(open_db(encrypted)) == (5, 3)


def test_the_environment_variable_gives_the_passphrase_for_headless_use(encrypted, monkeypatch):
    monkeypatch.setenv(store_db.PASSPHRASE_ENV, PASS)
    db = open_db(encrypted)
    assert counts(db) == (5, 3)
    db.close()


def test_a_new_file_with_a_known_passphrase_is_created_encrypted(tmp_path):
    path = tmp_path / "new.db"
    store_db.set_passphrase(path, PASS)
    db = open_db(path)
    populate(db, clients=2, loans=1)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert not store_db.is_plain_sqlite(path) and b"13812345678" not in path.read_bytes()


def test_a_text_file_is_damaged_not_encrypted(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not a database " * 200, encoding="utf-8")
    assert not store_db.looks_encrypted(junk) and not privacy.needs_passphrase(junk)
    with pytest.raises(sqlite3.DatabaseError) as err:
        open_db(junk)
    assert not isinstance(err.value, store_db.EncryptionError)
    with pytest.raises(DatabaseDamaged):
        integrity.ensure_healthy(junk)


def test_checks_of_an_encrypted_file_need_its_passphrase_and_find_damage(encrypted):
    report = integrity.check_file(encrypted)
    assert not report.ok and report.needs_passphrase
    with pytest.raises(store_db.PassphraseRequired):  # not "damaged": the passphrase is what is missing
        integrity.ensure_healthy(encrypted)
    store_db.set_passphrase(encrypted, PASS)
    assert integrity.check_file(encrypted).ok and integrity.check_sanity(encrypted).ok
    assert integrity.check_file(encrypted, full=False).mode == "quick_check"
    with open(encrypted, "r+b") as fh:  # a failing disk: page 3's cipher text changes
        fh.seek(3 * 4096 + 100)
        fh.write(b"\x00" * 64)
    damaged = integrity.check_file(encrypted)
    assert not damaged.ok and not damaged.needs_passphrase


def test_backup_of_an_encrypted_file_is_encrypted_and_restores(encrypted):
    store_db.set_passphrase(encrypted, PASS)
    made = backup.make_backup(encrypted, reason="manual")
    raw = made.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "测试企业".encode() not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(made).execute("SELECT count(*) FROM clients").fetchone()
    store_db.clear_passphrase(made)  # a later process knows only the portfolio's passphrase
    [listed] = backup.list_backups(encrypted)
    assert listed.ok and (listed.clients, listed.loans) == (5, 3)
    db = open_db(encrypted)
    populate(db, clients=3, loans=2)
    db.close()
    result = backup.restore(encrypted, made, actor="admin")
    db = open_db(encrypted)
    assert counts(db) == (5, 3) and audit.verify(db) is None
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "restore"
    db.close()
    assert not store_db.is_plain_sqlite(encrypted)  # still encrypted after the restore
    kept = open_db(result.replaced_kept_as, passphrase=PASS)
    assert counts(kept) == (8, 5)
    kept.close()


def test_a_damaged_encrypted_file_offers_its_encrypted_backup(encrypted):
    store_db.set_passphrase(encrypted, PASS)
    good = backup.make_backup(encrypted, reason="start")
    with open(encrypted, "r+b") as fh:
        fh.seek(2 * 4096)
        fh.write(b"\xde\xad\xbe\xef" * 1024)
    with pytest.raises(DatabaseDamaged) as err:
        integrity.ensure_healthy(encrypted)
    assert err.value.values["backup"].path == good


def test_restore_of_an_encrypted_backup_without_its_passphrase_changes_nothing(encrypted, portfolio):
    store_db.set_passphrase(encrypted, PASS)
    made = backup.backup_to(encrypted, encrypted.parent / "b.db")
    store_db.clear_passphrase()
    before = portfolio.read_bytes()
    with pytest.raises(ValidationError) as err:
        backup.restore(portfolio, made, actor="admin")
    assert err.value.code == "restore_bad_backup" and "passphrase" in err.value.message_en
    assert portfolio.read_bytes() == before


def test_encrypt_and_decrypt_round_trip_keeps_counts_and_the_audit_chain(portfolio, tmp_path):
    enc, plain = tmp_path / "enc.db", tmp_path / "plain.db"
    privacy.encrypt_copy(portfolio, enc, PASS)
    check = privacy.compare_copies(portfolio, None, enc, PASS)
    assert check.ok and (check.clients, check.loans, check.audit_rows) == (5, 3, 8)
    privacy.decrypt_copy(enc, plain, PASS)
    assert store_db.is_plain_sqlite(plain)
    back = privacy.compare_copies(enc, PASS, plain, None)
    assert back.ok and back.audit_rows == 8
    with pytest.raises(ValidationError) as err:  # never overwrites
        privacy.encrypt_copy(portfolio, enc, PASS)
    assert err.value.code == "convert_target_exists"
    with pytest.raises(ValidationError) as err:
        privacy.decrypt_copy(enc, tmp_path / "x.db", "wrong")
    assert err.value.code == "passphrase_wrong" and not (tmp_path / "x.db").exists()
    with pytest.raises(ValidationError) as err:
        privacy.encrypt_copy(enc, tmp_path / "twice.db", PASS)
    assert err.value.code == "encrypt_not_plain"
