"""``workbench schedule``: the table, the JSON, and refused input."""

from __future__ import annotations

import json

import pytest

from workbench.cli import main


def test_json_output(capsys):
    code = main(["schedule", "--amount", "500000", "--rate", "3.85", "--months", "12", "--method", "等额本息", "--start", "2025-01-15", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rate_bp"] == 385 and data["amount_fen"] == 50_000_000 and data["method"] == "annuity"
    inst = data["instalments"]
    assert len(inst) == 12
    assert set(inst[0]) >= {"due_date", "principal_fen", "interest_fen", "payment_fen", "balance_fen"}
    assert all(isinstance(i[k], int) for i in inst for k in ("principal_fen", "interest_fen", "payment_fen", "balance_fen"))
    assert inst[0] == {"seq": 1, "due_date": "2025-02-15", "principal_fen": 4_093_652, "interest_fen": 160_417, "payment_fen": 4_254_069, "balance_fen": 45_906_348}
    assert data["total_principal_fen"] == 50_000_000
    assert data["total_interest_fen"] == 1_048_832
    assert data["total_payment_fen"] == 51_048_832
    assert data["maturity_date"] == "2026-01-15"


@pytest.mark.parametrize(("name", "code"), [("annuity", "annuity"), ("equal-principal", "equal_principal"), ("interest-only", "interest_only"), ("revolving", "revolving"), ("随借随还", "revolving")])
def test_english_and_chinese_methods(capsys, name, code):
    assert main(["schedule", "--amount", "100,000.50", "--rate", "4.35", "--months", "6", "--method", name, "--start", "2025-01-31", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == code
    assert data["amount_fen"] == 10_000_050
    assert data["total_principal_fen"] == 10_000_050
    assert [i["due_date"] for i in data["instalments"]][:2] == ["2025-02-28", "2025-03-31"]


def test_plain_table_with_totals(capsys):
    assert main(["schedule", "--amount", "500000", "--rate", "3.85", "--months", "12", "--method", "等额本息", "--start", "2025-01-15"]) == 0
    out = capsys.readouterr().out
    assert "等额本息" in out
    assert "42,540.69" in out  # the monthly payment
    assert "2026-01-15" in out
    total_line = next(line for line in out.splitlines() if "合计" in line)
    assert "500,000.00" in total_line and "10,488.32" in total_line and "510,488.32" in total_line


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--amount", "abc", "--rate", "3.85", "--months", "12", "--method", "annuity"], "'abc'"),
        (["--amount", "100.001", "--rate", "3.85", "--months", "12", "--method", "annuity"], "'100.001'"),
        (["--amount", "1000", "--rate", "3.855", "--months", "12", "--method", "annuity"], "'3.855'"),
        (["--amount", "1000", "--rate", "3.85", "--months", "12", "--method", "balloon"], "'balloon'"),
        (["--amount", "1000", "--rate", "3.85", "--months", "0", "--method", "annuity"], "0"),
        (["--amount", "1000", "--rate", "3.85", "--months", "12", "--method", "annuity", "--start", "2025-02-30"], "2025-02-30"),
    ],
)
def test_bad_input_refused_with_message(capsys, args, needle):
    assert main(["schedule", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert needle in captured.err
