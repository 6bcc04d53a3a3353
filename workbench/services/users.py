"""Local user accounts: roles, argon2 password hashes, login with lockout.

Roles: officer 客户经理, reviewer 风险审查, approver 审批人, admin 管理员.
Passwords: at least 8 characters with at least one letter and one digit.
Login: 5 wrong passwords in a row lock the account for 15 minutes.

Admin-only operations (create, deactivate, reset password, unlock) check the actor's
role; while the portfolio has no active admin at all, anyone may create the
first accounts (bootstrapping a fresh file from the command line).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

import argon2
import sqlite_utils

from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.store import audit

ROLES: tuple[str, ...] = ("officer", "reviewer", "approver", "admin")
ROLE_LABELS_ZH = {"officer": "客户经理", "reviewer": "风险审查", "approver": "审批人", "admin": "管理员"}
ROLE_LABELS_EN = {"officer": "Loan officer", "reviewer": "Risk reviewer", "approver": "Approver", "admin": "Administrator"}
MAX_FAILED_ATTEMPTS = 5
LOCKOUT_MINUTES = 15
LOCKOUT = timedelta(minutes=LOCKOUT_MINUTES)
MIN_PASSWORD_LENGTH = 8

_HASHER = argon2.PasswordHasher()


@dataclass(frozen=True)
class User:
    """An account as the rest of the workbench sees it (no hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    must_change_password: bool = False
    branch: str | None = None
    locked_until: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _row(db: sqlite_utils.Database, username: str) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username]))
    return rows[0] if rows else None


def _user(row: dict) -> User:
    return User(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        active=bool(row["active"]),
        must_change_password=bool(row["must_change_password"]),
        branch=row["branch"],
        locked_until=row["locked_until"],
    )


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "password_hash"}


def get_user(db: sqlite_utils.Database, username: str) -> User:
    """The account ``username``; raises NotFound."""
    row = _row(db, username)
    if row is None:
        raise NotFound("user_not_found", f"用户“{username}”不存在", f"user {username!r} does not exist", "username")
    return _user(row)


def find_user(db: sqlite_utils.Database, username: str) -> User | None:
    """The account ``username`` or None."""
    row = _row(db, username)
    return _user(row) if row else None


def list_users(db: sqlite_utils.Database, include_inactive: bool = True) -> list[User]:
    """All accounts ordered by role then username."""
    sql = "SELECT * FROM users" + ("" if include_inactive else " WHERE active = 1") + " ORDER BY role, username"
    return [_user(r) for r in db.query(sql)]


def role_of(db: sqlite_utils.Database, username: str) -> str:
    """The role of an active account; raises PermissionDenied for unknown or inactive users."""
    row = _row(db, username)
    if row is None or not row["active"]:
        raise PermissionDenied(
            "unknown_user",
            f"用户“{username}”不存在或已停用，无权操作",
            f"user {username!r} does not exist or is deactivated",
            "actor",
        )
    return row["role"]


def display_name_of(db: sqlite_utils.Database, username: str) -> str:
    """The display name (e.g. 王芳) for ``username``, or the username itself when unknown."""
    row = _row(db, username)
    return row["display_name"] if row else username


def validate_password(password: str) -> None:
    """Raise ValidationError unless ``password`` has ≥ 8 characters with letters and digits."""
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password_too_short",
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符",
            f"the password needs at least {MIN_PASSWORD_LENGTH} characters",
            "password",
        )
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        raise ValidationError(
            "password_too_simple",
            "密码必须同时包含字母和数字",
            "the password must contain both letters and digits",
            "password",
        )


def _has_admin(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0] > 0


def may_manage_users(db: sqlite_utils.Database, actor: str) -> bool:
    """True when ``actor`` may create, reset, (de)activate and unlock accounts.

    That is an active admin, or anyone while the portfolio has no active admin.
    """
    try:
        _require_admin(db, actor)
    except PermissionDenied:
        return False
    return True


def _require_admin(db: sqlite_utils.Database, actor: str) -> None:
    if not _has_admin(db):
        return  # bootstrapping: no admin yet
    if role_of(db, actor) != "admin":
        raise PermissionDenied(
            "admin_only", "只有管理员可以管理用户账户", "only an administrator may manage user accounts", "actor"
        )


