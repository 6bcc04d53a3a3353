"""The sample files import with exactly the counts in expected.json."""

from __future__ import annotations

from datetime import date

import openpyxl

from workbench.services.importing.clients import import_clients
from workbench.services.importing.loans import import_loans
from workbench.store.audit import verify

from .conftest import table_counts


def test_clean_workbook(db, data_dir, expected):
    exp = expected["branch_clients_clean.xlsx"]
    result = import_clients(db, data_dir / "branch_clients_clean.xlsx", "wangfang")
    assert result.rows_in_file == exp["rows_in_file"]
    assert result.added == exp["distinct_valid_clients"]
    assert (result.updated, result.unchanged, result.rejected, result.duplicates_in_file) == (0, 0, 0, 0)
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 500
    row = db.execute(
        "SELECT name, revenue_fen, assets_fen, established_on, legal_rep_id, officer, name_initials, size_class, entity_type"
        " FROM clients WHERE uscc = '913310022394129710'"
    ).fetchone()
    # 632.16 万元 → 6,321,600.00 元 exactly
    assert row == ("台州博汇食品有限责任公司", 632_160_000, 364_010_000, "2023-02-28", "331002199406012150", "林涛", "tzbhspyxzrgs", row[7], "enterprise")
    assert row[7] in ("micro", "small", "medium", "large")
    assert db.execute("SELECT entity_type FROM clients WHERE uscc = '92330205823527970E'").fetchone()[0] == "individual_business"


def test_messy_workbook(db, data_dir, expected, tmp_path):
    exp = expected["branch_clients_messy.xlsx"]
    errors = tmp_path / "errors.xlsx"
    result = import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang", errors_path=errors)
    assert result.rows_in_file == exp["rows_in_file"]
    assert result.added == exp["distinct_valid_clients"]
    assert result.rejected == exp["rejected_rows"]
    assert result.duplicates_in_file == exp["duplicate_rows"]
    assert result.reject_reasons == exp["reject_reasons"]
    assert result.skipped_rows == 7  # six blank rows and the 合计 row
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == exp["distinct_valid_clients"]

    def client(uscc):
        return db.execute(
            "SELECT name, phone, revenue_fen, established_on, notes, assets_fen FROM clients WHERE uscc = ?", [uscc]
        ).fetchone()

    assert client("913306029462219557")[2] == 124_310_000  # '１２４.３１' 万元, full-width digits
    assert client("91330602112502590T")[0] == "绍兴瑞嘉电子科技有限公司"  # trimmed
    assert client("913306024182218474")[1] == "16771740446"  # 167-7174-0446
    assert client("91510107913386614Y")[3] == "2010-04-09"  # '2010/04/09'
    assert client("91510105088273678U")[3] == "2018-07-12"  # '2018年7月12日'
    assert client("9133010209543365X0")[2] == 3_926_770_000  # '3,926.77'
    # the later of the repeated rows wins
    assert client("91330106066559448R")[4] == "更新"
    assert {d["uscc"] for d in result.duplicates} >= {"91330106066559448R", "91510105556141263J"}

    book = openpyxl.load_workbook(errors)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + exp["rejected_rows"]
    header = rows[0]
    assert header[1:4] == ("序号", "客户名称", "社会信用代码")
    assert "原因 Reason" in header
    reasons = [r[header.index("原因 Reason")] for r in rows[1:]]
    assert all(reasons)
    bad_number = [r for r in rows[1:] if r[header.index("代码 Code")] == "bad-number"]
    assert len(bad_number) == 4 and all(r[header.index("营业收入（万元）")] == "abc" for r in bad_number)


def test_a_fixed_error_workbook_reimports_in_the_right_unit(db, data_dir, tmp_path):
    # QA 1: the unit line (金额单位：万元) was not copied, so fixed rows came back 10,000x too small.
    errors = tmp_path / "errors.xlsx"
    import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang", errors_path=errors)
    book = openpyxl.load_workbook(errors)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert "营业收入（万元）" in header and "总资产（万元）" in header
    name_col, rev_col, assets_col = header.index("客户名称"), header.index("营业收入（万元）"), header.index("总资产（万元）")
    fixed = None
    for row in sheet.iter_rows(min_row=2):
        if row[rev_col].value == "abc" and str(row[name_col].value).startswith("成都昌泰纺织"):
            row[rev_col].value = 100
            fixed = row
    assert fixed is not None
    assets_wan = float(fixed[assets_col].value)
    book.save(errors)
    again = import_clients(db, errors, "wangfang")
    assert again.added == 1
    revenue, assets = db.execute("SELECT revenue_fen, assets_fen FROM clients WHERE name LIKE '成都昌泰纺织%'").fetchone()
    assert revenue == 100 * 1_000_000  # 100 万元
    assert assets == round(assets_wan * 1_000_000)


def test_english_csv_with_bom(db, data_dir, expected):
    result = import_clients(db, data_dir / "clients_english.csv", "wangfang")
    assert result.rows_in_file == expected["clients_english.csv"]["rows_in_file"]
    assert result.added == 200 and result.rejected == 0
    assert db.execute("SELECT revenue_fen, established_on FROM clients WHERE uscc = '913310022394129710'").fetchone() == (
        632_160_000,
        "2023-02-28",
    )


def test_same_data_in_english_csv_is_unchanged_after_clean_workbook(db, data_dir):
    import_clients(db, data_dir / "branch_clients_clean.xlsx", "wangfang")
    result = import_clients(db, data_dir / "clients_english.csv", "wangfang")
    assert (result.added, result.updated, result.unchanged) == (0, 0, 200)


