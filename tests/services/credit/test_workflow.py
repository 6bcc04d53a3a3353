"""The approval chain: every path, every refused transition, audit rows checked."""

from __future__ import annotations

import pytest

from workbench.services import applications as apps
from workbench.services import workflow
from workbench.services.application_context import application_context
from workbench.services.errors import IllegalTransition, PermissionDenied, ValidationError
from workbench.store import audit

from .conftest import TODAY, audit_actions, draft


def to_status(db, status: str, actor="wangfang") -> int:
    """A fresh application taken to ``status`` along the normal path."""
    app_id = draft(db, actor=actor)
    path = {
        "draft": [],
        "submitted": [(actor, "submit")],
        "under_review": [(actor, "submit"), ("lijun", "take_review")],
        "under_approval": [(actor, "submit"), ("lijun", "take_review"), ("lijun", "pass_review")],
        "approved": [(actor, "submit"), ("lijun", "take_review"), ("lijun", "pass_review"), ("zhaomin", "approve")],
        "rejected": [(actor, "submit"), ("lijun", "take_review"), ("lijun", "reject")],
        "returned": [(actor, "submit"), ("lijun", "take_review"), ("lijun", "return")],
    }[status]
    for who, action in path:
        workflow.act(db, who, app_id, action, opinion="意见", today=TODAY)
    return app_id


def snapshot(db, app_id):
    return (
        db.execute("SELECT * FROM applications WHERE id = ?", [app_id]).fetchone(),
        db.execute("SELECT count(*) FROM approval_steps").fetchone()[0],
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        db.execute("SELECT count(*) FROM credit_lines").fetchone()[0],
    )


def test_approve_with_changed_terms_creates_the_credit_line(cdb):
    app_id = draft(cdb)  # 500,000 元, 12 months, 1Y LPR 3.10 % + 50 bp
    workflow.act(cdb, "wangfang", app_id, "submit", opinion="建议授信50万元")
    workflow.act(cdb, "lijun", app_id, "take_review")
    workflow.act(cdb, "lijun", app_id, "pass_review", opinion="同意，建议40万", amount_fen=40_000_000)
    app = workflow.act(cdb, "zhaomin", app_id, "approve", opinion="同意", term_months=6, spread_bp=70, today=TODAY)
    assert app["status"] == "approved" and app["approved_by"] == "zhaomin" and app["reviewed_by"] == "lijun"
    # The reviewer's recommended amount stands; the approver changed term and spread.
    assert (app["approved_amount_fen"], app["approved_term_months"], app["approved_spread_bp"], app["approved_rate_bp"]) == (
        40_000_000, 6, 70, 380)
    line = app["credit_line"]
    assert (line["limit_fen"], line["start_date"], line["expiry_date"], line["revolving"]) == (
        40_000_000, "2025-03-10", "2025-09-10", 0)
    assert line["line_no"] == "SX2025030001"
    steps = workflow.history(cdb, app_id)
    assert [(s["action"], s["from_status"], s["to_status"], s["actor"], s["actor_role"]) for s in steps] == [
        ("submit", "draft", "submitted", "wangfang", "officer"),
        ("take_review", "submitted", "under_review", "lijun", "reviewer"),
        ("pass_review", "under_review", "under_approval", "lijun", "reviewer"),
        ("approve", "under_approval", "approved", "zhaomin", "approver"),
    ]
    assert steps[2]["amount_fen"] == 40_000_000 and steps[2]["opinion"] == "同意，建议40万"
    assert (steps[3]["term_months"], steps[3]["spread_bp"], steps[3]["rate_bp"]) == (6, 70, 380)
    assert steps[3]["actor_name"] == "赵敏" and steps[0]["acted_at"].endswith("+00:00")
    assert audit_actions(cdb) == ["application.create", "application.submit", "application.take_review",
                                  "application.pass_review", "application.approve"]
    assert audit_actions(cdb, "credit_lines") == ["credit_line.create"]
    assert audit.verify(cdb) is None


