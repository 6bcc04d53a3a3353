from workbench.store import audit


def test_chain_verifies_and_names_an_edited_row(db):
    with db.atomic():
        for i in range(5):
            audit.record(db, "alice", "update", "clients", i, {"name": "a"}, {"name": f"b{i}"})
    assert audit.verify(db) is None
    db.execute("UPDATE audit_log SET after_json = '{\"name\": \"forged\"}' WHERE id = 3")
    broken = audit.verify(db)
    assert broken is not None and broken.row_id == 3


def test_deleted_row_breaks_the_chain(db):
    for i in range(4):
        audit.record(db, "bob", "insert", "loans", i, None, {"n": i})
    db.execute("DELETE FROM audit_log WHERE id = 2")
    broken = audit.verify(db)
    assert broken is not None and broken.row_id == 3