def test_import_twice_adds_nothing(db, data_dir):
    first = import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang")
    before = table_counts(db)
    second = import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang")
    after = table_counts(db)
    assert first.added == 272
    assert (second.added, second.updated, second.unchanged) == (0, 0, 272)
    assert after["clients"] == before["clients"]
    assert after["audit_log"] == before["audit_log"] + 1  # only the import's own record
    assert after["imports"] == before["imports"] + 1


def test_import_record_and_audit(db, data_dir):
    result = import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang")
    row = db.execute(
        "SELECT kind, file_name, length(file_sha256), rows_in_file, added, rejected, duplicates_in_file, skipped_rows, imported_by"
        " FROM imports WHERE id = ?",
        [result.import_id],
    ).fetchone()
    assert row == ("clients", "branch_clients_messy.xlsx", 64, 305, 272, 28, 5, 7, "wangfang")
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'import.add' AND table_name = 'clients'").fetchone()[0] == 272
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'import.clients'").fetchone()[0] == 1
    assert db.execute(
        "SELECT count(*) FROM audit_log a JOIN clients c ON c.id = a.row_id AND c.id = a.client_id WHERE a.action = 'import.add'"
    ).fetchone()[0] == 272
    assert verify(db) is None


def test_dry_run_writes_nothing(db, data_dir):
    before = table_counts(db)
    result = import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang", dry_run=True)
    assert result.dry_run and result.added == 272 and result.import_id is None
    assert table_counts(db) == before


def test_core_banking_loans(db, data_dir, expected):
    exp = expected["core_banking_loans_gbk.csv"]
    import_clients(db, data_dir / "branch_clients_clean.xlsx", "wangfang")
    as_of = date.fromisoformat(exp["as_of"])
    result = import_loans(db, data_dir / "core_banking_loans_gbk.csv", "wangfang", as_of=as_of)
    assert result.rows_in_file == exp["rows_in_file"]
    assert result.added == exp["rows_in_file"] and result.rejected == 0
    assert result.as_of == exp["as_of"]
    loan = db.execute(
        "SELECT amount_fen, balance_fen, rate_bp, repayment_method, guarantee_type, overdue_days, classification,"
        " reported_classification, status, balance_as_of, source, drawdown_date, maturity_date, purpose"
        " FROM loans WHERE loan_no = 'JJ20250000007'"
    ).fetchone()
    assert loan == (80_000_000, 39_194_406, 345, "revolving", "guarantee", 200, "substandard", "substandard", "active", "2025-03-31", "core", "2024-08-11", "2025-08-11", "采购原材料")
    # matured 2023-12-04, before the as-of date: closed on its maturity (QA 20)
    assert db.execute("SELECT status, closed_on FROM loans WHERE loan_no = 'JJ20250000003'").fetchone() == ("closed", "2023-12-04")
    assert db.execute("SELECT count(*), min(as_of), max(as_of) FROM balance_history").fetchone() == (506, "2025-03-31", "2025-03-31")
    assert db.execute("SELECT count(*) FROM classification_history").fetchone()[0] == 506
    assert db.execute("SELECT count(*) FROM loans WHERE balance_as_of = '2025-03-31'").fetchone()[0] == 506
    # second time: nothing added, nothing changed, no new history
    before = table_counts(db)
    again = import_loans(db, data_dir / "core_banking_loans_gbk.csv", "wangfang", as_of=as_of)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 506)
    after = table_counts(db)
    assert after["balance_history"] == before["balance_history"] and after["classification_history"] == before["classification_history"]
    assert verify(db) is None


def test_loans_without_clients_are_rejected_with_reason(db, data_dir):
    result = import_loans(db, data_dir / "core_banking_loans_gbk.csv", "wangfang", as_of=date(2025, 3, 31))
    assert result.added == 0 and result.rejected == 506
    assert result.reject_reasons == {"unknown-client": 506}
    assert "不在本工作台" in result.rejections[0].reason_zh and "no client" in result.rejections[0].reason_en
    assert db.execute("SELECT count(*) FROM loans").fetchone()[0] == 0


def test_search_index_filled_and_trigger_kept(db, data_dir):
    from workbench.domain.names import fts_phrase

    import_clients(db, data_dir / "branch_clients_messy.xlsx", "wangfang")
    hits = db.execute(
        "SELECT c.name FROM clients_fts f JOIN clients c ON c.id = f.rowid WHERE clients_fts MATCH ?", [fts_phrase("绍兴瑞嘉电子")]
    ).fetchall()
    assert hits == [("绍兴瑞嘉电子科技有限公司",)]
    assert db.execute("SELECT count(*) FROM clients_fts").fetchone()[0] == 272
    # the insert trigger is back: a client added later is found too
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'clients_fts_ai'").fetchone()[0] == 1
    with db.atomic():
        db.execute(
            "INSERT INTO clients (uscc, name, name_chars, created_at, updated_at) VALUES ('X', '新客户', '新 客 户', 'now', 'now')"
        )
    assert db.execute("SELECT count(*) FROM clients_fts WHERE clients_fts MATCH ?", [fts_phrase("新客户")]).fetchone()[0] == 1


def test_size_warning_only_for_large_files(tmp_path, data_dir):
    from workbench.services.importing import reading

    assert reading.size_warning(data_dir / "branch_clients_clean.xlsx") is None
    big = tmp_path / "big.xlsx"
    with big.open("wb") as fh:
        fh.truncate(reading.LARGE_FILE_BYTES + 1)
    warning = reading.size_warning(big)
    assert warning and "内存" in warning and "memory" in warning
