"""One packet, read back with pypdf: content, schedule rows, footers, watermark, fonts."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.services.packet.fixtures import CLIENT_USCC, LEGAL_REP_ID, TODAY, approve
from workbench.domain.money import format_yuan
from workbench.domain.schedule import build_schedule
from workbench.services.errors import NotFound
from workbench.services.packet import WATERMARK_TEXT, build_packet, load_packet_data

STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
    "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


def page_texts(path) -> list[str]:
    """Each page's text with whitespace runs collapsed to one space."""
    return [" " + " ".join(page.extract_text().split()) + " " for page in PdfReader(path).pages]


def test_short_packet_content(db, apps, tmp_path):
    out = build_packet(db, apps.short_id, tmp_path / "short.pdf", today=TODAY)
    pages = page_texts(out)
    text = "".join(pages)
    assert "杭州鑫瑞智能科技有限公司" in text
    assert CLIENT_USCC in text
    assert "浙江示范银行" in text and "杭州西湖支行" in text
    assert "500,000.00 元（50.00 万元）" in text
    assert "人民币伍拾万元整" in text
    assert "年利率 3.85%（1年期 LPR 3.00%，2025-05-20 公布 + 85 BP）" in text
    assert "等额本息" in text and "采购原材料" in text
    # exposure: 200,000 existing line + 500,000 requested
    assert "700,000.00 元（70.00 万元）" in text
    # supply chain context
    assert "浙江海纳电器集团有限公司" in text and "上游供应商" in text
    # approval history opinions
    for opinion in ("客户经营正常，建议授信。", "审查同意，建议金额不超过 50 万元。"):
        assert opinion in text
    assert " 李军 风险审查 " in text and "lijun" not in text  # names, not usernames
    assert "审查通过 审查中 → 审批中" in text
    for block in ("客户经理", "风险审查", "审批人", "日期：________年____月____日"):
        assert block in text


def test_personal_data_masked(db, apps, tmp_path):
    out = build_packet(db, apps.short_id, tmp_path / "p.pdf", today=TODAY)
    text = "".join(page_texts(out))
    assert LEGAL_REP_ID not in text
    assert "330102********1233" in text
    assert "13812345678" not in text and "138****5678" in text


@pytest.mark.parametrize("which", ["short_id", "long_id"])
def test_every_instalment_row_and_footer(db, apps, tmp_path, which):
    app_id = getattr(apps, which)
    out = build_packet(db, app_id, tmp_path / "p.pdf", today=TODAY)
    pages = page_texts(out)
    text = "".join(pages)
    d = load_packet_data(db, app_id, TODAY)
    sched = build_schedule(d.terms.amount_fen, d.terms.rate_bp, d.terms.term_months, d.terms.method, TODAY)
    for i in sched.instalments:
        row = " ".join([str(i.seq), i.due_date.isoformat(), format_yuan(i.principal_fen), format_yuan(i.interest_fen),
                        format_yuan(i.payment_fen), format_yuan(i.balance_fen)])
        assert f" {row} " in text, row
    totals = f" 合计 {format_yuan(sched.total_principal_fen)} {format_yuan(sched.total_interest_fen)} " \
             f"{format_yuan(sched.total_payment_fen)} "
    assert totals in text
    assert sched.total_principal_fen == d.terms.amount_fen
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 / 共 {len(pages)} 页" in page
        assert f"申请编号：{d.app_no}" in page


def test_long_schedule_spans_pages_with_repeated_header(db, apps, tmp_path):
    out = build_packet(db, "SQ-2025-0013", tmp_path / "long.pdf", today=TODAY)
    pages = page_texts(out)
    header = "期次 还款日 应还本金（元） 应还利息（元） 本息合计（元） 剩余本金（元）"
    assert len(pages) >= 4
    assert sum(header in p for p in pages) >= 2
    text = "".join(pages)
    assert "人民币叁佰万元整" in text
    assert "房产" in text and "6,000,000.00" in text and "贷款金额 / 评估价值 = 50.00%" in text
    assert "【符合】借款人持续经营" in text


