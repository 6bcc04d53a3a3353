"""Fixtures for the credit workflow: demo-like users, a client, a helper to draft applications."""

from __future__ import annotations

from datetime import date

import argon2
import pytest

from workbench.store import audit

PASSWORD = "demo1234"
TODAY = date(2025, 3, 10)
USERS = [
    ("wangfang", "王芳", "officer"),
    ("liuqiang", "刘强", "officer"),
    ("lijun", "李军", "reviewer"),
    ("zhouyu", "周宇", "reviewer"),
    ("zhaomin", "赵敏", "approver"),
    ("admin", "管理员", "admin"),
]


@pytest.fixture(scope="session")
def password_hash() -> str:
    # One argon2 hash for the session: hashing costs ~0.1 s each.
    return argon2.PasswordHasher().hash(PASSWORD)


def add_client(db, name="杭州青禾食品有限公司", uscc="91330100MA2XXXXX01", **extra) -> int:
    now = audit.utc_now()
    row = {"uscc": uscc, "name": name, "entity_type": "enterprise", "size_class": "small",
           "officer": "王芳", "created_at": now, "updated_at": now} | extra
    return db["clients"].insert(row).last_pk


@pytest.fixture
def cdb(db, password_hash):
    """A fresh portfolio with the demo users and one small-enterprise client (id in ``cdb.client_id``)."""
    now = audit.utc_now()
    db["users"].insert_all(
        [{"username": u, "display_name": d, "role": r, "password_hash": password_hash, "active": 1,
          "failed_attempts": 0, "must_change_password": 0, "created_at": now} for u, d, r in USERS]
    )
    db.client_id = add_client(db)
    return db


def draft(db, actor="wangfang", client_id=None, **overrides) -> int:
    from workbench.services.applications import create_application

    args = dict(product="流动资金贷款", amount_fen=50_000_000, term_months=12, repayment_method="annuity",
                guarantee_type="credit", spread_bp=50, purpose="采购原材料", today=TODAY)
    args.update(overrides)
    return create_application(db, actor, client_id or db.client_id, **args)


def audit_actions(db, table="applications", row_id=None) -> list[str]:
    sql = "SELECT action FROM audit_log WHERE table_name = ?" + (" AND row_id = ?" if row_id else "") + " ORDER BY id"
    return [r[0] for r in db.execute(sql, [table] + ([row_id] if row_id else []))]
