"""Fixtures for maturities, renewals and classification: users, clients, loans on a fixed clock."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.domain.schedule import add_months
from workbench.store import audit

TODAY = date(2025, 3, 10)
USERS = [
    ("wangfang", "王芳", "officer"),
    ("liuqiang", "刘强", "officer"),
    ("lijun", "李军", "reviewer"),
    ("zhaomin", "赵敏", "approver"),
    ("admin", "管理员", "admin"),
]
_uscc_seq = iter(range(10_000, 99_999))


def add_client(db, name="杭州青禾食品有限公司", **extra) -> int:
    now = audit.utc_now()
    row = {"uscc": f"91330100MA2X{next(_uscc_seq):05d}X", "name": name, "entity_type": "enterprise", "size_class": "small",
           "industry": "制造业", "officer": "王芳", "still_operating": 1, "created_at": now, "updated_at": now} | extra
    return db["clients"].insert(row).last_pk


_loan_seq = iter(range(1, 1_000_000))


def add_loan(db, client_id, maturity: date, **extra) -> int:
    """An imported-style active loan (no application) maturing on ``maturity``."""
    now = audit.utc_now()
    n = next(_loan_seq)
    row = {"loan_no": f"HX{n:08d}", "client_id": client_id, "product": "流动资金贷款", "amount_fen": 100_000_000,
           "balance_fen": 80_000_000, "drawdown_date": add_months(maturity, -12).isoformat(),
           "maturity_date": maturity.isoformat(), "rate_bp": 385, "spread_bp": 75, "lpr_bp": 310,
           "repayment_method": "interest_only", "guarantee_type": "credit", "classification": "normal",
           "status": "active", "officer": "王芳", "source": "import", "created_at": now, "updated_at": now} | extra
    return db["loans"].insert(row).last_pk


@pytest.fixture
def rdb(db):
    """A fresh portfolio with users (no passwords needed) and one small manufacturing client (``rdb.client_id``)."""
    now = audit.utc_now()
    db["users"].insert_all([
        {"username": u, "display_name": d, "role": r, "password_hash": None, "active": 1, "failed_attempts": 0,
         "must_change_password": 0, "created_at": now} for u, d, r in USERS
    ])
    db.client_id = add_client(db)
    return db


def approve(db, app_id: int, today: date = TODAY) -> int:
    """Walk an application through the chain; returns its credit line id."""
    from workbench.services import workflow

    workflow.act(db, "wangfang", app_id, "submit", today=today)
    workflow.act(db, "lijun", app_id, "take_review", today=today)
    workflow.act(db, "lijun", app_id, "pass_review", opinion="同意", today=today)
    app = workflow.act(db, "zhaomin", app_id, "approve", opinion="同意续贷", today=today)
    return app["credit_line"]["id"]


def audit_rows(db, table: str, row_id: int | None = None) -> list[dict]:
    sql = "SELECT * FROM audit_log WHERE table_name = ?" + (" AND row_id = ?" if row_id is not None else "") + " ORDER BY id"
    return list(db.query(sql, [table] + ([row_id] if row_id is not None else [])))

