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


def test_hash_material_cannot_be_shifted_between_fields():
    base = {"at": "t", "actor": "ab", "action": "c|1:x", "table_name": "clients", "row_id": 1, "client_id": None,
            "before_json": None, "after_json": "{}", "reason": None}
    variants = [
        {**base, "actor": "a", "action": "bc|1:x"},  # text moved across a field boundary
        {**base, "reason": ""},  # empty text is not NULL
        {**base, "reason": "-"},  # nor the NULL marker as text
        {**base, "client_id": 1},
        {**base, "row_id": None, "client_id": 1},  # a value moved to the next field
    ]
    hashes = {audit.row_hash(audit.GENESIS, row) for row in [base, *variants]}
    assert len(hashes) == len(variants) + 1


def test_bulk_rows_chain_like_single_records(db):
    with db.atomic():
        audit.record(db, "alice", "insert", "clients", 1, None, {"name": "甲", "n": 1})
        audit.append_rows(db, [("bob", "import.add", "clients", i, i, None, audit.dump({"i": i, "名": "乙"}), None) for i in range(2, 6)])
        audit.record_many(db, [audit.AuditEntry("carol", "update", "clients", 2, {"i": 2}, {"i": 3}, "why", 2)])
    assert audit.verify(db) is None
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 6
    db.execute("UPDATE audit_log SET after_json = ? WHERE id = 4", [audit.dump({"i": 99, "名": "乙"})])
    broken = audit.verify(db)
    assert broken is not None and broken.row_id == 4


def test_a_missing_head_is_a_break_when_rows_exist(db):
    assert audit.verify(db) is None  # a new, empty log has no head and is whole
    for i in range(3):
        audit.record(db, "bob", "insert", "loans", i, None, {"n": i})
    db.execute("DELETE FROM settings WHERE key = ?", [audit.HEAD_KEY])
    broken = audit.verify(db)
    assert broken is not None and broken.row_id == 3 and "missing" in broken.reason
