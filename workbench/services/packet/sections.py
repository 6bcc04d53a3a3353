"""The packet's sections as platypus flowables, one function per section.

Each function takes the :class:`PacketData` and the styles and returns a list
of flowables; ``document.py`` strings them together.
"""

from __future__ import annotations

import json
from datetime import date
from xml.sax.saxutils import unescape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from workbench.domain.capitals import amount_in_capitals
from workbench.domain.identifiers import mask_id_number, mask_phone
from workbench.domain.schedule import METHOD_LABELS_ZH, Schedule
from workbench.services.packet import formatting as fmt
from workbench.services.packet import labels as lb
from workbench.services.packet.data import PacketData
from workbench.services.packet.pdf_kit import (
    FONT,
    HEADER_BG,
    LABEL_BG,
    LABEL_FG,
    MARGIN,
    PAGE_SIZE,
    Styles,
    base_table_style,
)

CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN


def _p(text: str, style) -> Paragraph:
    return Paragraph(text, style)


_PADDING = 12  # a table cell's default left + right padding, points


def cell(markup: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A table cell: plain text when it fits on one line, else a wrapping Paragraph.

    Paragraphs cost most of a packet's build time; most cells are short.
    Plain cells take the table's font, size, alignment and colour commands.
    """
    if "<" not in markup:
        plain = unescape(markup)
        if pdfmetrics.stringWidth(plain, FONT, style.fontSize) <= width - _PADDING:
            return plain
    return Paragraph(markup, style)


def key_value_table(rows: list[tuple], st: Styles, columns: int = 2) -> Table:
    """A grid of label/value pairs, ``columns`` pairs per line.

    A row given as ``(label, value, True)`` spans the whole line.
    Values are paragraph markup (already escaped).
    """
    label_w = 30 * mm
    value_w = CONTENT_WIDTH / columns - label_w
    data: list[list] = []
    spans: list[tuple] = []
    line: list = []

    def close_line() -> None:
        # an incomplete last pair: its value runs to the right edge
        data.append(line + [""] * (2 * columns - len(line)))
        spans.append(("SPAN", (len(line) - 1, len(data) - 1), (-1, len(data) - 1)))

    for row in rows:
        label, value = row[0], row[1]
        wide = len(row) > 2 and row[2]
        if wide:
            if line:
                close_line()
                line = []
            data.append([cell(label, st.cell_label, label_w), cell(value, st.cell, CONTENT_WIDTH - label_w)]
                        + [""] * (2 * columns - 2))
            spans.append(("SPAN", (1, len(data) - 1), (-1, len(data) - 1)))
            continue
        line += [cell(label, st.cell_label, label_w), cell(value, st.cell, value_w)]
        if len(line) == 2 * columns:
            data.append(line)
            line = []
    if line:
        close_line()
    table = Table(data, colWidths=[label_w, value_w] * columns)
    style = base_table_style() + spans
    style += [("BACKGROUND", (2 * i, 0), (2 * i, -1), LABEL_BG) for i in range(columns)]
    style += [("TEXTCOLOR", (2 * i, 0), (2 * i, -1), LABEL_FG) for i in range(columns)]
    table.setStyle(TableStyle(style))
    return table


def grid_table(header: list[str], rows: list[list], st: Styles, widths: list[float], right: tuple = ()) -> Table:
    """A list table with a shaded header row repeated on every page."""
    data = [[cell(h, st.cell_center, w) for h, w in zip(header, widths)]]
    for row in rows:
        data.append([cell(v, st.cell_right if i in right else st.cell, widths[i]) for i, v in enumerate(row)])
    table = Table(data, colWidths=widths, repeatRows=1)
    aligns = [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right]
    table.setStyle(TableStyle(
        base_table_style() + aligns + [("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    ))
    return table


def cover(d: PacketData, st: Styles) -> list[Flowable]:
    app, client, terms = d.application, d.client, d.terms
    rows = [
        ("申请编号", fmt.text(d.app_no)),
        ("客户名称", fmt.text(client["name"])),
        ("统一社会信用代码", fmt.text(client["uscc"])),
        ("申请类型", lb.label(lb.KIND, app["kind"])),
        ("业务品种", fmt.text(app["product"])),
        ("申请金额", fmt.yuan_and_wan(app["amount_fen"])),
        ("期限", f"{app['term_months']} 个月"),
        ("客户经理", fmt.text(d.officer_name)),
        ("经办机构", fmt.text(" ".join(x for x in (d.bank_name, d.branch_name) if x))),
        ("申请状态", lb.label(lb.STATUS, app["status"])),
        ("报告日期", fmt.chinese_date(d.today)),
    ]
    if terms.approved:
        rows.insert(7, ("批准金额", fmt.yuan_and_wan(terms.amount_fen)))
    table = Table(
        [[_p(k, st.cell_label), _p(v, st.cell)] for k, v in rows],
        colWidths=[40 * mm, 95 * mm],
    )
    table.setStyle(
        TableStyle(
            base_table_style(10)
            + [("BACKGROUND", (0, 0), (0, -1), LABEL_BG), ("TOPPADDING", (0, 0), (-1, -1), 5),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
        )
    )
    return [
        Spacer(1, 30 * mm),
        _p(fmt.text(d.bank_name), st.subtitle),
        _p(fmt.text(d.branch_name) if d.branch_name else "", st.subtitle),
        Spacer(1, 14 * mm),
        _p("小微企业授信审批报告", st.title),
        _p("SME Credit Approval Packet", st.subtitle),
        Spacer(1, 18 * mm),
        table,
        Spacer(1, 20 * mm),
        _p("本报告含客户个人信息，仅限授信审查审批使用，请妥善保管。", st.note),
    ]


def _inclusive_text(d: PacketData) -> str:
    e = d.exposure
    yes_no = {True: "是", False: "否"}
    return (f"当前{yes_no[e.inclusive_now]}；审批后{yes_no[e.inclusive_after]}"
            f"（按审批后本行授信 {fmt.yuan_and_wan(e.after_fen)} 判定）")


def client_info(d: PacketData, st: Styles) -> list[Flowable]:
    c = d.client
    rep = fmt.text(c.get("legal_rep"))
    if c.get("legal_rep_id"):
        rep += f"（身份证 {fmt.text(mask_id_number(c['legal_rep_id']))}）"
    rows = [
        ("客户名称", fmt.text(c["name"]), True),
        ("统一社会信用代码", fmt.text(c["uscc"])),
        ("主体类型", lb.label(lb.ENTITY, c.get("entity_type"))),
        ("法定代表人", rep, True),
        ("地址", fmt.text(c.get("address")), True),
        ("所属行业", fmt.text(c.get("industry"))),
        ("企业规模", lb.label(lb.SIZE, c.get("size_class"), "未划型")),
        ("成立日期", fmt.years_between(c.get("established_on"), d.today)),
        ("联系电话", fmt.text(mask_phone(c.get("phone")) or None)),
        ("从业人员", fmt.count(c.get("employees"), " 人")),
        ("营业收入", fmt.yuan_and_wan(c.get("revenue_fen"))),
        ("资产总额", fmt.yuan_and_wan(c.get("assets_fen"))),
        ("经营状态", "持续经营" if c.get("still_operating", 1) else "已停业"),
        ("普惠型小微", _inclusive_text(d), True),
    ]
    return [key_value_table(rows, st)]


def credit_info(d: PacketData, st: Styles) -> list[Flowable]:
    c = d.client
    rows = [
        ("纳税信用等级", fmt.text(c.get("tax_grade"))),
        ("社保缴纳人数", fmt.count(c.get("social_insurance_headcount"), " 人")),
        ("征信报告查询", fmt.text(c.get("credit_report_checked_on") or "未查询")),
        ("他行贷款余额", fmt.yuan_and_wan(c.get("other_bank_loans_fen"))),
        ("涉诉及法院记录", fmt.text(c.get("court_records") or "无"), True),
        ("他行贷款说明", fmt.text(c.get("other_bank_loans_note")), True),
    ]
    return [key_value_table(rows, st)]


def has_supply_chain(d: PacketData) -> bool:
    return d.core_client is not None or bool(d.chain_members) or d.client.get("chain_role") == "core"


def supply_chain(d: PacketData, st: Styles) -> list[Flowable]:
    c = d.client
    rows = [("本客户角色", lb.label(lb.CHAIN_ROLE, c.get("chain_role"), "未标注"))]
    if d.core_client:
        core = d.core_client
        rows.append(("核心企业", f"{fmt.text(core['name'])}（{fmt.text(core['uscc'])}）", True))
        rows.append(("核心企业行业", fmt.text(core.get("industry"))))
    if d.chain_members:
        members = "，".join(f"{lb.label(lb.CHAIN_ROLE, role, '未标注')} {n} 户" for role, n in sorted(d.chain_members.items()))
        rows.append(("链上客户", members, True))
    return [key_value_table(rows, st)]


def _rate_text(lpr_bp: int, spread_bp: int, rate_bp: int, tenor: str, published: str | None) -> str:
    when = f"，{published} 公布" if published else ""
    return f"年利率 {fmt.percent(rate_bp)}（{lb.label(lb.TENOR, tenor)} LPR {fmt.percent(lpr_bp)}{when} {fmt.spread(spread_bp)}）"


def request(d: PacketData, st: Styles) -> list[Flowable]:
    app, terms = d.application, d.terms
    rows = [
        ("申请类型", lb.label(lb.KIND, app["kind"])),
        ("业务品种", fmt.text(app["product"])),
        ("申请金额", fmt.yuan_and_wan(app["amount_fen"]), True),
        ("金额大写", "人民币" + amount_in_capitals(app["amount_fen"]), True),
        ("申请期限", f"{app['term_months']} 个月"),
        ("还款方式", METHOD_LABELS_ZH.get(app["repayment_method"], app["repayment_method"])),
        ("申请利率", _rate_text(app["lpr_bp"], app["spread_bp"], app["rate_bp"], app["lpr_tenor"], app.get("lpr_published_on")), True),
        ("担保方式", lb.label(lb.GUARANTEE, app["guarantee_type"])),
        ("提交时间", fmt.local_datetime(app.get("submitted_at"))),
        ("贷款用途", fmt.text(app.get("purpose")), True),
    ]
    if terms.approved:
        rows += [
            ("批准金额", fmt.yuan_and_wan(terms.amount_fen), True),
            ("批准金额大写", "人民币" + amount_in_capitals(terms.amount_fen), True),
            ("批准期限", f"{terms.term_months} 个月"),
            ("批准时间", fmt.local_datetime(app.get("decided_at"))),
            ("批准利率", _rate_text(terms.lpr_bp, terms.spread_bp, terms.rate_bp, app["lpr_tenor"], app.get("lpr_published_on")), True),
        ]
    if d.renewed_loan:
        loan = d.renewed_loan
        rows.append(
            ("原借据", (f"{fmt.text(loan['loan_no'])}，金额 {fmt.yuan(loan['amount_fen'])} 元，"
                        f"余额 {fmt.yuan(loan['balance_fen'])} 元，到期日 {loan['maturity_date']}"), True)
        )
    return [key_value_table(rows, st)]


def guarantee(d: PacketData, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [
        _p(f"担保方式：{lb.label(lb.GUARANTEE, d.application['guarantee_type'])}", st.body)
    ]
    if d.guarantors:
        rows = []
        for g in d.guarantors:
            name = g.get("guarantor_name") or g.get("person_name")
            ident = g.get("guarantor_uscc") or mask_id_number(g.get("id_number"))
            rows.append([fmt.text(name), fmt.text(ident or None), fmt.text(g.get("relation")), fmt.yuan(g.get("amount_fen"))])
        out += [
            _p("保证人", st.subheading),
            grid_table(["保证人", "证件号码", "与借款人关系", "担保金额（元）"], rows, st,
                       [60 * mm, 45 * mm, 30 * mm, CONTENT_WIDTH - 135 * mm], right=(3,)),
            Spacer(1, 3 * mm),
        ]
    if d.collateral:
        total = sum(c["appraised_value_fen"] for c in d.collateral)
        rows = [
            [fmt.text(c["kind"]), fmt.text(c.get("owner")), fmt.text(c.get("description")),
             fmt.yuan(c["appraised_value_fen"]), fmt.percent(c.get("ltv_bp"))]
            for c in d.collateral
        ]
        # loan-to-value in basis points, rounded half-up, integer arithmetic
        ltv_bp = (d.terms.amount_fen * 20000 + total) // (2 * total) if total else None
        rows.append(["合计", "", f"贷款金额 / 评估价值 = {fmt.percent(ltv_bp)}", fmt.yuan(total), ""])
        out += [
            _p("抵（质）押物", st.subheading),
            grid_table(["类型", "所有权人", "描述", "评估价值（元）", "抵押率"], rows, st,
                       [22 * mm, 35 * mm, CONTENT_WIDTH - 117 * mm, 32 * mm, 28 * mm], right=(3, 4)),
        ]
    if not d.guarantors and not d.collateral:
        out.append(_p("无保证人及抵（质）押物。", st.body))
    return out


def exposure(d: PacketData, st: Styles) -> list[Flowable]:
    e = d.exposure
    rows = [
        ("本行当前授信" + ("（含本笔）" if d.terms.approved else ""), fmt.yuan_and_wan(e.now_fen)),
        ("其中：贷款余额", fmt.yuan_and_wan(e.loan_balance_fen)),
        ("本笔" + ("批准" if d.terms.approved else "申请") + "金额", fmt.yuan_and_wan(e.requested_fen)),
    ]
    if e.replaced_fen:
        rows.append(("续贷置换原借据余额", "-" + fmt.yuan_and_wan(e.replaced_fen)))
    rows.append(("审批后本行授信", fmt.yuan_and_wan(e.after_fen)))
    if e.chain_now_fen is not None:
        rows.append(("供应链整体授信", f"{fmt.yuan_and_wan(e.chain_now_fen)} → 审批后 {fmt.yuan_and_wan(e.chain_after_fen)}"))
    rows.append(("他行贷款余额", fmt.yuan_and_wan(e.other_banks_fen)))
    if e.other_banks_fen is not None:
        rows.append(("审批后融资合计（含他行）", fmt.yuan_and_wan(e.after_fen + e.other_banks_fen)))
    rows.append(("普惠型小微", _inclusive_text(d)))
    widths = [60 * mm, CONTENT_WIDTH - 60 * mm]
    table = Table([[cell(k, st.cell_label, widths[0]), cell(v, st.cell_right, widths[1])] for k, v in rows],
                  colWidths=widths)
    table.setStyle(TableStyle(base_table_style() + [
        ("BACKGROUND", (0, 0), (0, -1), LABEL_BG), ("TEXTCOLOR", (0, 0), (0, -1), LABEL_FG),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
    ]))
    out: list[Flowable] = [table]
    if e.warning_zh:
        out += [Spacer(1, 2 * mm), _p("提示：" + fmt.text(e.warning_zh), st.body)]
    return out


def _eligibility_lines(raw: str | None) -> list[str]:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return [fmt.text(raw)]
    items = value.get("checks", value) if isinstance(value, dict) else value
    if isinstance(items, dict):
        return [f"{fmt.text(k)}：{fmt.text(v)}" for k, v in items.items()]
    lines = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            ok = item.get("ok", item.get("passed"))
            mark = "" if ok is None else ("【符合】" if ok else "【不符合】")
            words = item.get("label_zh") or item.get("name_zh") or item.get("reason_zh") or item.get("name") or item.get("rule")
            detail = item.get("reason_zh") if item.get("reason_zh") != words else None
            lines.append(mark + fmt.text(words) + (f"：{fmt.text(detail)}" if detail else ""))
        else:
            lines.append(fmt.text(item))
    return lines


def analysis(d: PacketData, st: Styles) -> list[Flowable]:
    app = d.application
    out: list[Flowable] = []
    for title, key in (("经营情况", "business_overview"), ("还款来源", "repayment_source"), ("风险分析及防控措施", "risks")):
        out += [_p(title, st.subheading), _p(fmt.text(app.get(key)), st.body)]
    checks = _eligibility_lines(app.get("eligibility_json"))
    if checks:
        out.append(_p("续贷条件核查", st.subheading))
        out += [_p("· " + line, st.body) for line in checks]
    if app.get("override_justification"):
        out += [_p("例外事项说明", st.subheading), _p(fmt.text(app["override_justification"]), st.body)]
    return out


def schedule_table(d: PacketData, sched: Schedule, start: date, st: Styles) -> list[Flowable]:
    t = d.terms
    note = (
        f"按{'批准' if t.approved else '申请'}条件测算：金额 {fmt.yuan(t.amount_fen)} 元，期限 {t.term_months} 个月，"
        f"年利率 {fmt.percent(t.rate_bp)}，{METHOD_LABELS_ZH.get(t.method, t.method)}，"
        f"假设于 {start.isoformat()} 放款；实际以借据为准。"
    )
    data = [["期次", "还款日", "应还本金（元）", "应还利息（元）", "本息合计（元）", "剩余本金（元）"]]
    for i in sched.instalments:
        data.append([str(i.seq), i.due_date.isoformat(), fmt.yuan(i.principal_fen), fmt.yuan(i.interest_fen),
                     fmt.yuan(i.payment_fen), fmt.yuan(i.balance_fen)])
    data.append(["合计", "", fmt.yuan(sched.total_principal_fen), fmt.yuan(sched.total_interest_fen),
                 fmt.yuan(sched.total_payment_fen), ""])
    w = CONTENT_WIDTH
    table = Table(data, colWidths=[14 * mm, 26 * mm] + [(w - 40 * mm) / 4] * 4, repeatRows=1)
    table.setStyle(TableStyle(base_table_style(8.5) + [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("BACKGROUND", (0, -1), (-1, -1), LABEL_BG),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (0, 1), (1, -1), "CENTER"),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return [_p(note, st.note), Spacer(1, 2 * mm), table]


def approval_history(d: PacketData, st: Styles) -> list[Flowable]:
    if not d.steps:
        return [_p("尚无审批记录。", st.body)]
    rows = []
    for s in d.steps:
        opinion = fmt.text(s.get("opinion"))
        changed = []
        if s.get("amount_fen") is not None:
            changed.append(f"金额 {fmt.yuan(s['amount_fen'])} 元")
        if s.get("term_months") is not None:
            changed.append(f"期限 {s['term_months']} 个月")
        if s.get("rate_bp") is not None:
            changed.append(f"利率 {fmt.percent(s['rate_bp'])}")
        elif s.get("spread_bp") is not None:
            changed.append(f"加点 {fmt.spread(s['spread_bp'])}")
        if changed:
            opinion += "<br/>条件：" + "，".join(changed)
        step = f"{lb.label(lb.ACTION, s['action'])}<br/>{lb.label(lb.STATUS, s['from_status'])} → {lb.label(lb.STATUS, s['to_status'])}"
        rows.append([fmt.local_datetime(s["acted_at"]), step,
                     f"{fmt.text(s.get('actor_name') or s['actor'])}<br/>{lb.label(lb.ROLE, s['actor_role'])}",
                     opinion])
    return [grid_table(["时间", "环节", "经办人", "意见"], rows, st,
                       [27 * mm, 36 * mm, 25 * mm, CONTENT_WIDTH - 88 * mm])]


def signatures(d: PacketData, st: Styles) -> list[Flowable]:
    blocks = (("客户经理", d.officer_name), ("风险审查", d.reviewer_name), ("审批人", d.approver_name))
    cells = []
    for role, name in blocks:
        cells.append([
            _p(role, st.sign_title),
            Spacer(1, 2 * mm),
            _p(f"姓名：{fmt.text(name) if name else '____________'}", st.cell),
            Spacer(1, 3 * mm),
            _p("意见：", st.cell),
            Spacer(1, 16 * mm),
            _p("签字：____________________", st.cell),
            Spacer(1, 4 * mm),
            _p("日期：________年____月____日", st.cell),
        ])
    table = Table([cells], colWidths=[CONTENT_WIDTH / 3] * 3)
    table.setStyle(TableStyle(base_table_style() + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    # a one-row table never splits; the heading's keepWithNext keeps it with its title
    return [table]
