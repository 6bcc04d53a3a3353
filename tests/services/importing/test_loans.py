"""Core-banking loan exports: matching, classification floor, history, as-of date."""

from __future__ import annotations

from datetime import date

from workbench.services.importing.clients import import_clients
from workbench.services.importing.loans import import_loans

from .conftest import make_uscc, write_csv

HEAD = ["借据号", "客户名称", "统一社会信用代码", "放款日期", "到期日期", "贷款金额(元)", "贷款余额(元)", "执行利率(%)", "还款方式", "担保方式", "逾期天数", "五级分类"]


def _clients(db, tmp_path, n=2):
    path = write_csv(tmp_path / "c.csv", [["企业名称", "统一社会信用代码"]] + [[f"公司{i}", make_uscc(i)] for i in range(n)])
    import_clients(db, path, "x")


def test_classification_is_worse_of_reported_and_floor(db, tmp_path):
    _clients(db, tmp_path)
    rows = [
        HEAD,
        ["L1", "公司0", make_uscc(0), "2024-01-01", "2025-01-01", "100,000.00", "50,000.00", "4.35", "等额本息", "信用", "100", "正常"],
        ["L2", "公司1", make_uscc(1), "2024-01-01", "2026-01-01", "200000", "200000", "3.45", "按月付息到期还本", "抵押", "0", "关注"],
        ["L3", "外来公司", make_uscc(99), "2024-01-01", "2026-01-01", "1", "1", "3.45", "等额本金", "保证", "0", "正常"],
    ]
    result = import_loans(db, write_csv(tmp_path / "l.csv", rows), "x", as_of=date(2025, 3, 31))
    assert (result.added, result.rejected) == (2, 1)
    assert result.rejections[0].code == "unknown-client" and result.rejections[0].row_no == 4
    assert db.execute("SELECT classification, reported_classification, overdue_days FROM loans WHERE loan_no = 'L1'").fetchone() == (
        "substandard", "normal", 100)
    assert db.execute("SELECT classification FROM loans WHERE loan_no = 'L2'").fetchone() == ("special",)
    assert [(d["loan_no"], d["reported"], d["floor"], d["kept"]) for d in result.disagreements] == [("L1", "normal", "substandard", "substandard")]
    assert "次级" in result.disagreements[0]["reason_zh"]
    hist = db.execute(
        "SELECT l.loan_no, h.from_class, h.to_class, h.floor_class, h.changed_by FROM classification_history h JOIN loans l ON l.id = h.loan_id ORDER BY l.loan_no"
    ).fetchall()
    assert hist == [("L1", None, "substandard", "substandard", "x"), ("L2", None, "special", "normal", "x")]


def test_later_export_updates_balance_and_history(db, tmp_path):
    _clients(db, tmp_path, 1)
    first = [HEAD, ["L1", "公司0", make_uscc(0), "2024-01-01", "2025-12-01", "100000", "80000", "4.35", "等额本金", "质押", "0", "正常"]]
    second = [HEAD, ["L1", "公司0", make_uscc(0), "2024-01-01", "2025-12-01", "100000", "70000", "4.35", "等额本金", "质押", "40", "关注"]]
    import_loans(db, write_csv(tmp_path / "a_20250228.csv", first), "x")
    result = import_loans(db, write_csv(tmp_path / "b_20250331.csv", second), "x")
    assert result.as_of == "2025-03-31"  # from the file name
    assert result.updated == 1
    assert set(result.updated_fields) == {"balance_fen", "overdue_days", "reported_classification", "classification", "balance_as_of"}
    assert db.execute("SELECT as_of, balance_fen, classification FROM balance_history ORDER BY as_of").fetchall() == [
        ("2025-02-28", 8_000_000, "normal"),
        ("2025-03-31", 7_000_000, "special"),
    ]
    assert db.execute("SELECT from_class, to_class FROM classification_history ORDER BY id").fetchall() == [(None, "normal"), ("normal", "special")]
    audit_rows = db.execute("SELECT action, client_id FROM audit_log WHERE table_name = 'loans' ORDER BY id").fetchall()
    assert [a for a, _ in audit_rows] == ["import.add", "import.update"] and all(c for _, c in audit_rows)
    # an older export does not overwrite newer balances
    older = import_loans(db, write_csv(tmp_path / "c_20250131.csv", first), "x")
    assert older.updated == 0 and older.warnings
    assert db.execute("SELECT balance_fen FROM loans").fetchone() == (7_000_000,)


def test_as_of_from_title_line(db, tmp_path):
    _clients(db, tmp_path, 1)
    rows = [["贷款余额明细 数据日期：2025年3月31日"], HEAD, ["L1", "公司0", make_uscc(0), "2024-01-01", "2025-12-01", "100000", "0", "4.35", "等额本金", "质押", "0", "正常"]]
    result = import_loans(db, write_csv(tmp_path / "l.csv", rows), "x")
    assert result.as_of == "2025-03-31"
    assert db.execute("SELECT status, closed_on, balance_as_of FROM loans").fetchone() == ("closed", "2025-03-31", "2025-03-31")


