"""Applications for packet tests, inserted straight into the tables (schema.py).

Shared by tests/services/packet and tests/ui/test_packet*.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest

TODAY = date(2025, 6, 30)
AT = "2025-06-01T02:00:00+00:00"
CLIENT_USCC = "91330106MA2B0GXX3B"
CORE_USCC = "91330100MA27XL5D1Q"
LEGAL_REP_ID = "330102198001011233"


@dataclass
class Apps:
    short_id: int
    long_id: int
    client_id: int


def insert_client(db, uscc: str, name: str, **extra) -> int:
    row = {
        "uscc": uscc,
        "name": name,
        "entity_type": "enterprise",
        "created_at": AT,
        "updated_at": AT,
        **extra,
    }
    return db["clients"].insert(row).last_pk


def insert_application(db, client_id: int, app_no: str, **extra) -> int:
    row = {
        "app_no": app_no,
        "client_id": client_id,
        "product": "流动资金贷款",
        "amount_fen": 50_000_000,
        "term_months": 12,
        "lpr_tenor": "1Y",
        "lpr_bp": 300,
        "lpr_published_on": "2025-05-20",
        "spread_bp": 85,
        "rate_bp": 385,
        "repayment_method": "annuity",
        "guarantee_type": "guarantee",
        "purpose": "采购原材料（电子元器件）",
        "business_overview": "主营智能家居控制器，年销售稳定增长。",
        "repayment_source": "经营性现金流，年销售回款约 3,000 万元。",
        "risks": "下游客户集中度较高；由法定代表人提供连带责任保证。",
        "status": "under_approval",
        "created_by": "wangfang",
        "reviewed_by": "lijun",
        "created_at": AT,
        "updated_at": AT,
        "submitted_at": AT,
        **extra,
    }
    return db["applications"].insert(row).last_pk


def insert_steps(db, app_id: int) -> None:
    steps = [
        ("submit", "draft", "submitted", "wangfang", "officer", "2025-06-01T02:00:00+00:00", "客户经营正常，建议授信。"),
        ("take_review", "submitted", "under_review", "lijun", "reviewer", "2025-06-02T03:30:00+00:00", "材料齐全，进入审查。"),
        ("pass_review", "under_review", "under_approval", "lijun", "reviewer", "2025-06-03T06:15:00+00:00",
         "审查同意，建议金额不超过 50 万元。"),
    ]
    for action, frm, to, actor, role, at, opinion in steps:
        db["approval_steps"].insert({
            "application_id": app_id, "action": action, "from_status": frm, "to_status": to,
            "actor": actor, "actor_role": role, "acted_at": at, "opinion": opinion,
        })


def approve(db, app_id: int, amount_fen: int = 45_000_000) -> None:
    """Mark an application approved with changed terms, as the workflow would."""
    db["applications"].update(app_id, {
        "status": "approved", "approved_amount_fen": amount_fen, "approved_term_months": 12,
        "approved_spread_bp": 75, "approved_rate_bp": 375, "approved_by": "zhaomin",
        "decided_at": "2025-06-05T01:00:00+00:00",
    })
    db["approval_steps"].insert({
        "application_id": app_id, "action": "approve", "from_status": "under_approval", "to_status": "approved",
        "actor": "zhaomin", "actor_role": "approver", "acted_at": "2025-06-05T01:00:00+00:00",
        "opinion": "同意，金额调整为 45 万元。", "amount_fen": amount_fen, "spread_bp": 75, "rate_bp": 375,
    })
    client_id = db["applications"].get(app_id)["client_id"]
    db["credit_lines"].insert({"line_no": f"SX-{app_id}", "client_id": client_id, "application_id": app_id,
                               "limit_fen": amount_fen, "start_date": "2025-06-05", "expiry_date": "2026-06-05",
                               "created_at": AT})


@pytest.fixture
def apps(db) -> Apps:
    for username, name, role in (("wangfang", "王芳", "officer"), ("lijun", "李军", "reviewer"),
                                 ("zhaomin", "赵敏", "approver")):
        db["users"].insert({"username": username, "display_name": name, "role": role,
                            "branch": "杭州西湖支行", "created_at": AT})
    db["settings"].insert_all([{"key": "bank_name", "value": "浙江示范银行"},
                               {"key": "branch_name", "value": "杭州西湖支行"}])
    core = insert_client(db, CORE_USCC, "浙江海纳电器集团有限公司", industry="制造业", chain_role="core")
    client = insert_client(
        db, CLIENT_USCC, "杭州鑫瑞智能科技有限公司",
        legal_rep="陈建国", legal_rep_id=LEGAL_REP_ID, phone="13812345678",
        address="浙江省杭州市西湖区文三路 90 号", industry="制造业", employees=48,
        revenue_fen=3_000_000_000, assets_fen=1_800_000_000, established_on="2016-04-12",
        size_class="small", tax_grade="A", social_insurance_headcount=45,
        credit_report_checked_on="2025-05-28", court_records="无", other_bank_loans_fen=80_000_000,
        other_bank_loans_note="工商银行流动资金贷款 80 万元，2025-12 到期", core_client_id=core,
        chain_role="supplier", officer="王芳",
    )
    line_app = insert_application(db, client, "SQ-2024-0007", status="approved", amount_fen=20_000_000)
    line = db["credit_lines"].insert({"line_no": "SX-2024-0007", "client_id": client, "application_id": line_app,
                               "limit_fen": 20_000_000, "start_date": "2024-07-01",
                               "expiry_date": "2025-07-01", "created_at": AT}).last_pk
    db["loans"].insert({"loan_no": "JJ-2024-0100", "client_id": client, "credit_line_id": line, "amount_fen": 20_000_000,
                        "balance_fen": 15_000_000, "drawdown_date": "2024-07-01", "maturity_date": "2025-07-01",
                        "rate_bp": 395, "repayment_method": "annuity", "guarantee_type": "guarantee",
                        "created_at": AT, "updated_at": AT})
    short = insert_application(db, client, "SQ-2025-0012")
    insert_steps(db, short)
    db["guarantors"].insert({"application_id": short, "person_name": "陈建国", "id_number": LEGAL_REP_ID,
                             "relation": "法定代表人", "amount_fen": 50_000_000})
    long = insert_application(
        db, client, "SQ-2025-0013", product="固定资产贷款", amount_fen=300_000_000, term_months=60,
        repayment_method="equal_principal", guarantee_type="mortgage", spread_bp=120, rate_bp=420,
        lpr_tenor="5Y", lpr_bp=350, purpose="购置厂房设备",
        eligibility_json=json.dumps([{"label_zh": "借款人持续经营", "ok": True}], ensure_ascii=False),
    )
    insert_steps(db, long)
    db["collateral"].insert({"application_id": long, "kind": "房产", "owner": "杭州鑫瑞智能科技有限公司",
                             "description": "西湖区文三路 90 号 3 层厂房，面积 1,200 平方米",
                             "appraised_value_fen": 600_000_000, "ltv_bp": 5000})
    return Apps(short_id=short, long_id=long, client_id=client)
