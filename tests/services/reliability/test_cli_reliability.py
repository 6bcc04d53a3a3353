import json
import subprocess
import sys

from reliability_helpers import populate

from workbench.services import lock
from workbench.services.audit_view import AuditFilter, count_audit, list_audit
from workbench.store import open_db


def wb(db_path, *args, user="admin"):
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "--user", user, *args],
        capture_output=True, text=True, timeout=60,
    )


def info(db_path):
    r = wb(db_path, "info", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    return d["clients"], d["loans"]


def test_backup_and_restore_from_the_command_line(portfolio, tmp_path):
    out = tmp_path / "manual.db"
    r = wb(portfolio, "backup", "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["clients"] == 5
    db = open_db(portfolio)
    populate(db, clients=4, loans=1)
    db.close()
    assert info(portfolio) == (9, 4)
    r = wb(portfolio, "restore", str(out), "--json")
    assert r.returncode == 0, r.stderr
    kept = json.loads(r.stdout)["replaced_kept_as"]
    assert info(portfolio) == (5, 3)
    assert "replaced-" in kept and info(kept) == (9, 4)


def test_restore_is_refused_while_another_workbench_holds_the_file(portfolio, tmp_path):
    out = tmp_path / "b.db"
    assert wb(portfolio, "backup", "--out", str(out)).returncode == 0
    held = lock.acquire(portfolio, "王芳")  # this test process is the other workbench
    try:
        r = wb(portfolio, "restore", str(out))
    finally:
        held.lock.release()
    assert r.returncode == 3 and "王芳" in r.stderr
    assert list(portfolio.parent.glob("*.replaced-*")) == []


def test_restore_of_a_non_database_is_a_clear_error(portfolio, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("hello", encoding="utf-8")
    r = wb(portfolio, "restore", str(junk))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "Cannot restore" in r.stderr


def test_backup_list_shows_counts(portfolio):
    assert wb(portfolio, "backup").returncode == 0
    r = wb(portfolio, "backup", "--list", "--json")
    rows = json.loads(r.stdout)
    assert len(rows) == 1 and rows[0]["clients"] == 5 and rows[0]["loans"] == 3 and rows[0]["ok"]


def test_audit_list_filters(portfolio):
    db = open_db(portfolio)
    populate(db, clients=2, loans=0, actor="wangfang")
    assert count_audit(db, AuditFilter(user="wangfang")) == 2
    assert count_audit(db, AuditFilter(table="loans")) == 3
    assert count_audit(db, AuditFilter(client_id=1)) == 4  # client 1 and its 3 loans
    page1 = list_audit(db, limit=4)
    page2 = list_audit(db, before_id=page1[-1].id, limit=4)
    assert [r.id for r in page1 + page2] == list(range(10, 2, -1))
    db.close()
    r = wb(portfolio, "audit", "list", "--user", "wangfang", "--json")
    rows = json.loads(r.stdout)
    assert len(rows) == 2 and {x["actor"] for x in rows} == {"wangfang"}
    r = wb(portfolio, "audit", "list", "--from", "2000-01-01", "--to", "2000-12-31", "--json")
    assert json.loads(r.stdout) == []
    r = wb(portfolio, "audit", "list", "--from", "yesterday")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr


def test_audit_list_masks_personal_data(portfolio):
    r = wb(portfolio, "audit", "list", "--table", "clients", "--json")
    rows = json.loads(r.stdout)
    after = rows[0]["after"]
    assert after["legal_rep_id"] == "110105********002X" and after["phone"] == "138****5678"
    assert "11010519491231002X" not in r.stdout


def test_headless_check_of_a_damaged_file_offers_the_backup(portfolio):
    assert wb(portfolio, "backup").returncode == 0
    assert wb(portfolio, "backup", "--check").returncode == 0
    db = open_db(portfolio)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with open(portfolio, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * 1024)
    for args in (("backup", "--check"), ("backup",), ("audit", "verify")):
        r = wb(portfolio, *args)
        assert r.returncode == 4, (args, r.stderr)
        assert "Traceback" not in r.stderr and "restore" in r.stderr and "backups/portfolio-" in r.stderr
    assert len(list((portfolio.parent / "backups").glob("*.db"))) == 1  # the damaged file was not backed up
