"""The packet over an application taken through the credit engineer's real workflow."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from workbench.services import applications, lpr, workflow
from workbench.services.packet import WATERMARK_TEXT, build_packet


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_packet_follows_the_workflow(db, apps, tmp_path):
    lpr.ensure_seeded(db)
    day = date(2025, 6, 30)
    app_id = applications.create_application(
        db, "wangfang", apps.client_id, product="流动资金贷款", amount_fen=30_000_000, term_months=12,
        repayment_method="equal_principal", guarantee_type="credit", spread_bp=50, purpose="支付货款",
        business_overview="订单充足。", repayment_source="销售回款。", risks="应收账款周期较长。", today=day,
    )
    workflow.act(db, "wangfang", app_id, "submit", today=day)
    workflow.act(db, "lijun", app_id, "take_review", today=day)
    workflow.act(db, "lijun", app_id, "pass_review", opinion="同意提交审批。", today=day)
    draft = _text(build_packet(db, app_id, tmp_path / "draft.pdf", today=day))
    assert WATERMARK_TEXT in draft
    assert "人民币叁拾万元整" in draft
    assert "同意提交审批。" in draft and "李军" in draft  # the reviewer's name, not the username
    assert "lijun" not in draft

    workflow.act(db, "zhaomin", app_id, "approve", opinion="同意。", amount_fen=25_000_000, today=day)
    final = _text(build_packet(db, app_id, tmp_path / "final.pdf", today=day))
    assert WATERMARK_TEXT not in final and "DRAFT" not in final
    assert "人民币贰拾伍万元整" in final and "姓名：赵敏" in final
    assert "本行当前授信（含本笔）" in final
