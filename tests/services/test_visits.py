"""Visits: validation, audit, derived list status, filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.shell_fixtures import add_client
from workbench.services.errors import ValidationError
from workbench.services.visits import VisitFilter, count_visits, get_visit, list_visits, save_visit


def _visit(cid, **extra):
    return {"client_id": cid, "visit_date": date(2026, 3, 2), "officer": "王芳", "finding": "need",
            "amount_needed_fen": 5_000_000} | extra


def test_save_visit_audits_and_derives_status(db):
    cid = add_client(db, "杭州鑫瑞科技有限公司", 1)
    vid = save_visit(db, "wangfang", _visit(cid, declared=True, screen_real_need=True))
    row = list_visits(db)[0]
    assert (row["id"], row["declared"], row["screening_passed"], row["credit_granted"], row["loan_issued"]) == (vid, 1, 1, 0, 0)
    assert get_visit(db, vid)["declared_on"] == date.today().isoformat()
    db["credit_lines"].insert({"line_no": "C1", "client_id": cid, "limit_fen": 10_000_000, "start_date": "2026-03-10",
                               "expiry_date": "2027-03-10", "created_at": "x"})
    assert list_visits(db)[0]["credit_granted"] == 1
    save_visit(db, "lijun", _visit(cid, declared=True, recommended=True), visit_id=vid)
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log WHERE table_name = 'visits' ORDER BY id")]
    assert actions == ["create", "update"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"client_id": 999}, "client_id"),
        ({"visit_date": date.today() + timedelta(days=1)}, "visit_date"),
        ({"officer": " "}, "officer"),
        ({"finding": "maybe"}, "finding"),
        ({"amount_needed_fen": None}, "amount_needed_fen"),
        ({"amount_needed_fen": 1.5}, "amount_needed_fen"),
        ({"recommended": True}, "recommended"),
    ],
)
def test_bad_visits_are_refused_at_the_field(db, change, field):
    cid = add_client(db, "杭州鑫瑞科技有限公司", 1)
    with pytest.raises(ValidationError) as err:
        save_visit(db, "wangfang", _visit(cid) | change)
    assert err.value.field == field and err.value.message_zh and err.value.message_en
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


def test_filters_by_period_and_officer(db):
    cid = add_client(db, "杭州鑫瑞科技有限公司", 1)
    save_visit(db, "a", _visit(cid, visit_date=date(2026, 1, 5)))
    save_visit(db, "a", _visit(cid, visit_date=date(2026, 2, 5), officer="刘强"))
    save_visit(db, "a", _visit(cid, visit_date=date(2026, 2, 20), finding="no_need"))
    feb = VisitFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    assert [r["visit_date"] for r in list_visits(db, feb)] == ["2026-02-20", "2026-02-05"]
    assert count_visits(db, VisitFilter(officer="刘强")) == 1
    first = list_visits(db, feb, limit=1)
    assert list_visits(db, feb, limit=1, after=first[-1]["_key"])[0]["officer"] == "刘强"
    assert list_visits(db, VisitFilter(finding="no_need"))[0]["amount_needed_fen"] is None


def test_link_application_to_visit(db):
    from workbench.services.visits import link_application

    a = add_client(db, "杭州鑫瑞科技有限公司", 1)
    b = add_client(db, "宁波海通贸易有限公司", 2)
    va, vb = save_visit(db, "x", _visit(a)), save_visit(db, "x", _visit(b))
    app_id = db["applications"].insert({
        "app_no": "A1", "client_id": a, "product": "p", "amount_fen": 1, "term_months": 12, "lpr_bp": 310,
        "rate_bp": 385, "repayment_method": "annuity", "guarantee_type": "credit", "created_by": "x",
        "created_at": "x", "updated_at": "x"}).last_pk
    with pytest.raises(ValidationError):
        link_application(db, "wangfang", app_id, vb)
    link_application(db, "wangfang", app_id, va)
    assert db.execute("SELECT visit_id FROM applications WHERE id = ?", [app_id]).fetchone()[0] == va
    last = db.execute("SELECT action, row_id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("link_visit", app_id)


def test_keyset_pages_add_up_to_the_whole(db):
    """Pages continue after the last row (visit date, id): same-day visits are neither lost nor repeated."""
    cid = add_client(db, "杭州鑫瑞科技有限公司", 1)
    for i in range(23):
        save_visit(db, "a", _visit(cid, visit_date=date(2026, 1, 1) + timedelta(days=i // 4),
                                   officer="刘强" if i % 3 else "王芳"))
    for flt in (VisitFilter(), VisitFilter(officer="刘强"), VisitFilter(date_from=date(2026, 1, 2))):
        whole = [r["id"] for r in list_visits(db, flt)]
        paged, after = [], None
        while page := list_visits(db, flt, limit=4, after=after):
            paged += [r["id"] for r in page]
            after = page[-1]["_key"]
        assert paged == whole and len(whole) == count_visits(db, flt) > 4


def test_visit_pages_are_keyset_queries(db):
    """A deep page is an index range read (no OFFSET re-reading the rows before it)."""
    cid = add_client(db, "杭州鑫瑞科技有限公司", 1)
    for i in range(5):
        save_visit(db, "a", _visit(cid, visit_date=date(2026, 1, 1) + timedelta(days=i)))
    last = list_visits(db, limit=2)[-1]["_key"]
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        rows = list_visits(db, limit=2, after=last)
    finally:
        db.conn.set_trace_callback(None)
    assert [r["visit_date"] for r in rows] == ["2026-01-03", "2026-01-02"]
    query = next(q for q in seen if "FROM visits" in q)
    assert "OFFSET" not in query.upper() and "(v.visit_date, v.id) <" in query
    plan = " ".join(str(r[-1]) for r in db.execute("EXPLAIN QUERY PLAN " + query))
    assert "idx_visits_date" in plan, plan
