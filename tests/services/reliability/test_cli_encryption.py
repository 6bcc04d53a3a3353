"""Encrypted portfolios headless: --passphrase-env, encrypt/decrypt, backup and restore."""

import json
import os
import subprocess
import sys

from workbench.store import db as store_db

PASS = "柜员 口令'1"


def wb(db_path, *args, env=None):
    full_env = {k: v for k, v in os.environ.items() if k != store_db.PASSPHRASE_ENV}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "--user", "admin", *args],
        capture_output=True, text=True, timeout=60, env=full_env, stdin=subprocess.DEVNULL,
    )


def test_encrypt_info_decrypt_round_trip_from_the_command_line(portfolio, tmp_path):
    enc, plain = tmp_path / "enc.db", tmp_path / "plain.db"
    secret = {"WB_SECRET": PASS}
    r = wb(portfolio, "--passphrase-env", "WB_SECRET", "encrypt", "--out", str(enc), "--json", env=secret)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] and (out["clients"], out["loans"], out["audit_rows"]) == (5, 3, 8) and out["audit_ok"]
    assert PASS not in r.stdout + r.stderr
    assert not store_db.is_plain_sqlite(enc)

    r = wb(enc, "--passphrase-env", "WB_SECRET", "info", "--json", env=secret)
    assert r.returncode == 0, r.stderr
    assert (json.loads(r.stdout)["clients"], json.loads(r.stdout)["loans"]) == (5, 3)
    r = wb(enc, "info", env={store_db.PASSPHRASE_ENV: PASS})  # the default variable works too
    assert r.returncode == 0, r.stderr
    r = wb(enc, "--passphrase-env", "WB_SECRET", "audit", "verify", env=secret)
    assert r.returncode == 0 and "8 rows" in r.stdout

    r = wb(enc, "--passphrase-env", "WB_SECRET", "decrypt", "--out", str(plain), "--json", env=secret)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["same_counts"] and store_db.is_plain_sqlite(plain)
    r = wb(plain, "info", "--json")
    assert (json.loads(r.stdout)["clients"], json.loads(r.stdout)["loans"]) == (5, 3)


def test_missing_or_wrong_passphrase_is_a_clear_error(portfolio, tmp_path):
    enc = tmp_path / "enc.db"
    assert wb(portfolio, "--passphrase-env", "S", "encrypt", "--out", str(enc), env={"S": PASS}).returncode == 0
    r = wb(enc, "info")
    assert r.returncode == 5 and "encrypted" in r.stderr and "已加密" in r.stderr and "--passphrase-env" in r.stderr
    r = wb(enc, "--passphrase-env", "S", "info", env={"S": "wrong"})
    assert r.returncode == 5 and "Wrong passphrase" in r.stderr and "口令错误" in r.stderr
    assert "Traceback" not in r.stderr
    r = wb(enc, "--passphrase-env", "UNSET_VAR_X", "info")
    assert r.returncode == 5 and "UNSET_VAR_X" in r.stderr
    r = wb(enc, "decrypt", "--out", str(tmp_path / "p.db"))  # no terminal to ask on
    assert r.returncode == 5 and not (tmp_path / "p.db").exists()


def test_backup_and_restore_of_an_encrypted_portfolio_from_the_command_line(portfolio, tmp_path):
    enc, copy = tmp_path / "enc.db", tmp_path / "copy.db"
    secret = {"S": PASS}
    assert wb(portfolio, "--passphrase-env", "S", "encrypt", "--out", str(enc), env=secret).returncode == 0
    r = wb(enc, "--passphrase-env", "S", "backup", "--out", str(copy), "--json", env=secret)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["ok"] and not store_db.is_plain_sqlite(copy)
    r = wb(enc, "--passphrase-env", "S", "backup", "--list", "--json", env=secret)  # none in the folder yet
    assert r.returncode == 0 and json.loads(r.stdout) == []
    r = wb(enc, "restore", str(copy))
    assert r.returncode == 2 and "passphrase" in r.stderr  # nothing replaced without it
    r = wb(enc, "--passphrase-env", "S", "restore", str(copy), "--json", env=secret)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["clients"] == 5
    assert not store_db.is_plain_sqlite(enc)
