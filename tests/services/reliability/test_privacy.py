import pytest
from reliability_helpers import populate

from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.services.privacy import reveal_personal_data
from workbench.store import audit


def test_reveal_returns_whole_values_and_is_audited(db):
    populate(db, clients=1, loans=0)
    got = reveal_personal_data(db, "wangfang", "officer", 1, "签订合同需核对身份证")
    assert got.legal_rep_id == "11010519491231002X" and got.phone == "13812345678"
    row = db.execute("SELECT actor, action, client_id, reason FROM audit_log WHERE id = ?", [got.audit_id]).fetchone()
    assert row == ("wangfang", "reveal", 1, "签订合同需核对身份证")
    assert audit.verify(db) is None


@pytest.mark.parametrize("reason", ["", "  ", "x"])
def test_reveal_needs_a_reason(db, reason):
    populate(db, clients=1, loans=0)
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(ValidationError):
        reveal_personal_data(db, "wangfang", "officer", 1, reason)
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_reveal_refuses_unknown_roles_and_clients(db):
    populate(db, clients=1, loans=0)
    with pytest.raises(PermissionDenied):
        reveal_personal_data(db, "guest", "viewer", 1, "just looking")
    with pytest.raises(NotFound):
        reveal_personal_data(db, "admin", "admin", 99, "check")
