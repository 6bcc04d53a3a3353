"""Checks every report makes before writing (QA 4, 14): who may unmask, future periods, unknown officers."""

from __future__ import annotations

import inspect
import json
from datetime import date

import openpyxl
import pytest

from tests.services.reports.conftest import NOW, TODAY, build_portfolio
from workbench.cli import main
from workbench.services import users
from workbench.services.errors import PermissionDenied, ValidationError
from workbench.services.reports import REPORTS, ReportRequest, build_report, check_report
from workbench.store import open_db

FULL = {"full_personal_data": True, "reason": "core-banking reconciliation"}


def _audit_rows(db) -> list:
    return db.execute("SELECT actor, reason FROM audit_log WHERE action = 'export_full_personal_data'").fetchall()


# --- QA 4: full personal data only for an account that may see it ---------------------------------


def test_a_passwordless_headless_account_may_not_unmask(portfolio_db, tmp_path):
    users.ensure_headless_user(portfolio_db, "nobody")  # what a headless command creates for an unknown --user
    path = tmp_path / "p.xlsx"
    with pytest.raises(PermissionDenied) as e:
        build_report(portfolio_db, "portfolio", path, ReportRequest("2025-03", **FULL), "nobody", today=TODAY)
    assert e.value.code == "full_data_headless" and "nobody" in e.value.message_en and "密码" in e.value.message_zh
    assert not path.exists() and _audit_rows(portfolio_db) == []


@pytest.mark.parametrize("actor", ["stranger", "retired"])
def test_unknown_or_deactivated_accounts_may_not_unmask(portfolio_db, tmp_path, actor):
    portfolio_db["users"].insert({"username": "retired", "display_name": "老张", "role": "admin", "active": 0,
                                  "password_hash": "$argon2id$x", "created_at": NOW})
    path = tmp_path / "m.xlsx"
    with pytest.raises(PermissionDenied) as e:
        build_report(portfolio_db, "maturities", path, ReportRequest("2025-03", **FULL), actor, today=TODAY)
    assert e.value.code == "full_data_unknown_user"
    assert not path.exists() and _audit_rows(portfolio_db) == []


def test_masked_reports_need_no_account(portfolio_db, tmp_path):
    result = build_report(portfolio_db, "portfolio", tmp_path / "p.xlsx", ReportRequest("2025-03"), "stranger", today=TODAY)
    assert result.rows == 6


def test_an_officer_with_a_password_may_unmask_and_is_audited(portfolio_db, tmp_path):
    path = tmp_path / "p.xlsx"
    build_report(portfolio_db, "portfolio", path, ReportRequest("2025-03", **FULL), "wangfang", today=TODAY)
    ids = {r[18] for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(min_row=5, values_only=True)}
    assert "330102199001011234" in ids
    assert _audit_rows(portfolio_db) == [("wangfang", "core-banking reconciliation")]


def test_the_reason_needs_the_privacy_rules_minimum(portfolio_db, tmp_path):
    with pytest.raises(ValidationError) as e:
        build_report(portfolio_db, "portfolio", tmp_path / "p.xlsx",
                     ReportRequest("2025-03", full_personal_data=True, reason=" x "), "wangfang", today=TODAY)
    assert e.value.code == "reason_required" and e.value.field == "reason"


@pytest.mark.parametrize("name", ["funnel", "two_increase"])
def test_reports_without_personal_data_ignore_the_full_data_flag(portfolio_db, tmp_path, name):
    build_report(portfolio_db, name, tmp_path / "x.xlsx", ReportRequest("2025-03", **FULL), "stranger", today=TODAY)
    assert _audit_rows(portfolio_db) == []  # nothing unmasked, nothing to audit
    assert not REPORTS[name].personal_data and REPORTS["portfolio"].personal_data


def test_cli_unknown_user_cannot_unmask_and_is_not_created(tmp_path, capsys):
    path = tmp_path / "p.db"
    db = open_db(path)
    build_portfolio(db)
    db.close()
    out = tmp_path / "p.xlsx"
    rc = main(["--db", str(path), "--user", "nobody", "report", "portfolio", "--period", "2025-03", "--out", str(out),
               "--full-personal-data", "--reason", "x-check"])
    assert rc == 2 and not out.exists()
    assert "nobody" in capsys.readouterr().err
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM users WHERE username = 'nobody'").fetchone()[0] == 0
    assert _audit_rows(db) == []
    db.close()


# --- QA 14: periods that have not started, officers nobody is called ------------------------------


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_refuses_a_period_that_has_not_started(portfolio_db, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    for period in ("2025-05", "2025-Q3", "2026"):
        with pytest.raises(ValidationError) as e:
            build_report(portfolio_db, name, path, ReportRequest(period), "t", today=TODAY)
        assert e.value.code == "future_period" and e.value.field == "period"
        assert "2025-04-02" in e.value.message_zh and "has not started" in e.value.message_en
    assert not path.exists()
    # the current month and quarter have started: they are allowed (figures up to their end)
    build_report(portfolio_db, name, path, ReportRequest("2025-Q2"), "t", today=TODAY)
    assert path.exists()


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_refuses_an_officer_nobody_is_called(portfolio_db, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    with pytest.raises(ValidationError) as e:
        build_report(portfolio_db, name, path, ReportRequest("2025-03", officer="不存在"), "t", today=TODAY)
    assert e.value.code == "unknown_officer" and "不存在" in e.value.message_zh and "no officer" in e.value.message_en
    assert not path.exists()


def test_an_officer_known_only_from_visits_or_loans_is_accepted(portfolio_db, tmp_path):
    portfolio_db["visits"].insert({"client_id": 1, "visit_date": "2025-03-09", "officer": "赵六", "finding": "need",
                                   "created_by": "wangfang", "created_at": NOW})
    result = build_report(portfolio_db, "funnel", tmp_path / "f.xlsx", ReportRequest("2025-03", officer="赵六"), "t",
                          today=TODAY)
    assert [r["officer"] for r in result.figures["rows"]] == ["赵六"]


def test_check_report_is_the_same_gate(portfolio_db):
    with pytest.raises(ValidationError):
        check_report(portfolio_db, "portfolio", ReportRequest("2099-01"), "t", today=TODAY)
    assert check_report(portfolio_db, "two-increase", ReportRequest("2025-03"), "t", today=TODAY).name == "two_increase"


def test_cli_refuses_future_periods_and_unknown_officers(tmp_path, capsys):
    path = tmp_path / "p.db"
    db = open_db(path)
    build_portfolio(db)
    db.close()
    out = tmp_path / "x.xlsx"
    assert main(["--db", str(path), "report", "two-increase", "--period", "2027-06", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "尚未开始" in err and "has not started" in err and not out.exists()
    assert main(["--db", str(path), "report", "portfolio", "--period", "2025-03", "--out", str(out),
                 "--officer", "不存在", "--today", "2025-04-02"]) == 2
    assert "不存在" in capsys.readouterr().err and not out.exists()
    assert main(["--db", str(path), "report", "portfolio", "--period", "2025-03", "--out", str(out),
                 "--officer", "王芳", "--today", "2025-04-02", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 4


# --- duplication: one build path for every report ---------------------------------------------------


def test_every_report_builder_takes_only_the_prepared_job():
    for spec in REPORTS.values():
        assert list(inspect.signature(spec.build).parameters) == ["job"], spec.name


def test_today_defaults_to_the_real_date(portfolio_db, tmp_path):
    next_year = f"{date.today().year + 1}"
    with pytest.raises(ValidationError):
        build_report(portfolio_db, "funnel", tmp_path / "f.xlsx", ReportRequest(next_year), "t")
