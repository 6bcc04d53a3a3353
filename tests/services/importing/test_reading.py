"""Encodings, sheet choice, header and unit detection, cleaning details."""

from __future__ import annotations

import pytest

from workbench.services.errors import Cancelled
from workbench.services.importing.clients import import_clients, preview_clients
from workbench.services.importing.common import load_sheet
from workbench.services.importing.templates import list_templates, load_template, save_template

from .conftest import make_uscc, table_counts, write_csv, write_xlsx

HEAD = ["企业名称", "统一社会信用代码", "营业收入（万元）", "成立日期"]


def test_gbk_file_with_gb18030_only_character(db, tmp_path):
    # 䶮 (U+4DAE) exists in GB18030 but not in GBK
    path = write_csv(tmp_path / "gbk.csv", [HEAD, ["杭州䶮记餐饮有限公司", make_uscc(7), "12.5", "2019年5月1日"]], encoding="gb18030")
    result = import_clients(db, path, "wangfang")
    assert result.added == 1
    assert db.execute("SELECT name, revenue_fen, established_on FROM clients").fetchone() == ("杭州䶮记餐饮有限公司", 12_500_000, "2019-05-01")


def test_plain_gbk_and_utf8_without_bom(db, tmp_path):
    a = write_csv(tmp_path / "a.csv", [HEAD, ["甲公司", make_uscc(1), "1", "20190501"]], encoding="gbk")
    b = write_csv(tmp_path / "b.csv", [HEAD, ["乙公司", make_uscc(2), "2", "43586"]], encoding="utf-8")
    assert load_sheet(a, "clients").book.encoding == "gb18030"
    assert load_sheet(b, "clients").book.encoding == "utf-8"
    import_clients(db, a, "x")
    import_clients(db, b, "x")
    assert db.execute("SELECT name, established_on FROM clients ORDER BY id").fetchall() == [("甲公司", "2019-05-01"), ("乙公司", "2019-05-01")]


def test_data_sheet_chosen_after_instructions_sheet(db, tmp_path):
    path = write_xlsx(
        tmp_path / "two.xlsx",
        {
            "填表说明": [["请按模板填写"], ["金额单位：万元"]],
            "客户": [["标题：客户清单"], HEAD, ["甲公司", make_uscc(3), 5, "2020-01-02"]],
        },
    )
    loaded = load_sheet(path, "clients")
    assert loaded.layout.sheet == "客户" and loaded.layout.header_row == 1
    assert not loaded.layout.unsure_sheet
    assert import_clients(db, path, "x").added == 1


def test_group_header_and_unit_line(db, tmp_path):
    import xlsxwriter

    path = tmp_path / "group.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.merge_range(0, 0, 0, 4, "客户清单")
    sheet.write(1, 2, "金额单位：元")
    sheet.merge_range(2, 0, 2, 1, "基本信息")
    sheet.merge_range(2, 2, 2, 3, "财务（万元）")
    sheet.write_row(3, 0, ["客户名称", "社会信用代码", "营业收入", "总资产", "他行贷款"])
    sheet.write_row(4, 0, ["甲公司", make_uscc(4), "3", "4", "5"])
    sheet.write_row(5, 0, ["合计", "", 3, 4, 5])
    book.close()
    loaded = load_sheet(path, "clients")
    assert loaded.layout.header_row == 3
    assert loaded.layout.units == {"revenue_fen": "wan", "assets_fen": "wan", "other_bank_loans_fen": "yuan"}
    result = import_clients(db, path, "x")
    assert result.added == 1 and result.skipped_rows == 1
    assert db.execute("SELECT revenue_fen, assets_fen, other_bank_loans_fen FROM clients").fetchone() == (3_000_000, 4_000_000, 500)


def test_group_header_in_csv_covers_following_empty_cells(db, tmp_path):
    path = write_csv(
        tmp_path / "group.csv",
        [
            ["客户清单"],
            ["", "", "金额单位：元"],
            ["基本信息", "", "财务（万元）", ""],
            ["客户名称", "社会信用代码", "营业收入", "总资产", "他行贷款"],
            ["甲公司", make_uscc(4), "3", "4", "5"],
            ["合计", "", 3, 4, 5],
        ],
    )
    loaded = load_sheet(path, "clients")
    assert loaded.layout.header_row == 3
    assert loaded.layout.units == {"revenue_fen": "wan", "assets_fen": "wan", "other_bank_loans_fen": "wan"}


