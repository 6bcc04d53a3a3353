"""One definition of a client's total credit, used everywhere (QA finding 5), and the inclusive
warning only where it is true (QA finding 12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workbench.services import clients, exposure
from workbench.services.application_context import application_context, exposure_context
from workbench.services.packet.data import load_packet_data
from workbench.services.reports.snapshot import client_credit_totals
from workbench.store import audit

from .conftest import add_client, draft

TODAY = date.today()  # the client list evaluates "today" in SQL, so the scenario is built around the real date


def add_line(db, client_id, limit_fen, start: date, expiry: date, no: str) -> int:
    return db["credit_lines"].insert({"line_no": no, "client_id": client_id, "limit_fen": limit_fen,
                                      "start_date": start.isoformat(), "expiry_date": expiry.isoformat(),
                                      "created_at": audit.utc_now()}).last_pk


def add_loan(db, client_id, amount_fen, balance_fen, line_id=None, status="active", no="HX1") -> int:
    now = audit.utc_now()
    closed_on = (TODAY - timedelta(days=10)).isoformat() if status == "closed" else None
    return db["loans"].insert({"closed_on": closed_on,
        "loan_no": no, "client_id": client_id, "credit_line_id": line_id, "amount_fen": amount_fen,
        "balance_fen": balance_fen, "drawdown_date": (TODAY - timedelta(days=500)).isoformat(),
        "maturity_date": (TODAY + timedelta(days=100)).isoformat(), "rate_bp": 385, "repayment_method": "interest_only",
        "guarantee_type": "credit", "status": status, "source": "import", "created_at": now, "updated_at": now}).last_pk


@pytest.fixture
def scenario(cdb):
    """The cases the two old definitions disagreed on, for one client; expected total 1,500,000.00 元."""
    c = cdb.client_id
    add_line(cdb, c, 100_000_000, TODAY - timedelta(days=30), TODAY + timedelta(days=300), "SX-A")  # in force: counts
    add_line(cdb, c, 50_000_000, TODAY - timedelta(days=800), TODAY - timedelta(days=400), "SX-B")  # expired, unused: no
    line_c = add_line(cdb, c, 30_000_000, TODAY - timedelta(days=800), TODAY - timedelta(days=30), "SX-C")
    add_loan(cdb, c, 30_000_000, 10_000_000, line_c, no="JJ-C")  # expired line still carrying a loan: its limit counts
    add_loan(cdb, c, 20_000_000, 5_000_000, no="HX-1")  # a loan outside any line: its amount counts
    add_loan(cdb, c, 90_000_000, 0, status="closed", no="HX-2")  # repaid: nothing
    return cdb


EXPECTED = 100_000_000 + 30_000_000 + 20_000_000


def test_list_record_application_packet_and_reports_agree(scenario):
    db, c = scenario, scenario.client_id
    assert exposure.total_credit_fen(db, [c], TODAY) == EXPECTED
    assert exposure.total_credit_fen(db, [c]) == EXPECTED  # SQLite's local date is today
    row = clients.client_rows(db, [c])[0]  # the client list
    assert row["total_credit_fen"] == EXPECTED
    assert clients.client_exposure(db, c)["total_credit_fen"] == EXPECTED  # the client record
    assert exposure_context(db, c, 0, today=TODAY).exposure_fen == EXPECTED  # the application form
    app_id = draft(db, amount_fen=10_000_000, today=TODAY)
    assert application_context(db, app_id, today=TODAY).exposure_fen == EXPECTED  # approval dialog, CLI
    packet = load_packet_data(db, app_id, TODAY)  # the printed packet
    assert (packet.exposure.now_fen, packet.exposure.after_fen) == (EXPECTED, EXPECTED + 10_000_000)
    assert client_credit_totals(db, TODAY)[c] == EXPECTED  # the reports' total credit at a date
    assert exposure.total_credit_by_client(db, TODAY) == {c: EXPECTED}


def test_the_definition_moves_with_the_day(scenario):
    db, c = scenario, scenario.client_id
    # Before line A starts only the line carrying a loan and the loose loan count.
    assert exposure.total_credit_fen(db, [c], TODAY - timedelta(days=31)) == 30_000_000 + 20_000_000
    db["loans"].update(db.execute("SELECT id FROM loans WHERE loan_no = 'JJ-C'").fetchone()[0],
                       {"status": "closed", "balance_fen": 0, "closed_on": TODAY.isoformat()})
    assert exposure.total_credit_fen(db, [c], TODAY) == 100_000_000 + 20_000_000


def test_inclusive_filter_and_row_flag_agree(cdb):
    farmer = add_client(cdb, name="张家庄种植户", uscc="91330100MA2XXXXX03", entity_type="farmer", size_class="small")
    medium = add_client(cdb, name="中型制造企业", uscc="91330100MA2XXXXX04", size_class="medium")
    shop = add_client(cdb, name="个体商店", uscc="91330100MA2XXXXX05", entity_type="individual_business", size_class=None)
    big = add_client(cdb, name="大额小微企业", uscc="91330100MA2XXXXX06", size_class="micro")
    add_line(cdb, big, 1_000_000_001, TODAY, TODAY + timedelta(days=365), "SX-BIG")
    ids = [cdb.client_id, farmer, medium, shop, big]
    flagged = {r["id"] for r in clients.client_rows(cdb, ids) if r["inclusive"]}
    assert flagged == {cdb.client_id, shop}
    assert set(clients.client_ids(cdb, clients.ClientFilter(inclusive=True))) == flagged
    assert set(clients.client_ids(cdb, clients.ClientFilter(inclusive=False))) == set(ids) - flagged


# ---- finding 12: the "no longer inclusive" warning only when it is true --------------------------


def test_warning_only_when_inclusive_now_and_not_after(cdb):
    add_line(cdb, cdb.client_id, 800_000_000, TODAY, TODAY + timedelta(days=365), "SX-1")  # 8,000,000 元 now
    crossing = exposure_context(cdb, cdb.client_id, 300_000_000, today=TODAY)
    assert crossing.inclusive_now and not crossing.inclusive_if_approved
    assert "11,000,000.00" in crossing.warning_zh and crossing.note_zh is None


def test_medium_enterprise_gets_a_note_not_a_warning(cdb):
    medium = add_client(cdb, name="中型制造企业", uscc="91330100MA2XXXXX04", size_class="medium")
    ctx = exposure_context(cdb, medium, 1_200_000_000, today=TODAY)  # 12,000,000 元
    assert ctx.warning_zh is None and ctx.warning_en is None
    assert "中型企业" in ctx.note_zh and "medium enterprise" in ctx.note_en


def test_client_already_over_the_ceiling_gets_a_note_not_a_warning(cdb):
    add_line(cdb, cdb.client_id, 1_100_000_000, TODAY, TODAY + timedelta(days=365), "SX-1")  # 11,000,000 元 now
    ctx = exposure_context(cdb, cdb.client_id, 100_000_000, today=TODAY)
    assert not ctx.inclusive_now and ctx.warning_zh is None
    assert "11,000,000.00" in ctx.note_zh and "already" in ctx.note_en


def test_staying_under_the_ceiling_says_nothing(cdb):
    ctx = exposure_context(cdb, cdb.client_id, 100_000_000, today=TODAY)
    assert (ctx.warning_zh, ctx.note_zh) == (None, None)
