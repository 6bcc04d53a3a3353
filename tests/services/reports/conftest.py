"""A tiny portfolio built by hand; the tests work out the right answers themselves.

Period of interest: 2025-03 (D = 2025-03-31, start of year 2024-12-31, a year
earlier 2024-03-31). Money in fen.
"""

from __future__ import annotations

from datetime import date

import argon2
import pytest

NOW = "2025-04-02T01:00:00+00:00"
TODAY = date(2025, 4, 2)
EVIL = '=HYPERLINK("http://x","y")'
PASSWORD = "demo1234"
# a real argon2 hash, made cheap: only its presence matters to the reports (a person who can log in)
PASSWORD_HASH = argon2.PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(PASSWORD)
# username, display name, role (all with a password)
USERS = [
    ("wangfang", "王芳", "officer"),
    ("liuqiang", "刘强", "officer"),
    ("lijun", "李军", "reviewer"),
    ("admin", "管理员", "admin"),
]

# id, name, entity_type, size_class, industry, officer, legal_rep_id, phone
CLIENTS = [
    (1, "甲商贸有限公司", "enterprise", "micro", "零售业", "王芳", "330102199001011234", "13812345678"),
    (2, "乙机械制造有限公司", "enterprise", "small", "工业", "刘强", None, "13900001111"),
    (3, "丙建设集团有限公司", "enterprise", "medium", "建筑业", "王芳", None, None),
    (4, "丁记小吃店", "individual_business", None, None, "刘强", "330102198505051234", None),
    (5, "戊物流有限公司", "enterprise", "micro", "交通运输业", "王芳", None, None),
    (6, EVIL, "enterprise", "small", "零售业", "王芳", None, "13700002222"),
]

# id, client, loan_no, amount, drawdown, maturity, rate_bp, method, guarantee, status, balance_now,
# classification_now, overdue_now, credit_line_id, application_id, closed_on
LOANS = [
    (1, 1, "L1", 50_000_000, "2024-03-15", "2025-03-15", 385, "interest_only", "credit", "closed", 0, "normal", 0, None, None, "2025-03-15"),
    (2, 2, "L2", 100_000_000, "2024-06-01", "2025-06-01", 420, "annuity", "mortgage", "active", 90_000_000, "substandard", 100, None, None, None),
    (3, 3, "L3", 300_000_000, "2023-01-01", "2026-01-01", 450, "equal_principal", "guarantee", "active", 200_000_000, "normal", 0, None, None, None),
    (4, 4, "L4", 12_345_678, "2025-03-05", "2026-03-05", 365, "revolving", "credit", "active", 12_000_000, "normal", 0, 2, 1, None),
    (5, 5, "L5", 500_000_000, "2024-10-01", "2025-03-31", 400, "interest_only", "mortgage", "active", 500_000_000, "normal", 0, 1, None, None),
    (6, 6, "L6", 20_000_000, "2024-01-10", "2025-03-20", 430, "annuity", "guarantee", "active", 15_000_000, "special", 11, None, None, None),
    (7, 1, "L7", 40_000_000, "2025-03-15", "2026-03-15", 380, "interest_only", "guarantee", "active", 40_000_000, "normal", 0, None, 2, None),
    (8, 2, "L8", 10_000_000, "2023-05-01", "2024-05-01", 450, "annuity", "credit", "closed", 0, "normal", 0, None, None, "2024-05-01"),
    (9, 3, "L9", 5_000_000, "2024-03-25", "2025-03-25", 400, "interest_only", "mortgage", "closed", 0, "normal", 0, None, None, "2025-03-25"),
]

# loan, as_of, balance, overdue_days, classification   (L4 has none: measured from its own record)
HISTORY = [
    (1, "2024-03-31", 50_000_000, 0, "normal"),
    (1, "2024-12-31", 40_000_000, 0, "normal"),
    (1, "2025-03-15", 0, 0, "normal"),
    (2, "2024-12-31", 100_000_000, 0, "normal"),
    (2, "2025-03-31", 90_000_000, 100, "substandard"),
    (3, "2024-03-31", 300_000_000, 0, "normal"),
    (3, "2024-12-31", 250_000_000, 0, "normal"),
    (3, "2025-03-31", 200_000_000, 0, "normal"),
    (5, "2024-12-31", 500_000_000, 0, "normal"),
    (5, "2025-03-31", 500_000_000, 0, "normal"),
    (6, "2024-03-31", 20_000_000, 0, "normal"),
    (6, "2024-12-31", 15_000_000, 0, "normal"),
    (6, "2025-03-31", 15_000_000, 11, "special"),
    (7, "2025-03-31", 40_000_000, 0, "normal"),
    (8, "2024-03-31", 10_000_000, 0, "normal"),
    (8, "2024-05-01", 0, 0, "normal"),
    (9, "2024-03-31", 5_000_000, 0, "normal"),
    (9, "2024-12-31", 5_000_000, 0, "normal"),
    (9, "2025-03-25", 0, 0, "normal"),
]

# client, date, officer, finding, declared_on, recommended_on
VISITS = [
    (1, "2025-03-02", "王芳", "need", "2025-03-03", "2025-03-05"),
    (4, "2025-03-01", "刘强", "need", "2025-03-02", "2025-03-03"),
    (6, "2025-03-10", "王芳", "no_need", None, None),
    (2, "2025-02-20", "刘强", "need", None, None),
    (1, "2025-03-20", "王芳", "need", None, None),
]

