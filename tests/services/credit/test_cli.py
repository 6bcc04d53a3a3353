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


def _draft_with_guarantor(db_path) -> str:
    """A draft by officer zhangwei (张伟) with a person guarantor; returns its number."""
    from workbench.services import applications as apps
    from workbench.store import audit, open_db

    db = open_db(db_path)
    now = audit.utc_now()
    db["users"].insert_all([{"username": u, "display_name": d, "role": r, "active": 1, "failed_attempts": 0,
                             "must_change_password": 0, "created_at": now}
                            for u, d, r in (("zhangwei", "张伟", "officer"), ("lijun", "李军", "reviewer"))])
    client_id = add_client(db)
    app_id = apps.create_application(
        db, "zhangwei", client_id, product="流动资金贷款", amount_fen=50_000_000, term_months=12,
        repayment_method="annuity", guarantee_type="guarantee",
        guarantors=[{"person_name": "张三", "id_number": "330102199001011233", "relation": "法定代表人"}])
    app_no = apps.get_application(db, app_id)["app_no"]
    db.close()
    return app_no


def test_show_masks_guarantor_id_numbers(db_path, capsys):
    app_no = _draft_with_guarantor(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "application", "show", app_no, "--json")
    assert code == 0
    assert "330102199001011233" not in out
    assert json.loads(out)["guarantors"][0]["id_number"] == "330102********1233"
    code, out, _ = run(capsys, "--db", str(db_path), "application", "show", app_no)
    assert code == 0 and "330102199001011233" not in out and "330102********1233" in out and "张三" in out


def test_read_only_commands_create_no_accounts(db_path, capsys):
    from workbench.store import open_db

    app_no = _draft_with_guarantor(db_path)
    base = ["--db", str(db_path), "--user", "visitor"]
    for argv in (["application", "list"], ["application", "list", "--queue", "--json"], ["application", "show", app_no],
                 ["application", "lpr", "--on", "2025-03-10"]):
        assert run(capsys, *base, *argv)[0] == 0, argv
    db = open_db(db_path)
    try:
        assert db.execute("SELECT count(*) FROM users WHERE username = 'visitor'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'user.create_headless'").fetchone()[0] == 0
    finally:
        db.close()
    # A command that writes still acts as (and records) the headless user.
    assert run(capsys, *base, "application", "submit", app_no)[0] == 2  # not the creator: refused …
    db = open_db(db_path)
    try:
        assert db.execute("SELECT role FROM users WHERE username = 'visitor'").fetchone()[0] == "officer"  # … but known
    finally:
        db.close()


def test_list_and_show_name_people_by_display_name(db_path, capsys):
    app_no = _draft_with_guarantor(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "--user", "zhangwei", "application", "submit", app_no)
    assert code == 0 and "张伟" in out and "zhangwei" not in out
    code, out, _ = run(capsys, "--db", str(db_path), "application", "list")
    assert code == 0 and "(张伟)" in out and "zhangwei" not in out


def test_schedule_amount_accepts_wan_like_everywhere(capsys):
    code, out, _ = run(capsys, "schedule", "--amount", "50万", "--rate", "3.85", "--months", "12", "--method", "等额本息",
                       "--start", "2025-01-15", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["amount_fen"] == 50_000_000 and data["total_principal_fen"] == 50_000_000
    assert data["instalments"][0]["payment_fen"] == 4_254_069
    code, out, _ = run(capsys, "schedule", "--amount", "５０万元", "--rate", "3.85", "--months", "12", "--method", "annuity",
                       "--start", "2025-01-15")
    assert code == 0 and "500,000.00" in out
    code, _, err = run(capsys, "schedule", "--amount", "1.234", "--rate", "3.85", "--months", "12", "--method", "annuity")
    assert code == 2 and "fen" in err
