"""Client list and client record, driven as a user would."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.shell_support import add_client, ctx, make_uscc, portfolio  # noqa: F401 - fixtures
from workbench.services.clients import ClientFilter, get_client
from workbench.ui.dialogs.client import ClientDialog
from workbench.ui.models.client_table import ClientTableModel
from workbench.ui.pages.clients import ClientsPage


def _names(model) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_typing_in_search_shows_matching_rows(qtbot, ctx):
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 4
    QTest.keyClicks(page.search, "hzxr")  # pinyin initials, typed key by key
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert _names(page.model) == ["杭州鑫瑞科技有限公司"]
    page.search.setText("鑫")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    assert set(_names(page.model)) == {"杭州鑫瑞科技有限公司", "温州鑫达鞋业有限公司"}
    assert "2" in page.count_label.text()
    page.search.setText(make_uscc(2)[:17])
    qtbot.waitUntil(lambda: _names(page.model) == ["宁波海通贸易有限公司"], timeout=2000)


def test_filters_and_sorting_run_in_sql(qtbot, ctx):
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    page.officer_combo.setCurrentIndex(page.officer_combo.findData("刘强"))
    assert set(_names(page.model)) == {"宁波海通贸易有限公司", "嘉兴华美纺织有限公司"}
    page.officer_combo.setCurrentIndex(0)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # USCC, descending
    assert _names(page.model)[0] == "嘉兴华美纺织有限公司"
    page.apply_filter(search="宁波")
    assert _names(page.model) == ["宁波海通贸易有限公司"]


def test_inclusive_filter_runs_off_the_gui_thread(qtbot, db, ctx, portfolio):
    big = add_client(db, "巨型集团有限公司", 30, employees=5000, revenue_fen=10**12)
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    page.inclusive_combo.setCurrentIndex(page.inclusive_combo.findData(False))
    assert page.loading
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert _names(page.model) == ["巨型集团有限公司"] and page.model.client_id(0) == big
    page.inclusive_combo.setCurrentIndex(page.inclusive_combo.findData(True))
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # a newer query supersedes the first
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert _names(page.model) == sorted(portfolio, reverse=True)


def test_client_model_is_lazy_and_passes_model_tester(qtbot, qtmodeltester, db, ctx):
    for i in range(250):
        add_client(db, f"测试企业{i:03d}有限公司", 100 + i)
    model = ClientTableModel(db)
    model.load(ClientFilter())
    assert model.total() == 254 and model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 254 and not model.canFetchMore()
    model.sort(1, Qt.SortOrder.DescendingOrder)  # re-queried in SQL: the first page is the highest USCCs
    assert model.rowCount() == 200
    assert model.index(0, 1).data() == make_uscc(349)
    qtmodeltester.check(model)


def test_phones_and_ids_are_masked_in_the_list(qtbot, db, ctx):
    add_client(db, "舟山远洋渔业有限公司", 50, phone="13812345678", legal_rep_id="11010519491231002X")
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    page.apply_filter(search="远洋")
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert "138****5678" in cells and "110105********002X" in cells
    assert "13812345678" not in cells


def test_bad_uscc_is_marked_and_save_refused(qtbot, db, ctx, portfolio):
    cid = portfolio["杭州鑫瑞科技有限公司"]
    dialog = ClientDialog(ctx, cid)
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled()
    dialog.edits["uscc"].setText("913301000000000099")  # wrong check character
    assert not dialog.save_button.isEnabled()
    assert "913301000000000099" in dialog.field_error("uscc")
    assert dialog.errors.labels["uscc"].isVisibleTo(dialog)
    dialog.save()  # refused
    assert get_client(db, cid)["uscc"] == make_uscc(1)
    dialog.edits["uscc"].setText(make_uscc(2))  # belongs to another client
    assert "宁波海通贸易有限公司" in dialog.field_error("uscc")
    assert not dialog.save_button.isEnabled()


def test_edit_client_updates_size_class_as_you_type_and_audits(qtbot, db, ctx, portfolio):
    cid = portfolio["宁波海通贸易有限公司"]
    dialog = ClientDialog(ctx, cid)
    qtbot.addWidget(dialog)
    assert dialog.size_label.text() == "小型"  # 工业, 50 people, 500 万元
    dialog.edits["employees"].setText("5")
    dialog.edits["revenue_fen"].setText("200")  # 万元
    assert dialog.size_label.text() == "微型"
    dialog.edits["employees"].setText("五")
    assert not dialog.save_button.isEnabled() and dialog.field_error("employees")
    dialog.edits["employees"].setText("5")
    assert dialog.edits["phone"].isReadOnly()  # masked until revealed with a reason
    from workbench.ui.dialogs.audit_reveal import RevealPersonalDataDialog

    reveal = RevealPersonalDataDialog(ctx, cid, dialog)
    qtbot.addWidget(reveal)
    reveal.reason.setText("核对合同联系电话")
    assert reveal.reveal()
    dialog.apply_revealed(reveal.revealed)
    dialog.edits["phone"].setText("13900001111")
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    row = get_client(db, cid)
    assert (row["employees"], row["revenue_fen"], row["size_class"], row["phone"]) == (5, 200_000_000, "micro", "13900001111")
    last = db.execute("SELECT actor, action, after_json FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before + 1
    assert db.execute("SELECT reason FROM audit_log WHERE action = 'reveal'").fetchone()[0] == "核对合同联系电话"
    assert last[0] == "wangfang" and last[1] == "update" and json.loads(last[2])["employees"] == 5


def test_new_client_with_supply_chain_link(qtbot, db, ctx, portfolio):
    core = add_client(db, "核心制造集团有限公司", 20, chain_role="core")
    dialog = ClientDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # name and USCC missing
    dialog.edits["name"].setText("配套零件厂")
    dialog.edits["uscc"].setText(make_uscc(21))
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supplier"))
    dialog.core_combo.setCurrentIndex(dialog.core_combo.findData(core))
    assert dialog.save_button.isEnabled(), dialog.errors.current
    dialog.save()
    new = get_client(db, dialog.client_id)
    assert (new["core_client_id"], new["chain_role"], new["officer"], new["name_initials"]) == (core, "supplier", "王芳", "ptljc")
    core_dialog = ClientDialog(ctx, core)
    qtbot.addWidget(core_dialog)
    assert core_dialog.members_view.model().rowCount() == 1
    assert core_dialog.tabs.count() == 7  # enterprise, credit, chain, visits, applications, loans, renewals


def test_record_masks_personal_data_and_keeps_it_on_save(qtbot, db, ctx):
    cid = add_client(db, "舟山远洋渔业有限公司", 60, phone="13812345678", legal_rep_id="11010519491231002X")
    dialog = ClientDialog(ctx, cid)
    qtbot.addWidget(dialog)
    assert dialog.edits["phone"].text() == "138****5678"
    assert dialog.edits["legal_rep_id"].text() == "110105********002X"
    assert dialog.save_button.isEnabled()  # the masked text is not validated as a number
    dialog.edits["address"].setText("舟山市定海区")
    dialog.save()
    row = get_client(db, cid)
    assert (row["phone"], row["legal_rep_id"], row["address"]) == ("13812345678", "11010519491231002X", "舟山市定海区")


def test_read_only_portfolio_refuses_saving(qtbot, db, ctx, portfolio):
    ctx.readonly = True
    dialog = ClientDialog(ctx, portfolio["杭州鑫瑞科技有限公司"])
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text()
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    assert not page.new_button.isEnabled() and page.model.rowCount() == 4
