"""Headless commands: users and applications, acting as --user."""

from __future__ import annotations

import json

from workbench.cli import main

from .conftest import add_client


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_users_add_list_and_reset(db_path, capsys):
    db = str(db_path)
    assert run(capsys, "--db", db, "--user", "ops", "users", "add", "boss", "--name", "老板", "--role", "admin",
               "--password", "boss1234x")[0] == 0
    code, out, err = run(capsys, "--db", db, "--user", "ops", "users", "add", "x", "--role", "officer", "--password", "abcd1234")
    assert code == 2 and "管理员" in err  # an admin exists now: ops (officer) may not add
    assert run(capsys, "--db", db, "--user", "boss", "users", "add", "wangfang", "--name", "王芳", "--role", "officer",
               "--password", "demo1234")[0] == 0
    code, out, _ = run(capsys, "--db", db, "users", "list", "--json")
    rows = {u["username"]: u for u in json.loads(out)}
    assert rows["boss"]["role"] == "admin" and rows["wangfang"]["display_name"] == "王芳"
    assert rows["ops"]["role"] == "officer"  # the headless identity, recorded as given
    assert "password_hash" not in out
    code, _, err = run(capsys, "--db", db, "--user", "boss", "users", "reset-password", "wangfang", "--password", "short")
    assert code == 2 and "8" in err


def test_application_walkthrough_headless(db_path, capsys):
    from workbench.store import open_db

    db = open_db(db_path)
    client_id = add_client(db)
    db.close()
    base = ["--db", str(db_path)]
    code, out, _ = run(capsys, *base, "--user", "wangfang", "application", "create", "--client", str(client_id),
                       "--amount", "50万", "--term", "12", "--method", "等额本息", "--spread", "40", "--json")
    assert code == 0
    app_no = json.loads(out)["app_no"]
    assert run(capsys, *base, "--user", "wangfang", "application", "submit", app_no)[0] == 0
    # A headless user is an officer: it may not review.
    code, _, err = run(capsys, *base, "--user", "lijun", "application", "take-review", app_no)
    assert code == 2 and "officer" in err
    code, out, _ = run(capsys, *base, "application", "list", "--json")
    assert [(r["app_no"], r["status"], r["amount_fen"]) for r in json.loads(out)] == [(app_no, "submitted", 50_000_000)]
    code, out, _ = run(capsys, *base, "apply", "show", app_no, "--json")
    shown = json.loads(out)
    assert shown["steps"][0]["action"] == "submit" and shown["context"]["exposure_if_approved_fen"] == 50_000_000


def test_lpr_in_force_headless(db_path, capsys):
    code, out, _ = run(capsys, "--db", str(db_path), "application", "lpr", "--on", "2024-10-21", "--json")
    assert code == 0
    assert json.loads(out) == [{"tenor": "1Y", "published_on": "2024-10-21", "rate_bp": 310},
                               {"tenor": "5Y", "published_on": "2024-10-21", "rate_bp": 360}]
    code, _, err = run(capsys, "--db", str(db_path), "--user", "ops", "application", "lpr-set", "2026-01-20", "1Y", "290")
    assert code == 2 and "管理员" in err