def test_watermark_until_approved(db, apps, tmp_path):
    draft = page_texts(build_packet(db, apps.short_id, tmp_path / "draft.pdf", today=TODAY))
    assert all(WATERMARK_TEXT in p for p in draft)
    approve(db, apps.short_id)
    final = page_texts(build_packet(db, apps.short_id, tmp_path / "final.pdf", today=TODAY))
    assert not any(WATERMARK_TEXT in p or "DRAFT" in p for p in final)
    text = "".join(final)
    assert "人民币肆拾伍万元整" in text  # approved amount in capitals
    assert "年利率 3.75%" in text
    assert "同意，金额调整为 45 万元。" in text
    assert "姓名：赵敏" in text
    # the approved line is in the exposure now: 200,000 earlier line + 450,000
    assert "本行当前授信（含本笔） 650,000.00 元（65.00 万元）" in text


def _fonts(reader: PdfReader):
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            yield ref.get_object()


def test_every_font_embedded_subset(db, apps, tmp_path):
    out = build_packet(db, apps.long_id, tmp_path / "p.pdf", today=TODAY)
    seen = 0
    for font in _fonts(PdfReader(out)):
        seen += 1
        base = str(font["/BaseFont"]).lstrip("/")
        assert base.split("+")[-1] not in STANDARD_14, base
        assert "STSong" not in base
        if font["/Subtype"] == "/Type0":
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        else:
            descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, base
        assert "+" in base, f"{base} is not a subset"
    assert seen > 0


def test_unknown_application(db, apps, tmp_path):
    with pytest.raises(NotFound) as info:
        build_packet(db, "SQ-NOPE", tmp_path / "x.pdf", today=TODAY)
    assert "SQ-NOPE" in info.value.message_zh
    assert not (tmp_path / "x.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


def test_minimal_application_uses_defaults(db, tmp_path):
    from tests.services.packet.fixtures import insert_application, insert_client

    client = insert_client(db, "91330106MA2B0GXX3B", "西湖小面馆")
    app = insert_application(db, client, "SQ-MIN-1", repayment_method="no_such_method", guarantee_type="credit",
                             business_overview=None, repayment_source=None, risks=None, purpose=None,
                             created_by="ghost", reviewed_by=None)
    pages = page_texts(build_packet(db, app, tmp_path / "m.pdf", today=TODAY))
    text = "".join(pages)
    assert " 本行 " in pages[0]  # default bank name, no branch set anywhere
    assert "西湖小面馆" in text and "无保证人及抵（质）押物" in text
    assert "无法生成还款计划" in text  # the schedule error is printed, not raised
    assert "供应链背景" not in text
    assert "尚无审批记录" in text
    assert "姓名：ghost" in text  # no users row: the username stands in


@pytest.mark.parametrize("method", ["interest_only", "revolving"])
def test_daily_rate_methods_print_their_schedule(db, apps, tmp_path, method):
    db["applications"].update(apps.short_id, {"repayment_method": method})
    text = "".join(page_texts(build_packet(db, apps.short_id, tmp_path / "p.pdf", today=TODAY)))
    d = load_packet_data(db, apps.short_id, TODAY)
    sched = build_schedule(d.terms.amount_fen, d.terms.rate_bp, d.terms.term_months, method, TODAY)
    last = sched.instalments[-1]
    assert f" 12 {last.due_date.isoformat()} {format_yuan(last.principal_fen)} " in text
    assert format_yuan(last.principal_fen) == "500,000.00"


def test_renewal_shows_the_loan_it_replaces(db, apps, tmp_path):
    loan_id = db.execute("SELECT id FROM loans WHERE loan_no = 'JJ-2024-0100'").fetchone()[0]
    db["applications"].update(apps.short_id, {"kind": "no_principal", "renews_loan_id": loan_id})
    text = "".join(page_texts(build_packet(db, apps.short_id, tmp_path / "r.pdf", today=TODAY)))
    assert "无还本续贷" in text
    assert "JJ-2024-0100，金额 200,000.00 元，余额 150,000.00 元，到期日 2025-07-01" in text
    assert "续贷置换原借据余额 -150,000.00 元（15.00 万元）" in text
    # 200,000 line + 500,000 - 150,000 repaid by the renewal
    assert "审批后本行授信 550,000.00 元（55.00 万元）" in text