def test_approve_without_changes_uses_requested_terms(cdb):
    app = apps.get_application(cdb, to_status(cdb, "approved"))
    assert (app["approved_amount_fen"], app["approved_term_months"], app["approved_rate_bp"]) == (50_000_000, 12, 360)
    assert app["steps"][-1]["amount_fen"] is None  # no changed terms recorded


def test_revolving_method_gives_a_revolving_line(cdb):
    app_id = draft(cdb, repayment_method="revolving")
    for who, action in (("wangfang", "submit"), ("lijun", "take_review"), ("lijun", "pass_review"), ("zhaomin", "approve")):
        workflow.act(cdb, who, app_id, action, today=TODAY)
    assert apps.get_application(cdb, app_id)["credit_line"]["revolving"] == 1


@pytest.mark.parametrize("stage, actor", [("under_review", "lijun"), ("under_approval", "zhaomin")])
def test_reject_from_either_review_step(cdb, stage, actor):
    app_id = to_status(cdb, stage)
    app = workflow.act(cdb, actor, app_id, "reject", opinion="第一还款来源不足")
    assert app["status"] == "rejected" and app["decided_at"] and app["credit_line"] is None
    assert app["steps"][-1]["opinion"] == "第一还款来源不足"
    assert audit_actions(cdb)[-1] == "application.reject"
    reason = cdb.execute("SELECT reason FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert reason == "第一还款来源不足"


@pytest.mark.parametrize("stage, actor", [("under_review", "lijun"), ("under_approval", "zhaomin")])
def test_return_edit_and_resubmit(cdb, stage, actor):
    app_id = to_status(cdb, stage)
    workflow.act(cdb, actor, app_id, "return", opinion="补充财务报表")
    assert apps.get_application(cdb, app_id)["status"] == "returned"
    apps.update_application(cdb, "wangfang", app_id, business_overview="年销售额1200万元", today=TODAY)
    workflow.act(cdb, "wangfang", app_id, "resubmit", opinion="已补充")
    # A different reviewer takes the second round; the first reviewer may not approve later.
    workflow.act(cdb, "zhouyu", app_id, "take_review")
    workflow.act(cdb, "zhouyu", app_id, "pass_review")
    app = workflow.act(cdb, "zhaomin", app_id, "approve", today=TODAY)
    assert app["status"] == "approved" and app["business_overview"] == "年销售额1200万元"
    actions = [s["action"] for s in app["steps"]]
    assert actions[actions.index("return"):] == ["return", "resubmit", "take_review", "pass_review", "approve"]
    assert "application.update" in audit_actions(cdb) and audit_actions(cdb)[-1] == "application.approve"


ALL = workflow.ACTIONS
ILLEGAL = [
    (status, action)
    for status in ("draft", "submitted", "under_review", "under_approval", "approved", "rejected", "returned")
    for action in ALL
    if (status, action) not in workflow.TRANSITIONS
]


@pytest.mark.parametrize("status, action", ILLEGAL)
def test_every_illegal_transition_is_refused_and_changes_nothing(cdb, status, action):
    app_id = to_status(cdb, status)
    before = snapshot(cdb, app_id)
    with pytest.raises(IllegalTransition) as err:
        workflow.act(cdb, "admin", app_id, action, opinion="x")
    assert err.value.code == "illegal_transition" and err.value.message_zh and err.value.message_en
    assert snapshot(cdb, app_id) == before


WRONG_ROLE = [
    ("draft", "submit", "lijun"), ("draft", "submit", "zhaomin"),
    ("submitted", "take_review", "wangfang"), ("submitted", "take_review", "zhaomin"),
    ("under_review", "pass_review", "zhaomin"), ("under_review", "reject", "wangfang"),
    ("under_review", "return", "zhaomin"),
    ("under_approval", "approve", "lijun"), ("under_approval", "approve", "wangfang"),
    ("under_approval", "reject", "lijun"), ("under_approval", "return", "zhouyu"),
]


@pytest.mark.parametrize("status, action, actor", WRONG_ROLE)
def test_only_the_role_for_a_step_may_act(cdb, status, action, actor):
    app_id = to_status(cdb, status)
    before = snapshot(cdb, app_id)
    with pytest.raises(PermissionDenied) as err:
        workflow.act(cdb, actor, app_id, action, opinion="x")
    assert err.value.code == "wrong_role"
    assert snapshot(cdb, app_id) == before


CONFLICTS = [
    ("draft", "submit", "liuqiang", "not_creator"),  # another officer's draft
    ("under_review", "pass_review", "zhouyu", "not_your_review"),  # another reviewer took it
]


@pytest.mark.parametrize("status, action, actor, code", CONFLICTS)
def test_conflicting_actors_are_refused(cdb, status, action, actor, code):
    app_id = to_status(cdb, status)
    before = snapshot(cdb, app_id)
    with pytest.raises(PermissionDenied) as err:
        workflow.act(cdb, actor, app_id, action, opinion="x")
    assert err.value.code == code
    assert snapshot(cdb, app_id) == before


def test_nobody_approves_what_they_created_or_reviewed(cdb):
    # admin creates: admin may not review nor approve it
    own = to_status(cdb, "submitted", actor="admin")
    with pytest.raises(PermissionDenied) as err:
        workflow.act(cdb, "admin", own, "take_review")
    assert err.value.code == "own_application"
    workflow.act(cdb, "lijun", own, "take_review")
    workflow.act(cdb, "lijun", own, "pass_review")
    with pytest.raises(PermissionDenied) as err:
        workflow.act(cdb, "admin", own, "approve")
    assert err.value.code == "own_application"
    # admin reviews: admin may not approve
    other = to_status(cdb, "submitted")
    workflow.act(cdb, "admin", other, "take_review")
    workflow.act(cdb, "admin", other, "pass_review")
    before = snapshot(cdb, other)
    with pytest.raises(PermissionDenied) as err:
        workflow.act(cdb, "admin", other, "approve")
    assert err.value.code == "own_review"
    assert snapshot(cdb, other) == before
    assert workflow.act(cdb, "zhaomin", other, "approve")["status"] == "approved"


def test_return_and_reject_need_an_opinion(cdb):
    app_id = to_status(cdb, "under_review")
    before = snapshot(cdb, app_id)
    with pytest.raises(ValidationError) as err:
        workflow.act(cdb, "lijun", app_id, "reject", opinion="  ")
    assert err.value.code == "opinion_required"
    assert snapshot(cdb, app_id) == before


def test_terms_change_only_on_review_or_approval_and_must_be_valid(cdb):
    app_id = draft(cdb)
    with pytest.raises(ValidationError) as err:
        workflow.act(cdb, "wangfang", app_id, "submit", amount_fen=1)
    assert err.value.code == "terms_not_changeable"
    app_id = to_status(cdb, "under_approval")
    with pytest.raises(ValidationError):
        workflow.act(cdb, "zhaomin", app_id, "approve", amount_fen=0)
    app = workflow.act(cdb, "zhaomin", app_id, "approve", rate_bp=400, today=TODAY)
    assert (app["approved_rate_bp"], app["approved_spread_bp"]) == (400, 90)


def test_allowed_actions_per_user(cdb):
    app_id = to_status(cdb, "under_review")
    assert workflow.allowed_actions(cdb, "lijun", app_id) == ["pass_review", "return", "reject"]
    assert workflow.allowed_actions(cdb, "zhouyu", app_id) == []
    assert workflow.allowed_actions(cdb, "wangfang", app_id) == []
    workflow.act(cdb, "lijun", app_id, "pass_review")
    assert workflow.allowed_actions(cdb, "zhaomin", app_id) == ["return", "reject", "approve"]
    assert workflow.allowed_actions(cdb, "lijun", app_id) == []


def test_context_follows_the_recommended_amount(cdb):
    app_id = to_status(cdb, "under_review")
    workflow.act(cdb, "lijun", app_id, "pass_review", amount_fen=30_000_000)
    assert application_context(cdb, app_id, today=TODAY).exposure_if_approved_fen == 30_000_000
    rows = apps.list_applications(cdb)
    assert (rows[0]["created_by_name"], rows[0]["reviewed_by_name"]) == ("王芳", "李军")