def test_row_rejections_name_column_value_reason(db, tmp_path):
    rows = [
        HEAD + ["从业人数", "法人身份证号"],
        ["甲公司", make_uscc(1), "1.2345678", "2020-01-01", "3", ""],  # not whole fen in 万元
        ["乙公司", make_uscc(2), "1", "2020-02-30", "3", ""],  # no such date
        ["丙公司", make_uscc(3), "1", "2020-01-01", "3.5", ""],  # half a person
        ["丁公司", make_uscc(4), "1", "2020-01-01", "3", "330102199001011230"],  # bad ID check digit
        ["", make_uscc(5), "1", "2020-01-01", "3", ""],  # no name
        ["戊公司", make_uscc(6), "50万", "2020-01-01", "3", "33060219930623361x"],
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    result = import_clients(db, path, "x")
    assert result.added == 1
    codes = [(r.row_no, r.code, r.header) for r in result.rejections]
    assert codes == [
        (2, "bad-number", "营业收入(万元)"),
        (3, "bad-date", "成立日期"),
        (4, "bad-number", "从业人数"),
        (5, "bad-id", "法人身份证号"),
        (6, "missing-name", "企业名称"),
    ]
    assert all(r.reason_zh and r.reason_en for r in result.rejections)
    # "50万" with a unit of its own overrides the column's 万元
    assert db.execute("SELECT revenue_fen, legal_rep_id FROM clients").fetchone() == (50_000_000, "33060219930623361X")


def test_update_reports_changed_fields_and_blank_keeps_value(db, tmp_path):
    u = make_uscc(9)
    first = write_csv(tmp_path / "a.csv", [["企业名称", "统一社会信用代码", "联系电话", "所属行业"], ["甲公司", u, "13800000000", "工业"]])
    second = write_csv(tmp_path / "b.csv", [["企业名称", "统一社会信用代码", "联系电话", "所属行业"], ["甲公司新名", u, "", "零售业"]])
    import_clients(db, first, "x")
    plan = preview_clients(db, load_sheet(second, "clients"))
    assert plan.counts()["updated"] == 1
    assert plan.updates[0]["changes"]["name"] == ["甲公司", "甲公司新名"]
    assert plan.updates[0]["changes"]["industry"] == ["工业", "零售业"]
    assert "phone" not in plan.updates[0]["changes"]
    result = import_clients(db, second, "x")
    assert result.updated == 1 and result.updated_fields["name"] == 1
    assert db.execute("SELECT name, phone, name_initials FROM clients").fetchone() == ("甲公司新名", "13800000000", "jgsxm")
    audit_row = db.execute("SELECT before_json, after_json FROM audit_log WHERE action = 'import.update'").fetchone()
    assert "甲公司" in audit_row[0] and "甲公司新名" in audit_row[1]


def test_cancel_writes_nothing(db, tmp_path):
    rows = [HEAD] + [[f"公司{i}", make_uscc(i), "1", "2020-01-01"] for i in range(5000)]
    path = write_csv(tmp_path / "many.csv", rows)
    before = table_counts(db)
    calls = {"n": 0}

    def cancel():
        calls["n"] += 1
        return calls["n"] > 6  # well into the commit

    with pytest.raises(Cancelled):
        import_clients(db, path, "x", cancel=cancel)
    assert calls["n"] > 6
    assert table_counts(db) == before


def test_manual_mapping_and_template(db, tmp_path):
    path = write_csv(tmp_path / "odd.csv", [["商户", "代码", "行业"], ["甲公司", make_uscc(1), "工业"]])
    mapping = {"name": "商户", "uscc": "代码"}
    result = import_clients(db, path, "x", mapping=mapping)
    assert result.added == 1
    save_template(db, "某支行模板", "clients", mapping, "x")
    assert list_templates(db, "clients") == ["某支行模板"]
    kind, loaded = load_template(db, "某支行模板")
    assert (kind, loaded) == ("clients", mapping)
    path2 = write_csv(tmp_path / "odd2.csv", [["商户", "代码", "行业"], ["乙公司", make_uscc(2), "工业"]])
    assert import_clients(db, path2, "x", mapping=loaded).added == 1
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