# id, app_no, client, kind, renews_loan_id, amount, created_by, submitted_at, status
APPLICATIONS = [
    (1, "A1", 4, "new", None, 15_000_000, "liuqiang", "2025-03-02T02:00:00+00:00", "approved"),
    (2, "A2", 1, "no_principal", 1, 40_000_000, "wangfang", "2025-03-10T02:00:00+00:00", "approved"),
    (3, "A3", 5, "renewal", 5, 500_000_000, "wangfang", "2025-03-25T02:00:00+00:00", "under_review"),
    (4, "A4", 6, "new", None, 20_000_000, "wangfang", "2025-02-28T20:00:00+00:00", "submitted"),  # 2025-03-01 in Beijing
]

# id, line_no, client, application, limit, start, expiry
LINES = [
    (1, "CL1", 5, None, 1_200_000_000, "2024-09-01", "2025-09-01"),
    (2, "CL2", 4, 1, 15_000_000, "2025-03-04", "2026-03-04"),
]


def build_portfolio(db) -> None:
    """Insert the tiny portfolio above into ``db``."""
    with db.atomic():
        db["settings"].insert_all([{"key": "bank_name", "value": "示范农商银行"}, {"key": "branch_name", "value": "城东支行"}])
        db["users"].insert_all(
            [{"username": u, "display_name": n, "role": r, "password_hash": PASSWORD_HASH, "created_at": NOW}
             for u, n, r in USERS]
        )
        for cid, name, et, size, industry, officer, rep_id, phone in CLIENTS:
            db["clients"].insert(
                {
                    "id": cid, "uscc": f"91330100MA2{cid:07d}", "name": name, "entity_type": et, "size_class": size,
                    "industry": industry, "officer": officer, "legal_rep": "张三", "legal_rep_id": rep_id,
                    "phone": phone, "created_at": NOW, "updated_at": NOW,
                }
            )
        for v in VISITS:
            db["visits"].insert(
                {
                    "client_id": v[0], "visit_date": v[1], "officer": v[2], "finding": v[3],
                    "declared": int(v[4] is not None), "declared_on": v[4],
                    "recommended": int(v[5] is not None), "recommended_on": v[5],
                    "created_by": "wangfang", "created_at": NOW,
                }
            )
        for aid, no, cid, kind, renews, amount, by, submitted, status in APPLICATIONS:
            if renews is not None:
                continue  # inserted after the loans they renew
            _application(db, aid, no, cid, kind, renews, amount, by, submitted, status)
        for lid, no, cid, app, limit, start, expiry in LINES:
            db["credit_lines"].insert(
                {"id": lid, "line_no": no, "client_id": cid, "application_id": app, "limit_fen": limit,
                 "start_date": start, "expiry_date": expiry, "created_at": NOW}
            )
        for row in LOANS:
            if row[14] is None or row[14] == 1:
                _loan(db, row)
        for aid, no, cid, kind, renews, amount, by, submitted, status in APPLICATIONS:
            if renews is not None:
                _application(db, aid, no, cid, kind, renews, amount, by, submitted, status)
        for row in LOANS:
            if row[14] not in (None, 1):
                _loan(db, row)
        for loan_id, as_of, bal, od, cls in HISTORY:
            db["balance_history"].insert(
                {"loan_id": loan_id, "as_of": as_of, "balance_fen": bal, "overdue_days": od, "classification": cls, "source": "import"}
            )
        db["repayments"].insert(
            {"loan_id": 4, "paid_on": "2025-03-20", "principal_fen": 345_678, "recorded_by": "liuqiang", "recorded_at": NOW}
        )
        db["renewals"].insert(
            {"old_loan_id": 1, "new_loan_id": 7, "application_id": 2, "kind": "no_principal", "created_at": NOW, "completed_at": NOW}
        )


def _application(db, aid, no, cid, kind, renews, amount, by, submitted, status) -> None:
    db["applications"].insert(
        {
            "id": aid, "app_no": no, "client_id": cid, "kind": kind, "renews_loan_id": renews, "product": "经营贷",
            "amount_fen": amount, "term_months": 12, "lpr_bp": 310, "rate_bp": 380, "repayment_method": "annuity",
            "guarantee_type": "credit", "status": status, "created_by": by, "created_at": submitted,
            "updated_at": submitted, "submitted_at": submitted,
        }
    )


def _loan(db, row) -> None:
    (lid, cid, no, amount, drawn, matures, rate, method, guarantee, status, bal, cls, od, line, app, closed) = row
    officer = next(c[5] for c in CLIENTS if c[0] == cid)
    db["loans"].insert(
        {
            "id": lid, "loan_no": no, "client_id": cid, "credit_line_id": line, "application_id": app, "amount_fen": amount,
            "balance_fen": bal, "drawdown_date": drawn, "maturity_date": matures, "rate_bp": rate,
            "repayment_method": method, "guarantee_type": guarantee, "overdue_days": od, "classification": cls,
            "status": status, "officer": officer, "closed_on": closed, "source": "import" if lid != 4 else "workbench",
            "created_at": NOW, "updated_at": NOW,
        }
    )


@pytest.fixture
def portfolio_db(db):
    """The tiny portfolio in a fresh database file."""
    build_portfolio(db)
    return db
