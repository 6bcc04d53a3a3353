"""Applications: creation, validation, editing, the exposure context."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.services import applications as apps
from workbench.services.application_context import application_context, exposure_context
from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.store import audit

from .conftest import TODAY, add_client, audit_actions, draft


def test_create_application_numbers_rates_and_audits(cdb):
    app_id = draft(
        cdb,
        collateral=[{"kind": "房产", "owner": "张三", "appraised_value_fen": 80_000_000, "ltv_bp": 7000}],
        guarantors=[{"person_name": "张三", "relation": "法定代表人"}, {"guarantor_client_id": cdb.client_id}],
        guarantee_type="mortgage",
    )
    app = apps.get_application(cdb, app_id)
    assert app["app_no"] == "SQ2025030001"
    assert (app["lpr_bp"], app["lpr_published_on"], app["spread_bp"], app["rate_bp"]) == (310, "2024-10-21", 50, 360)
    assert app["status"] == "draft" and app["created_by"] == "wangfang"
    assert [c["kind"] for c in app["collateral"]] == ["房产"]
    assert [g["person_name"] or g["client_name"] for g in app["guarantors"]] == ["张三", "杭州青禾食品有限公司"]
    assert audit_actions(cdb) == ["application.create"]
    assert audit.verify(cdb) is None
    assert apps.get_application(cdb, draft(cdb))["app_no"] == "SQ2025030002"
    assert apps.get_application(cdb, draft(cdb, today=date(2025, 4, 1)))["app_no"] == "SQ2025040001"


@pytest.mark.parametrize(
    "overrides, code",
    [
        ({"amount_fen": 0}, "amount_not_positive"),
        ({"amount_fen": 1000.5}, "not_integer"),
        ({"term_months": 0}, "bad_term"),
        ({"repayment_method": "weekly"}, "bad_method"),
        ({"guarantee_type": "hope"}, "bad_guarantee"),
        ({"product": " "}, "product_required"),
        ({"collateral": [{"kind": "", "appraised_value_fen": 1}]}, "collateral_kind_required"),
        ({"collateral": [{"kind": "房产", "appraised_value_fen": 1, "ltv_bp": 12000}]}, "bad_ltv"),
        ({"guarantors": [{"relation": "朋友"}]}, "guarantor_required"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(cdb, overrides, code):
    with pytest.raises(ValidationError) as err:
        draft(cdb, **overrides)
    assert err.value.code == code and err.value.message_zh
    assert cdb.execute("SELECT count(*) FROM applications").fetchone()[0] == 0
    assert cdb.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_unknown_client_is_not_found(cdb):
    with pytest.raises(NotFound):
        draft(cdb, client_id=999)


def test_creator_edits_draft_and_rate_follows(cdb):
    app_id = draft(cdb)
    apps.update_application(cdb, "wangfang", app_id, amount_fen=60_000_000, spread_bp=80, lpr_tenor="5Y",
                            collateral=[{"kind": "存单", "appraised_value_fen": 10_000_000}], today=TODAY)
    app = apps.get_application(cdb, app_id)
    assert (app["amount_fen"], app["lpr_bp"], app["rate_bp"]) == (60_000_000, 360, 440)
    assert len(app["collateral"]) == 1
    assert audit_actions(cdb) == ["application.create", "application.update"]
    before = cdb.execute("SELECT before_json FROM audit_log WHERE action='application.update'").fetchone()[0]
    assert "50000000" in before and "collateral" in before


def test_others_may_not_edit(cdb):
    app_id = draft(cdb)
    with pytest.raises(PermissionDenied) as err:
        apps.update_application(cdb, "liuqiang", app_id, amount_fen=1)
    assert err.value.code == "not_creator"
    apps.update_application(cdb, "admin", app_id, purpose="补充流动资金", today=TODAY)
    assert apps.get_application(cdb, app_id)["purpose"] == "补充流动资金"


def test_list_and_queues(cdb):
    from workbench.services import workflow

    a = draft(cdb)
    b = draft(cdb, actor="liuqiang")
    workflow.act(cdb, "liuqiang", b, "submit")
    assert [r["id"] for r in apps.list_applications(cdb, waiting_for=("wangfang", "officer"))] == [a]
    assert [r["id"] for r in apps.list_applications(cdb, waiting_for=("lijun", "reviewer"))] == [b]
    assert apps.list_applications(cdb, waiting_for=("zhaomin", "approver")) == []
    assert [r["id"] for r in apps.list_applications(cdb, status="draft")] == [a]
    assert len(apps.list_applications(cdb, search="青禾")) == 2
    assert apps.count_by_status(cdb) == {"draft": 1, "submitted": 1}


def test_context_shows_exposure_inclusive_flag_and_warning(cdb):
    now = audit.utc_now()
    core = add_client(cdb, name="浙江核心制造股份有限公司", uscc="91330100MA2XXXXX02", size_class="large", chain_role="core")
    cdb["clients"].update(cdb.client_id, {"core_client_id": core, "chain_role": "supplier"})
    # An existing line of 8,000,000 元 for the client and 50,000,000 元 for the core enterprise.
    for cid, limit, no in ((cdb.client_id, 800_000_000, "SX1"), (core, 5_000_000_000, "SX2")):
        cdb["credit_lines"].insert({"line_no": no, "client_id": cid, "limit_fen": limit, "start_date": "2025-01-01",
                                    "expiry_date": "2026-01-01", "created_at": now})
    small = exposure_context(cdb, cdb.client_id, 100_000_000, today=TODAY)  # +1,000,000 元
    assert (small.exposure_fen, small.exposure_if_approved_fen) == (800_000_000, 900_000_000)
    assert small.chain_core_id == core
    assert (small.chain_exposure_fen, small.chain_exposure_if_approved_fen) == (5_800_000_000, 5_900_000_000)
    assert small.inclusive_now and small.inclusive_if_approved and small.warning_zh is None
    assert small.size_label_zh == "小型"
    big = exposure_context(cdb, cdb.client_id, 300_000_000, today=TODAY)  # +3,000,000 元 → 11,000,000 元
    assert big.inclusive_now and not big.inclusive_if_approved
    assert "11,000,000.00" in big.warning_zh and "inclusive" in big.warning_en
    # Exactly 10,000,000 元 is still inclusive.
    edge = exposure_context(cdb, cdb.client_id, 200_000_000, today=TODAY)
    assert edge.inclusive_if_approved and edge.warning_zh is None
    # Expired lines no longer count.
    later = exposure_context(cdb, cdb.client_id, 100_000_000, today=date(2026, 2, 1))
    assert later.exposure_fen == 0


def test_application_context_uses_the_application_amount(cdb):
    app_id = draft(cdb, amount_fen=1_200_000_000)
    ctx = application_context(cdb, app_id, today=TODAY)
    assert ctx.exposure_if_approved_fen == 1_200_000_000 and ctx.warning_en


def test_numbers_continue_past_9999(cdb):
    now = audit.utc_now()
    cdb["applications"].insert({
        "app_no": "SQ2025039999", "client_id": cdb.client_id, "product": "x", "amount_fen": 1, "term_months": 1,
        "lpr_bp": 310, "rate_bp": 310, "repayment_method": "annuity", "guarantee_type": "credit",
        "created_by": "wangfang", "created_at": now, "updated_at": now})
    assert apps.next_app_no(cdb, TODAY) == "SQ20250310000"
    cdb["applications"].update(1, {"app_no": "SQ20250310000"})
    assert apps.next_app_no(cdb, TODAY) == "SQ20250310001"
