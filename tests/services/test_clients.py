"""Client records: save with validation and audit, list with filters and sort in SQL."""

from __future__ import annotations

import json

import pytest

from tests.services.shell_fixtures import add_client, make_uscc
from workbench.services.clients import (
    ClientFilter,
    chain_members,
    client_ids,
    client_rows,
    get_client,
    save_client,
    validate_client,
)
from workbench.services.errors import ValidationError
from workbench.store.audit import verify


def test_save_computes_search_keys_size_and_audits(db):
    cid = add_client(db, "杭州鑫瑞科技有限公司", 1)
    row = get_client(db, cid)
    assert row["name_initials"] == "hzxrkjyxgs"
    assert row["name_chars"].startswith("杭 州 鑫 瑞")
    assert row["size_class"] == "small"  # 工业, 50 people, 500万 revenue
    audit = list(db.query("SELECT * FROM audit_log WHERE table_name = 'clients'"))
    assert [a["action"] for a in audit] == ["create"] and audit[0]["row_id"] == cid
    save_client(db, "lijun", get_client(db, cid) | {"employees": 5, "revenue_fen": 10_000_000}, client_id=cid)
    row = get_client(db, cid)
    assert row["size_class"] == "micro"
    last = list(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1"))[0]
    assert last["action"] == "update" and last["actor"] == "lijun"
    assert json.loads(last["before_json"])["employees"] == 50 and json.loads(last["after_json"])["employees"] == 5
    assert verify(db) is None


def test_duplicate_uscc_is_refused_naming_the_holder(db):
    add_client(db, "杭州鑫瑞科技有限公司", 1)
    with pytest.raises(ValidationError) as err:
        add_client(db, "另一家公司", 1)
    assert err.value.field == "uscc" and err.value.code == "uscc_duplicate"
    assert "杭州鑫瑞科技有限公司" in err.value.message_zh and "杭州鑫瑞科技有限公司" in err.value.message_en
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 1


def test_every_bad_field_is_reported_at_its_field(db):
    _, errors = validate_client(db, {"name": "", "uscc": "91330100123", "legal_rep_id": "123",
                                     "phone": "abc", "employees": -1, "tax_grade": "Z"})
    assert {e.field for e in errors} == {"name", "uscc", "legal_rep_id", "phone", "employees", "tax_grade"}
    assert all(e.message_zh and e.message_en for e in errors)


def test_list_filters_sorts_and_masks(db):
    a = add_client(db, "杭州甲公司", 1, phone="13812345678", legal_rep_id="11010519491231002X", officer="王芳")
    b = add_client(db, "宁波乙公司", 2, officer="刘强", employees=5, revenue_fen=1_000_000)
    c = add_client(db, "温州丙公司", 3, officer="刘强", industry="", employees=None)
    assert client_ids(db, ClientFilter(officer="刘强")) == [b, c] or client_ids(db, ClientFilter(officer="刘强")) == [c, b]
    assert client_ids(db, ClientFilter(size_class="micro")) == [b]
    assert client_ids(db, ClientFilter(size_class="unknown")) == [c]
    assert client_ids(db, sort="uscc") == [a, b, c]
    assert client_ids(db, sort="uscc", descending=True) == [c, b, a]
    assert set(client_ids(db, ClientFilter(inclusive=True))) == {a, b}
    db["visits"].insert({"client_id": b, "visit_date": "2026-01-05", "officer": "刘强", "finding": "need",
                         "created_by": "liuqiang", "created_at": "2026-01-05T00:00:00+00:00"})
    assert client_ids(db, ClientFilter(visited_no_credit=True)) == [b]
    row = client_rows(db, [a])[0]
    assert row["phone"] == "138****5678" and row["legal_rep_id"] == "110105********002X"
    assert row["inclusive"] is True and row["balance_fen"] == 0


def test_supply_chain_members_with_exposure(db):
    core = add_client(db, "核心制造集团", 10, chain_role="core", employees=2000, revenue_fen=10**12)
    s = add_client(db, "配套供应商", 11, chain_role="supplier", core_client_id=core)
    db["loans"].insert({"loan_no": "L1", "client_id": s, "amount_fen": 100_000, "balance_fen": 80_000,
                        "drawdown_date": "2026-01-01", "maturity_date": "2027-01-01", "rate_bp": 385,
                        "repayment_method": "annuity", "guarantee_type": "credit",
                        "created_at": "x", "updated_at": "x"})
    members = chain_members(db, core)
    assert [(m["id"], m["chain_role"], m["balance_fen"], m["total_credit_fen"]) for m in members] == [
        (s, "supplier", 80_000, 100_000)]
    with pytest.raises(ValidationError) as err:
        add_client(db, "无角色企业", 12, core_client_id=core)
    assert err.value.field == "chain_role"


def test_make_uscc_is_valid():
    from workbench.domain.identifiers import is_valid_uscc
    assert is_valid_uscc(make_uscc(123))
