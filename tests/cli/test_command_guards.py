"""The guards ``workbench.cli.main`` puts around every headless command.

Damaged file (A), the one-writer lock (B), a mistyped --db path (C), a closed stdout (D).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from workbench.cli import CREATES, NO_DB, READS, WRITES, build_parser, db_access, main, run_guarded
from workbench.services import integrity, lock
from workbench.services.integrity import EXIT_DAMAGED
from workbench.store import audit, open_db


def _clients(path) -> int:
    db = open_db(path, readonly=True)
    try:
        return db.execute("SELECT count(*) FROM clients").fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def portfolio(db_path):
    """200 audited clients: enough pages for an index page in the middle of the file."""
    db = open_db(db_path)
    now = audit.utc_now()
    with db.atomic():
        for i in range(200):
            row = {"uscc": f"Q{i:017d}", "name": f"测试企业{i}", "size_class": ("micro", "small")[i % 2],
                   "created_at": now, "updated_at": now}
            cid = db["clients"].insert(row).last_pk
            audit.record(db, "tester", "insert", "clients", cid, None, row, client_id=cid)
    db.close()
    return db_path


def _damage_an_index_page(path) -> None:
    """Overwrite one index page in the middle of the file: nothing a sanity check reads."""
    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'idx_clients_size'").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@pytest.fixture
def clients_csv(tmp_path):
    path = tmp_path / "new_clients.csv"
    path.write_text("统一社会信用代码,企业名称\n91330100MA27XK0Q2K,杭州新客户科技有限公司\n", encoding="utf-8")
    return path


def _other_workbench_holds(path):
    """The writer lock as a live process other than this one holds it (our parent process)."""
    result = lock.acquire(path, "wangfang", pid=os.getppid())
    assert result.acquired and result.lock.holder.pid != os.getpid()
    return result.lock


# --- A: a damaged file -------------------------------------------------------------------------


def test_import_into_a_damaged_file_is_refused_offering_the_backup(portfolio, clients_csv, capsys):
    _damage_an_index_page(portfolio)
    assert integrity.check_sanity(portfolio).ok  # the cheap check cannot see this damage
    rc = main(["--db", str(portfolio), "--user", "wangfang", "import", "clients", str(clients_csv)])
    err = capsys.readouterr().err
    assert rc == EXIT_DAMAGED
    assert "damaged" in err and "已损坏" in err and "backup" in err and "Traceback" not in err
    assert not lock.lock_path(portfolio).exists()  # the lock taken for the check is released


@pytest.mark.parametrize("argv", [["tickler"], ["info"], ["report", "portfolio", "--period", "2026-01"]])
def test_readers_of_a_small_damaged_file_are_refused(portfolio, argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _damage_an_index_page(portfolio)
    assert main(["--db", str(portfolio), *argv]) == EXIT_DAMAGED
    assert "已损坏" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.xlsx"))


def test_a_large_file_gets_the_quick_check_before_a_write(portfolio, clients_csv, monkeypatch):
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)  # as a 100,000-client file
    monkeypatch.setattr(integrity, "HEADLESS_READ_QUICK_CHECK_BELOW_BYTES", 0)
    assert integrity.headless_check_mode(portfolio, writer=True) == "quick"
    assert integrity.headless_check_mode(portfolio, writer=False) == "sanity"
    _damage_an_index_page(portfolio)
    assert main(["--db", str(portfolio), "import", "clients", str(clients_csv)]) == EXIT_DAMAGED


def test_check_modes_follow_the_file_size(portfolio, monkeypatch):
    assert integrity.headless_check_mode(portfolio, writer=False) == "full"
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)
    assert integrity.headless_check_mode(portfolio, writer=False) == "quick"


# --- B: the one-writer lock --------------------------------------------------------------------


def test_import_waits_for_no_one_while_another_workbench_holds_the_file(portfolio, clients_csv, capsys):
    held = _other_workbench_holds(portfolio)
    try:
        rc = main(["--db", str(portfolio), "--user", "lijun", "import", "clients", str(clients_csv)])
        err = capsys.readouterr().err
        assert rc == 3 and "wangfang" in err and "in use" in err and "使用" in err
        assert _clients(portfolio) == 200
        assert lock.read_holder(portfolio).user == "wangfang"  # their lock is left alone
        assert main(["--db", str(portfolio), "info", "--json"]) == 0  # readers proceed
        for argv in (["users", "add", "zhou", "--role", "officer", "--password", "Passw0rd!"],
                     ["application", "approve", "SQ1"],
                     ["backup", "--keep", "3"],
                     ["demo", "--out", str(portfolio), "--force", "--clients", "1"]):
            assert main(["--db", str(portfolio), *argv]) == 3, argv
    finally:
        held.release()
    assert _clients(portfolio) == 200
    assert main(["--db", str(portfolio), "import", "clients", str(clients_csv)]) == 0
    assert _clients(portfolio) == 201
    assert not lock.lock_path(portfolio).exists()


def test_a_writer_holds_the_lock_for_its_whole_run(portfolio):
    seen = []

    def command(args):
        seen.append(lock.read_holder(portfolio))
        return 0

    args = argparse.Namespace(command="x", db=portfolio, demo=False, user="zhaomin", db_access=WRITES, func=command)
    assert run_guarded(args) == 0
    assert seen[0].pid == os.getpid() and seen[0].user == "zhaomin"
    assert lock.read_holder(portfolio) is None


def _access(argv) -> str:
    return db_access(build_parser().parse_args(["--db", "x.db", *argv]))


def test_every_command_says_what_it_does_with_the_file():
    assert _access(["info"]) == READS
    assert _access(["tickler"]) == READS
    assert _access(["application", "list"]) == READS
    assert _access(["application", "approve", "SQ1"]) == WRITES
    assert _access(["users", "add", "a", "--role", "admin", "--password", "x"]) == CREATES
    assert _access(["users", "list"]) == READS
    assert _access(["import", "clients", "f.csv"]) == CREATES
    assert _access(["backup"]) == READS and _access(["backup", "--keep", "2"]) == WRITES
    assert _access(["restore", "b.db"]) == NO_DB and _access(["schedule", "--amount", "1", "--rate", "1",
                                                              "--months", "1", "--method", "annuity"]) == NO_DB
    assert _access(["report", "portfolio", "--period", "2026-01"]) == READS
    assert _access(["report", "portfolio", "--period", "2026-01", "--full-personal-data", "--reason", "r"]) == WRITES


# --- C: a mistyped --db path -------------------------------------------------------------------

READERS = [
    ["info"], ["tickler"], ["report", "portfolio", "--period", "2026-01"], ["clients", "search", "杭州"],
    ["audit", "verify"], ["audit", "list"], ["packet", "1", "--out", "p.pdf"], ["packets", "--out", "pk"],
    ["application", "list"], ["application", "show", "1"], ["users", "list"], ["backup"],
    ["application", "approve", "1"], ["users", "deactivate", "liuqiang"],
]


@pytest.mark.parametrize("argv", READERS, ids=lambda a: "-".join(a[:2]))
def test_a_missing_file_is_refused_and_nothing_is_created(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "no_such_folder" / "portfolo.db"
    assert main(["--db", str(typo), *argv]) == 2
    err = capsys.readouterr().err
    assert "no portfolio database" in err and "数据库文件不存在" in err and str(typo) in err
    assert not typo.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_creating_commands_may_start_a_new_portfolio(tmp_path, clients_csv):
    new = tmp_path / "branch" / "new.db"
    assert main(["--db", str(new), "users", "add", "admin", "--role", "admin", "--password", "Adm1n-2026x"]) == 0
    assert main(["--db", str(new), "--user", "admin", "import", "clients", str(clients_csv)]) == 0
    assert _clients(new) == 1
    other = tmp_path / "other" / "imported.db"
    assert main(["--db", str(other), "import", "clients", str(clients_csv)]) == 0 and _clients(other) == 1


# --- D: the reader of stdout goes away ---------------------------------------------------------


def test_a_closed_pipe_ends_quietly(portfolio):
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(portfolio), "audit", "list"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # as `| head` does once it has its lines
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err
