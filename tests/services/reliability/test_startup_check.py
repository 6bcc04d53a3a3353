"""The start-up check is cheap on a clean start and full after an unclean one."""

import json
import socket
import subprocess
import sys

import pytest
from reliability_helpers import corrupt_an_index, populate

from workbench.services import integrity, lock
from workbench.store import open_db


def checkpointed(path):
    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


@pytest.fixture
def large(monkeypatch):
    """Treat every file as large, as the 100,000-client portfolio is."""
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)


def test_a_small_file_always_gets_the_full_check(portfolio):
    assert integrity.start_check_mode(portfolio) == "full"
    assert integrity.start_check_mode(portfolio.parent / "absent.db") == "full"


def test_a_large_file_after_a_clean_close_gets_the_sanity_check(portfolio, large):
    assert not integrity.unclean_shutdown(portfolio)
    assert integrity.start_check_mode(portfolio) == "sanity"
    assert integrity.start_check_mode(portfolio, crashed=True) == "full"


def test_a_wal_left_with_content_means_an_unclean_shutdown(portfolio, large):
    db = open_db(portfolio)
    populate(db, clients=1, loans=0)  # committed to the WAL, the connection still open
    assert integrity.unclean_shutdown(portfolio)
    assert integrity.start_check_mode(portfolio) == "full"
    # A reader beside a live writer: the writer's WAL says nothing about a crash.
    assert integrity.start_check_mode(portfolio, writer=False) == "sanity"
    db.close()  # the last connection checkpoints and removes the WAL
    assert not integrity.unclean_shutdown(portfolio)
    assert integrity.start_check_mode(portfolio) == "sanity"


def test_a_killed_writer_leaves_the_marker(portfolio, large):
    code = (
        "import os, signal, sys\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from reliability_helpers import corrupt_an_index, populate\n"
        "from workbench.store import open_db\n"
        "db = open_db(sys.argv[1])\n"
        "populate(db, clients=2, loans=0)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    helpers = str(__import__("pathlib").Path(__file__).parent)
    proc = subprocess.run([sys.executable, "-c", code, str(portfolio), helpers], timeout=60)
    assert proc.returncode == -9
    assert integrity.unclean_shutdown(portfolio) and integrity.start_check_mode(portfolio) == "full"


def test_a_stale_lock_taken_over_says_the_last_workbench_crashed(portfolio):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.lock_path(portfolio).write_text(json.dumps(
        {"hostname": socket.gethostname(), "pid": dead.pid, "user": "王芳", "since": "2026-01-01T00:00:00+00:00"}),
        encoding="utf-8")
    result = lock.acquire(portfolio, "刘强")
    assert result.acquired and result.took_over is not None and result.took_over.user == "王芳"
    result.lock.release()
    again = lock.acquire(portfolio, "刘强")  # after a clean release: nothing taken over
    assert again.acquired and again.took_over is None
    again.lock.release()


def test_sanity_check_finds_a_truncated_or_foreign_file_in_milliseconds(portfolio, tmp_path):
    assert integrity.check_sanity(portfolio).ok
    checkpointed(portfolio)
    data = portfolio.read_bytes()
    short = tmp_path / "short.db"
    short.write_bytes(data[: len(data) // 2])
    report = integrity.check_sanity(short)
    assert not report.ok and report.mode == "sanity" and "truncated" in report.problems[0]
    text = tmp_path / "text.db"
    text.write_text("hello " * 500, encoding="utf-8")
    assert integrity.check_sanity(text).mode == "header" and not integrity.check_sanity(text).ok


def test_damage_inside_the_file_is_left_to_the_background_quick_check(portfolio):
    corrupt_an_index(portfolio)
    assert integrity.check_sanity(portfolio).ok  # cheap: it does not read every page
    report = integrity.check_file(portfolio, full=False)
    assert not report.ok and report.mode == "quick_check"
    damage = integrity.damaged_error(portfolio, report)
    assert damage.code == "db_damaged" and "damaged" in damage.message_en


def test_the_background_check_can_be_cancelled(portfolio):
    assert integrity.check_file(portfolio, full=False, cancel=lambda: True).mode == "cancelled"
    db = open_db(portfolio)
    populate(db, clients=300, loans=0)
    db.close()
    asked = []
    report = integrity.check_file(portfolio, full=False, cancel=lambda: asked.append(1) or len(asked) > 1)
    assert report.ok and report.mode == "cancelled" and len(asked) >= 2  # stopped while SQLite worked


def test_ensure_healthy_sanity_raises_for_a_truncated_file(portfolio):
    checkpointed(portfolio)
    data = portfolio.read_bytes()
    portfolio.write_bytes(data[: len(data) // 2])
    with pytest.raises(integrity.DatabaseDamaged):
        integrity.ensure_healthy(portfolio, sanity=True)