def create_user(
    db: sqlite_utils.Database,
    actor: str,
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    *,
    branch: str | None = None,
    must_change_password: bool = False,
) -> int:
    """Create an account (admin only, or anyone while there is no admin); returns its id.

    ``password`` None creates an account that cannot log in to the window
    (headless identities). Raises ValidationError, PermissionDenied.
    """
    username = (username or "").strip()
    display_name = (display_name or "").strip() or username
    if not username:
        raise ValidationError("username_required", "用户名不能为空", "a username is required", "username")
    if role not in ROLES:
        raise ValidationError(
            "bad_role", f"角色“{role}”无效（应为 {'/'.join(ROLES)}）", f"unknown role {role!r} (expected {'/'.join(ROLES)})", "role"
        )
    if password is not None:
        validate_password(password)
    _require_admin(db, actor)
    if _row(db, username) is not None:
        raise ValidationError("username_taken", f"用户名“{username}”已存在", f"username {username!r} is already taken", "username")
    password_hash = _HASHER.hash(password) if password is not None else None
    with db.atomic():
        row = {
            "username": username,
            "display_name": display_name,
            "role": role,
            "password_hash": password_hash,
            "active": 1,
            "failed_attempts": 0,
            "must_change_password": int(must_change_password),
            "branch": branch,
            "created_at": audit.utc_now(),
        }
        user_id = db["users"].insert(row).last_pk
        audit.record(db, actor, "user.create", "users", user_id, None, _public(row))
    return user_id


def ensure_headless_user(db: sqlite_utils.Database, name: str) -> User:
    """The account headless commands act as; created as an officer without password when unknown.

    ``name`` is ``--user`` or the operating-system account name, recorded as given.
    """
    existing = _row(db, name)
    if existing is not None:
        return _user(existing)
    with db.atomic():
        row = {
            "username": name,
            "display_name": name,
            "role": "officer",
            "password_hash": None,
            "active": 1,
            "failed_attempts": 0,
            "must_change_password": 0,
            "branch": None,
            "created_at": audit.utc_now(),
        }
        user_id = db["users"].insert(row).last_pk
        audit.record(db, name, "user.create_headless", "users", user_id, None, _public(row))
    return get_user(db, name)


def _login_failed(code: str) -> PermissionDenied:
    # One message for unknown user and wrong password: do not reveal which usernames exist.
    return PermissionDenied(code, "用户名或密码错误", "wrong username or password", "password")


def authenticate(db: sqlite_utils.Database, username: str, password: str, now: datetime | None = None) -> User:
    """Check a login; returns the User or raises PermissionDenied.

    Codes: ``bad_credentials``, ``locked`` (values: locked_until), ``inactive``.
    The fifth wrong password in a row locks the account for 15 minutes.
    """
    moment = _now(now)
    row = _row(db, (username or "").strip())
    if row is None or row["password_hash"] is None:
        raise _login_failed("bad_credentials")
    if not row["active"]:
        raise PermissionDenied("inactive", "该账户已停用", "this account is deactivated", "username")
    if row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > moment:
        until = datetime.fromisoformat(row["locked_until"])
        minutes = max(1, int((until - moment).total_seconds() + 59) // 60)
        raise PermissionDenied(
            "locked",
            f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试",
            f"too many wrong passwords: the account is locked, try again in {minutes} minutes",
            "username",
            locked_until=row["locked_until"],
        )
    try:
        _HASHER.verify(row["password_hash"], password or "")
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        failed = row["failed_attempts"] + 1
        try:
            _count_failure(db, row, failed, moment)
        except sqlite3.OperationalError:  # a read-only portfolio cannot count failures
            pass
        else:
            if failed >= MAX_FAILED_ATTEMPTS:  # this try locked it: say so now, not at the sixth
                raise PermissionDenied(
                    "locked",
                    f"密码错误 {failed} 次，账户已锁定 {LOCKOUT_MINUTES} 分钟",
                    f"{failed} wrong passwords: the account is locked for {LOCKOUT_MINUTES} minutes",
                    "username",
                ) from None
        raise _login_failed("bad_credentials") from None
    updates = {"failed_attempts": 0, "locked_until": None}
    if _HASHER.check_needs_rehash(row["password_hash"]):
        updates["password_hash"] = _HASHER.hash(password)
    if row["failed_attempts"] or row["locked_until"] or "password_hash" in updates:
        try:
            with db.atomic():
                db["users"].update(row["id"], updates)
        except sqlite3.OperationalError:
            pass
    return get_user(db, row["username"])


def _count_failure(db: sqlite_utils.Database, row: dict, failed: int, moment: datetime) -> None:
    """One more wrong password; the fifth in a row locks the account (audited)."""
    with db.atomic():
        if failed >= MAX_FAILED_ATTEMPTS:
            locked_until = (moment + LOCKOUT).isoformat()
            db.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?", [locked_until, row["id"]]
            )
            audit.record(
                db, row["username"], "user.locked", "users", row["id"],
                {"locked_until": row["locked_until"]}, {"locked_until": locked_until},
                reason=f"{MAX_FAILED_ATTEMPTS} failed logins",
            )
        else:
            db.execute("UPDATE users SET failed_attempts = ? WHERE id = ?", [failed, row["id"]])


