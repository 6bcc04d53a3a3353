"""``workbench --db PATH tickler``: JSON and text, filters, refused input."""

from __future__ import annotations

import json
from datetime import date, timedelta

from workbench.cli import main
from workbench.store import audit, open_db

TODAY = date(2025, 3, 10)


def _portfolio(path):
    db = open_db(path)
    now = audit.utc_now()
    cid = db["clients"].insert({"uscc": "91330100MA2XXXXX01", "name": "杭州青禾食品有限公司", "officer": "王芳",
                                "created_at": now, "updated_at": now}).last_pk
    for n, (days, overdue) in enumerate([(-3, 0), (10, 0), (45, 0), (80, 0), (200, 100), (120, 0)]):
        db["loans"].insert({"loan_no": f"JJ{n:04d}", "client_id": cid, "amount_fen": 1_000_000, "balance_fen": 500_000 + n,
                            "drawdown_date": "2024-01-01", "maturity_date": (TODAY + timedelta(days=days)).isoformat(),
                            "rate_bp": 400, "repayment_method": "annuity", "guarantee_type": "credit",
                            "overdue_days": overdue, "classification": "substandard" if overdue else "normal",
                            "officer": "王芳", "created_at": now, "updated_at": now})
    db.close()


def test_json(tmp_path, capsys):
    path = tmp_path / "p.db"
    _portfolio(path)
    assert main(["--db", str(path), "tickler", "--as-of", "2025-03-10", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["loan_no"] for r in rows] == ["JJ0000", "JJ0001", "JJ0002", "JJ0003", "JJ0004"]  # by maturity; 120 days out excluded
    first = rows[0]
    assert {"loan_no", "client", "maturity_date", "days_left", "balance_fen", "classification", "bucket"} <= set(first)
    assert (first["client"], first["days_left"], first["balance_fen"], first["bucket"]) == ("杭州青禾食品有限公司", -3, 500_000, "overdue")
    assert [r["bucket"] for r in rows] == ["overdue", "d30", "d60", "d90", "overdue"]
    assert rows[-1]["classification"] == "substandard"


def test_within_and_text(tmp_path, capsys):
    path = tmp_path / "p.db"
    _portfolio(path)
    assert main(["--db", str(path), "tickler", "--as-of", "2025-03-10", "--within", "30"]) == 0
    out = capsys.readouterr().out
    assert "JJ0001" in out and "JJ0002" not in out
    assert "逾期/已到期" in out and "30天内到期" in out
    assert "5,000.01" in out  # JJ0001's balance in 元


def test_bad_date_refused(tmp_path, capsys):
    path = tmp_path / "p.db"
    _portfolio(path)
    assert main(["--db", str(path), "tickler", "--as-of", "10/03/2025"]) == 2
    assert "10/03/2025" in capsys.readouterr().err