def test_new_loan_missing_required_value_and_bad_rate(db, tmp_path):
    _clients(db, tmp_path, 1)
    rows = [
        HEAD,
        ["L1", "公司0", make_uscc(0), "", "2025-12-01", "100000", "1", "4.35", "等额本金", "质押", "0", "正常"],
        ["L2", "公司0", make_uscc(0), "2024-01-01", "2025-12-01", "100000", "1", "4.355", "等额本金", "质押", "0", "正常"],
        ["L3", "公司0", make_uscc(0), "2024-01-01", "2025-12-01", "100000", "1", "4.35", "气球贷", "质押", "0", "正常"],
    ]
    result = import_loans(db, write_csv(tmp_path / "l.csv", rows), "x", as_of=date(2025, 3, 31))
    assert [r.code for r in result.rejections] == ["bad-rate", "bad-method", "missing-value"] or sorted(
        r.code for r in result.rejections
    ) == ["bad-method", "bad-rate", "missing-value"]
    assert db.execute("SELECT count(*) FROM loans").fetchone() == (0,)


def _users(db):
    from workbench.store import audit

    now = audit.utc_now()
    db["users"].insert_all([
        {"username": u, "display_name": d, "role": r, "password_hash": None, "active": 1, "failed_attempts": 0,
         "must_change_password": 0, "created_at": now}
        for u, d, r in (("wangfang", "王芳", "officer"), ("lijun", "李军", "reviewer"))
    ])


def _loan_row(days="0", cls="正常", balance="80000"):
    return ["L1", "公司0", make_uscc(0), "2024-01-01", "2026-12-01", "100000", balance, "4.35", "等额本金", "质押", days, cls]


def test_a_manual_raise_in_force_survives_a_later_export(db, tmp_path):
    # QA 5: the next core-banking import used to put a loan raised by hand back to normal.
    from workbench.services import classification as cls

    _users(db)
    _clients(db, tmp_path, 1)
    import_loans(db, write_csv(tmp_path / "a_20250228.csv", [HEAD, _loan_row()]), "x")
    loan_id = db.execute("SELECT id FROM loans WHERE loan_no = 'L1'").fetchone()[0]
    cls.set_classification(db, "wangfang", loan_id, "次级", "主要客户流失")
    result = import_loans(db, write_csv(tmp_path / "b_20250331.csv", [HEAD, _loan_row(balance="70000")]), "x")
    assert db.execute("SELECT classification, reported_classification FROM loans WHERE id = ?", [loan_id]).fetchone() == (
        "substandard", "normal")
    assert [(d["loan_no"], d["reported"], d["floor"], d["manual"], d["kept"]) for d in result.disagreements] == [
        ("L1", "normal", "normal", "substandard", "substandard")]
    assert "人工认定为次级" in result.disagreements[0]["reason_zh"]
    assert db.execute("SELECT to_class, source FROM classification_history WHERE loan_id = ? ORDER BY id", [loan_id]).fetchall() == [
        ("normal", "core"), ("substandard", "manual")]
    # a reviewer lowers it with a reason: the import follows the report again
    cls.set_classification(db, "lijun", loan_id, "正常", "客户回款恢复")
    after = import_loans(db, write_csv(tmp_path / "c_20250430.csv", [HEAD, _loan_row(balance="60000")]), "x")
    assert db.execute("SELECT classification FROM loans WHERE id = ?", [loan_id]).fetchone() == ("normal",)
    assert after.disagreements == []


def test_json_shape_of_disagreements_is_one(db, tmp_path):
    # QA 20: a count always; the rows under their own key with details.
    _clients(db, tmp_path, 1)
    result = import_loans(db, write_csv(tmp_path / "l.csv", [HEAD, _loan_row(days="100")]), "x", as_of=date(2025, 3, 31))
    assert result.as_dict(details=False)["disagreements"] == 1 and "disagreement_rows" not in result.as_dict(details=False)
    detailed = result.as_dict(details=True)
    assert detailed["disagreements"] == 1 and detailed["disagreement_rows"][0]["loan_no"] == "L1"


def test_closed_on_is_the_maturity_or_the_as_of_never_an_assumed_today(db, tmp_path):
    # QA 20: a zero balance used to close the loan "today" when no as-of date was known.
    _clients(db, tmp_path, 1)
    rows = [HEAD,
            ["M1", "公司0", make_uscc(0), "2023-01-01", "2023-12-04", "100000", "0", "4.35", "等额本金", "质押", "0", "正常"],
            ["M2", "公司0", make_uscc(0), "2024-01-01", "2026-12-01", "100000", "0", "4.35", "等额本金", "质押", "0", "正常"]]
    result = import_loans(db, write_csv(tmp_path / "loans.csv", rows), "x", today=date(2026, 11, 26))
    assert result.as_of == "2026-11-26" and any("assumed" in w for w in result.warnings)
    got = dict(db.execute("SELECT loan_no, closed_on FROM loans").fetchall())
    assert got == {"M1": "2023-12-04", "M2": None}
    # with a known as-of date, an early payoff closes on that date
    rows2 = [HEAD, ["M3", "公司0", make_uscc(0), "2024-01-01", "2026-12-01", "100000", "0", "4.35", "等额本金", "质押", "0", "正常"]]
    import_loans(db, write_csv(tmp_path / "more.csv", rows2), "x", as_of=date(2025, 6, 30))
    assert db.execute("SELECT status, closed_on FROM loans WHERE loan_no = 'M3'").fetchone() == ("closed", "2025-06-30")