def reset_password(
    db: sqlite_utils.Database, actor: str, username: str, new_password: str, *, must_change: bool = True
) -> None:
    """Admin sets a new password (and unlocks); the user must change it at next login by default."""
    validate_password(new_password)
    _require_admin(db, actor)
    row = _row(db, username)
    if row is None:
        raise NotFound("user_not_found", f"用户“{username}”不存在", f"user {username!r} does not exist", "username")
    with db.atomic():
        db["users"].update(
            row["id"],
            {
                "password_hash": _HASHER.hash(new_password),
                "failed_attempts": 0,
                "locked_until": None,
                "must_change_password": int(must_change),
            },
        )
        audit.record(
            db, actor, "user.reset_password", "users", row["id"],
            {"locked_until": row["locked_until"], "must_change_password": row["must_change_password"]},
            {"locked_until": None, "must_change_password": int(must_change)},
        )


def change_password(db: sqlite_utils.Database, username: str, old_password: str, new_password: str) -> None:
    """The user changes their own password (the old one must be right)."""
    authenticate(db, username, old_password)
    validate_password(new_password)
    row = _row(db, username)
    with db.atomic():
        db["users"].update(row["id"], {"password_hash": _HASHER.hash(new_password), "must_change_password": 0})
        audit.record(db, username, "user.change_password", "users", row["id"], None, {"must_change_password": 0})


def set_active(db: sqlite_utils.Database, actor: str, username: str, active: bool) -> None:
    """Admin deactivates (or reactivates) an account; an admin cannot deactivate themselves."""
    _require_admin(db, actor)
    row = _row(db, username)
    if row is None:
        raise NotFound("user_not_found", f"用户“{username}”不存在", f"user {username!r} does not exist", "username")
    if not active and username == actor:
        raise ValidationError("self_deactivate", "不能停用自己的账户", "you cannot deactivate your own account", "username")
    with db.atomic():
        db["users"].update(row["id"], {"active": int(active)})
        audit.record(db, actor, "user.activate" if active else "user.deactivate", "users", row["id"],
                     {"active": row["active"]}, {"active": int(active)})


def deactivate_user(db: sqlite_utils.Database, actor: str, username: str) -> None:
    """Admin deactivates an account (it can no longer log in or act)."""
    set_active(db, actor, username, False)


def is_locked(locked_until: str | None, now: datetime | None = None) -> bool:
    """True while a lockout set at ``locked_until`` (UTC ISO text, or None) still lasts at ``now``."""
    return bool(locked_until) and datetime.fromisoformat(locked_until) > _now(now)


def list_accounts(db: sqlite_utils.Database, now: datetime | None = None) -> list[dict]:
    """Every account for the admin screen, ordered by username.

    Keys: id, username, display_name, role, active (bool), locked_until (None
    unless locked at ``now``), can_log_in (has a password), must_change_password
    (bool), branch, created_at. Never the hash.
    """
    rows = db.query(
        "SELECT id, username, display_name, role, active, locked_until, password_hash IS NOT NULL AS can_log_in,"
        " must_change_password, branch, created_at FROM users ORDER BY username"
    )
    accounts = []
    for row in rows:
        row["active"] = bool(row["active"])
        row["can_log_in"] = bool(row["can_log_in"])
        row["must_change_password"] = bool(row["must_change_password"])
        if not is_locked(row["locked_until"], now):
            row["locked_until"] = None
        accounts.append(row)
    return accounts


def unlock_user(db: sqlite_utils.Database, actor: str, username: str) -> bool:
    """Admin lifts a lockout and clears the failed-login count (audited).

    Returns False (and writes nothing) when the account was neither locked nor
    had failed attempts. Raises NotFound, PermissionDenied.
    """
    _require_admin(db, actor)
    row = _row(db, username)
    if row is None:
        raise NotFound("user_not_found", f"用户“{username}”不存在", f"user {username!r} does not exist", "username")
    if row["locked_until"] is None and row["failed_attempts"] == 0:
        return False
    with db.atomic():
        db["users"].update(row["id"], {"locked_until": None, "failed_attempts": 0})
        audit.record(
            db, actor, "user.unlock", "users", row["id"],
            {"locked_until": row["locked_until"], "failed_attempts": row["failed_attempts"]},
            {"locked_until": None, "failed_attempts": 0},
        )
    return True


def is_demo_portfolio(db: sqlite_utils.Database) -> bool:
    """True for a portfolio generated by ``workbench --demo`` (it records its seed in settings)."""
    return db.execute("SELECT 1 FROM settings WHERE key = 'demo_seed'").fetchone() is not None


def needs_first_admin(db: sqlite_utils.Database) -> bool:
    """True when no account can log in yet (a brand-new portfolio)."""
    return db.execute("SELECT count(*) FROM users WHERE password_hash IS NOT NULL AND active = 1").fetchone()[0] == 0
