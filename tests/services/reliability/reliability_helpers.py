"""Helpers for the reliability tests: valid USCCs and a small audited portfolio."""

from __future__ import annotations

from stdnum.cn import uscc as uscc_mod

from workbench.store import audit


def make_uscc(n: int) -> str:
    """A valid USCC numbered ``n`` (checksum by python-stdnum)."""
    body = f"91330100{n:09d}"
    return body + uscc_mod.calc_check_digit(body)


def populate(db, clients: int = 5, loans: int = 3, actor: str = "tester") -> None:
    """Insert ``clients`` clients and ``loans`` loans (each audited) in one transaction."""
    now = audit.utc_now()
    start = db.execute("SELECT coalesce(max(id), 0) FROM clients").fetchone()[0]
    first_loan = db.execute("SELECT coalesce(max(id), 0) FROM loans").fetchone()[0]
    with db.atomic():
        for i in range(start, start + clients):
            row = {"uscc": make_uscc(i + 1), "name": f"测试企业{i}", "created_at": now, "updated_at": now,
                   "phone": "13812345678", "legal_rep_id": "11010519491231002X"}
            cid = db["clients"].insert(row).last_pk
            audit.record(db, actor, "insert", "clients", cid, None, row, client_id=cid)
        for i in range(first_loan, first_loan + loans):
            row = {"loan_no": f"L{i:04d}", "client_id": 1, "amount_fen": 100_000_00, "balance_fen": 50_000_00,
                   "drawdown_date": "2026-01-15", "maturity_date": "2027-01-15", "rate_bp": 385,
                   "repayment_method": "annuity", "guarantee_type": "credit", "created_at": now, "updated_at": now}
            lid = db["loans"].insert(row).last_pk
            audit.record(db, actor, "insert", "loans", lid, None, row, client_id=1)


def corrupt_an_index(path) -> None:
    """Damage one index page (a failing disk), a page nothing reads at start: only the quick_check finds it."""
    from workbench.store import open_db

    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'idx_clients_size'").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))
