"""SQLCipher at rest: sqlite-utils, STRICT, FTS5, WAL, migrations and the audit chain on an encrypted file."""

import sqlite3

import pytest
from reliability_helpers import populate

from workbench.services import privacy
from workbench.services.errors import ValidationError
from workbench.store import audit

PASS = "柜员口令 with 'quote'"


def test_encrypted_portfolio_works_like_a_plain_one(tmp_path):
    path = tmp_path / "secret.db"
    db = privacy.open_encrypted(path, PASS)
    populate(db, clients=20, loans=2)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("UPDATE clients SET name_chars = '测 试 企 业' WHERE id = 3")
    assert db.execute("SELECT rowid FROM clients_fts WHERE clients_fts MATCH '\"测 试\"'").fetchall() == [(3,)]
    import sqlcipher3

    with pytest.raises(sqlcipher3.Error, match="REAL"):  # STRICT: a float in an INTEGER column fails
        db["loans"].update(1, {"balance_fen": 1.5})
    assert audit.verify(db) is None
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "测试企业".encode() not in raw and b"13812345678" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM clients").fetchall()
    again = privacy.open_encrypted(path, PASS)
    assert again.execute("SELECT count(*) FROM clients").fetchone()[0] == 20
    again.close()


def test_wrong_passphrase_is_a_clear_error(tmp_path):
    path = tmp_path / "secret.db"
    privacy.open_encrypted(path, PASS).close()
    with pytest.raises(ValidationError) as err:
        privacy.open_encrypted(path, "wrong")
    assert err.value.code == "passphrase_wrong" and "口令错误" in err.value.message_zh
    with pytest.raises(ValidationError):
        privacy.open_encrypted(path, "")


def test_encrypt_and_decrypt_an_existing_portfolio(portfolio, tmp_path):
    enc, back = tmp_path / "enc.db", tmp_path / "plain.db"
    privacy.encrypt_copy(portfolio, enc, PASS)
    db = privacy.open_encrypted(enc, PASS)
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 5
    assert audit.verify(db) is None
    db.close()
    privacy.decrypt_copy(enc, back, PASS)
    conn = sqlite3.connect(back)
    assert conn.execute("SELECT count(*) FROM loans").fetchone()[0] == 3
    conn.close()
