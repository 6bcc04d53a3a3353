"""Accounts: password rules, login lockout, admin operations, headless identities."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from workbench.services import users
from workbench.services.errors import PermissionDenied, ValidationError

from .conftest import PASSWORD

T0 = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("bad, code", [("abc123", "password_too_short"), ("abcdefgh", "password_too_simple"),
                                        ("12345678", "password_too_simple"), ("", "password_too_short")])
def test_password_rules_refuse_weak_passwords(bad, code):
    with pytest.raises(ValidationError) as err:
        users.validate_password(bad)
    assert err.value.code == code and err.value.message_zh and err.value.message_en


def test_password_rules_accept_letters_and_digits():
    users.validate_password("abcd1234")
    users.validate_password("密码password2")


def test_authenticate_returns_the_user(cdb):
    user = users.authenticate(cdb, "wangfang", PASSWORD, now=T0)
    assert (user.username, user.display_name, user.role) == ("wangfang", "王芳", "officer")


def test_unknown_user_and_wrong_password_give_the_same_message(cdb):
    with pytest.raises(PermissionDenied) as a:
        users.authenticate(cdb, "nobody", PASSWORD, now=T0)
    with pytest.raises(PermissionDenied) as b:
        users.authenticate(cdb, "wangfang", "wrong1234", now=T0)
    assert a.value.code == b.value.code == "bad_credentials"
    assert a.value.message_zh == b.value.message_zh


def test_five_failures_lock_the_account_for_fifteen_minutes(cdb):
    for n in range(4):
        with pytest.raises(PermissionDenied) as err:
            users.authenticate(cdb, "wangfang", "wrong1234", now=T0 + timedelta(seconds=n))
        assert err.value.code == "bad_credentials"
    with pytest.raises(PermissionDenied) as err:  # the fifth says at once that it locked the account
        users.authenticate(cdb, "wangfang", "wrong1234", now=T0 + timedelta(seconds=4))
    assert err.value.code == "locked" and "15" in err.value.message_en
    # Now even the right password is refused while the lock lasts.
    with pytest.raises(PermissionDenied) as err:
        users.authenticate(cdb, "wangfang", PASSWORD, now=T0 + timedelta(minutes=14))
    assert err.value.code == "locked"
    assert "分钟" in err.value.message_zh
    assert cdb.execute("SELECT action FROM audit_log WHERE action = 'user.locked'").fetchone()
    user = users.authenticate(cdb, "wangfang", PASSWORD, now=T0 + timedelta(minutes=15, seconds=5))
    assert user.username == "wangfang"
    row = cdb.execute("SELECT failed_attempts, locked_until FROM users WHERE username='wangfang'").fetchone()
    assert row == (0, None)


def test_four_failures_then_success_resets_the_count(cdb):
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            users.authenticate(cdb, "lijun", "wrong1234", now=T0)
    users.authenticate(cdb, "lijun", PASSWORD, now=T0)
    for _ in range(4):
        with pytest.raises(PermissionDenied):
            users.authenticate(cdb, "lijun", "wrong1234", now=T0)
    assert users.authenticate(cdb, "lijun", PASSWORD, now=T0).role == "reviewer"


def test_admin_resets_password_and_unlocks(cdb):
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            users.authenticate(cdb, "liuqiang", "wrong1234", now=T0)
    users.reset_password(cdb, "admin", "liuqiang", "newpass99")
    user = users.authenticate(cdb, "liuqiang", "newpass99", now=T0)
    assert user.must_change_password
    assert cdb.execute("SELECT count(*) FROM audit_log WHERE action='user.reset_password' AND actor='admin'").fetchone()[0] == 1


def test_only_admin_resets_passwords(cdb):
    with pytest.raises(PermissionDenied) as err:
        users.reset_password(cdb, "zhaomin", "wangfang", "newpass99")
    assert err.value.code == "admin_only"
    users.authenticate(cdb, "wangfang", PASSWORD, now=T0)  # unchanged


def test_create_and_deactivate_user(cdb):
    users.create_user(cdb, "admin", "chenjing", "陈静", "officer", "chen2025x")
    assert users.authenticate(cdb, "chenjing", "chen2025x", now=T0).display_name == "陈静"
    users.deactivate_user(cdb, "admin", "chenjing")
    with pytest.raises(PermissionDenied) as err:
        users.authenticate(cdb, "chenjing", "chen2025x", now=T0)
    assert err.value.code == "inactive"
    actions = [r[0] for r in cdb.execute("SELECT action FROM audit_log WHERE table_name='users' ORDER BY id")]
    assert actions == ["user.create", "user.deactivate"]
    stored = cdb.execute("SELECT after_json FROM audit_log WHERE action='user.create'").fetchone()[0]
    assert "password_hash" not in stored


def test_create_user_refuses_duplicates_bad_roles_and_weak_passwords(cdb):
    with pytest.raises(ValidationError) as err:
        users.create_user(cdb, "admin", "wangfang", "王芳", "officer", "abcd1234")
    assert err.value.code == "username_taken"
    with pytest.raises(ValidationError) as err:
        users.create_user(cdb, "admin", "x", "x", "boss", "abcd1234")
    assert err.value.code == "bad_role"
    with pytest.raises(ValidationError):
        users.create_user(cdb, "admin", "y", "y", "officer", "short")


def test_first_admin_may_be_created_without_an_admin(db):
    users.create_user(db, "root", "boss", "Boss", "admin", "boss1234x")
    with pytest.raises(PermissionDenied):
        users.create_user(db, "someone", "x", "x", "officer", "abcd1234")


def test_headless_user_is_created_as_officer_and_recorded(cdb):
    user = users.ensure_headless_user(cdb, "opsuser")
    assert (user.username, user.role) == ("opsuser", "officer")
    assert users.ensure_headless_user(cdb, "opsuser").id == user.id
    assert cdb.execute("SELECT actor, action FROM audit_log WHERE table_name='users'").fetchall() == [("opsuser", "user.create_headless")]
    with pytest.raises(PermissionDenied):  # no password: cannot log in to the window
        users.authenticate(cdb, "opsuser", "", now=T0)
    assert users.ensure_headless_user(cdb, "zhaomin").role == "approver"


def test_read_only_portfolio_still_checks_passwords(cdb, db_path):
    from workbench.store import open_db

    ro = open_db(db_path, readonly=True)
    try:
        with pytest.raises(PermissionDenied):
            users.authenticate(ro, "wangfang", "wrong1234", now=T0)
        assert users.authenticate(ro, "wangfang", PASSWORD, now=T0).role == "officer"
    finally:
        ro.close()
