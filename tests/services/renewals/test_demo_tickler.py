"""On a (small) demo portfolio: the tickler shows every bucket, and a demo loan renews end to end."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from workbench.services import lending, maturities, renewals, workflow
from workbench.services.demo import DemoSpec, build_demo_portfolio
from workbench.store import open_db

AS_OF = date(2025, 3, 31)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_portfolio(path, DemoSpec(clients=300, as_of=AS_OF))
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_db(path)
    yield db
    db.close()


def test_tickler_has_every_bucket_and_renewals_in_progress(demo):
    counts = maturities.tickler_counts(demo, AS_OF)
    assert all(counts[b]["count"] > 0 for b in maturities.BUCKETS), counts
    rows = maturities.tickler(demo, AS_OF)
    assert len(rows) == counts["total"]["count"]
    assert {r["renewal_status"] for r in rows} - {"none"}, "some renewal applications in progress"
    assert {r["overdue_band"] for r in rows if r["bucket"] == "overdue"} >= {"1-90", "91-270"}
    alerts = maturities.maturity_alerts(demo, AS_OF)
    assert alerts["renewals_waiting"] > 0 and alerts["overdue"] == counts["overdue"]["count"]


def test_a_demo_loan_renews_end_to_end(demo):
    row = next(r for r in maturities.tickler(demo, AS_OF, bucket="d30", renewal="none")
               if r["classification"] == "normal")
    officer = demo.execute("SELECT username FROM users WHERE role = 'officer' LIMIT 1").fetchone()[0]
    app_id = renewals.start_renewal(demo, officer, row["loan_id"], "renewal", today=AS_OF)
    workflow.act(demo, officer, app_id, "submit", today=AS_OF)
    workflow.act(demo, "lijun", app_id, "take_review", today=AS_OF)
    workflow.act(demo, "lijun", app_id, "pass_review", opinion="同意", today=AS_OF)
    app = workflow.act(demo, "zhaomin", app_id, "approve", opinion="同意", today=AS_OF)
    new = lending.drawdown(demo, officer, app["credit_line"]["id"], app["approved_amount_fen"],
                           drawdown_date=AS_OF + timedelta(days=1))
    assert demo["loans"].get(row["loan_id"])["status"] == "closed"
    assert [h["new_loan_id"] for h in renewals.renewal_history(demo, loan_id=row["loan_id"])] == [new]
    assert row["loan_id"] not in {r["loan_id"] for r in maturities.tickler(demo, AS_OF)}
