"""``workbench --db PATH report NAME --period ... --json`` headless."""

from __future__ import annotations

import json

import openpyxl

from tests.services.reports.conftest import build_portfolio
from workbench.cli import main
from workbench.store import open_db


def _db(tmp_path):
    path = tmp_path / "p.db"
    db = open_db(path)
    build_portfolio(db)
    db.close()
    return path


def test_report_json_prints_figures_and_path(tmp_path, capsys):
    path = _db(tmp_path)
    out = tmp_path / "ti.xlsx"
    rc = main(["--db", str(path), "--user", "cli", "report", "two-increase", "--period", "2025-03", "--out", str(out), "--json"])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == str(out) and out.exists()
    assert data["figures"]["inclusive_balance_fen"] == 157_000_000
    assert data["figures"]["inclusive_borrowers"] == 4


def test_portfolio_english_yuan_for_one_officer(tmp_path, capsys):
    path = _db(tmp_path)
    out = tmp_path / "p.xlsx"
    rc = main(["--db", str(path), "report", "portfolio", "--period", "2025-03", "--out", str(out), "--json",
               "--unit", "yuan", "--lang", "en", "--officer", "刘强"])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert data["figures"]["balance_fen"] == 102_000_000 and data["rows"] == 2
    assert openpyxl.load_workbook(out).sheetnames == ["Loans", "Summary"]


def test_full_personal_data_needs_a_reason_and_is_audited(tmp_path, capsys):
    path = _db(tmp_path)
    out = tmp_path / "m.xlsx"
    rc = main(["--db", str(path), "report", "maturities", "--period", "2025-03", "--out", str(out), "--full-personal-data"])
    assert rc == 2 and not out.exists()
    assert "理由" in capsys.readouterr().err
    rc = main(["--db", str(path), "--user", "lijun", "report", "maturities", "--period", "2025-03", "--out", str(out),
               "--full-personal-data", "--reason", "core-banking reconciliation"])
    assert rc == 0 and out.exists()
    db = open_db(path)
    rows = db.execute("SELECT actor, reason FROM audit_log WHERE action = 'export_full_personal_data'").fetchall()
    assert rows == [("lijun", "core-banking reconciliation")]


def test_bad_period_is_an_error(tmp_path, capsys):
    path = _db(tmp_path)
    assert main(["--db", str(path), "report", "funnel", "--period", "March"]) == 2
    assert "report period" in capsys.readouterr().err
