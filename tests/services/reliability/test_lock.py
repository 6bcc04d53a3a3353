import json
import socket
import subprocess
import sys

import pytest

from workbench.services import lock
from workbench.services.lock import DatabaseLocked


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_first_opener_writes_second_is_told_who(db_path):
    first = lock.acquire(db_path, "王芳")
    assert first.acquired
    holder = lock.read_holder(db_path)
    assert holder.user == "王芳" and holder.hostname == socket.gethostname()
    # Another process (a different pid) asks for the same file.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        second = lock.acquire(db_path, "刘强", pid=child.pid)
        assert not second.acquired and second.holder.user == "王芳"
        with pytest.raises(DatabaseLocked):
            _as_other(db_path)
    finally:
        child.kill()
        child.wait()
    first.lock.release()
    assert not lock.lock_path(db_path).exists()


def _as_other(db_path):
    """Rewrite the lock as if a live other process (our parent) held it, then check."""
    import os

    data = json.loads(lock.lock_path(db_path).read_text(encoding="utf-8"))
    data["pid"] = os.getppid()
    lock.lock_path(db_path).write_text(json.dumps(data), encoding="utf-8")
    try:
        lock.ensure_not_held_by_other(db_path)
    finally:
        data["pid"] = os.getpid()
        lock.lock_path(db_path).write_text(json.dumps(data), encoding="utf-8")


def test_a_stale_lock_of_a_dead_process_is_taken_over(db_path):
    lock.lock_path(db_path).write_text(
        json.dumps({"hostname": socket.gethostname(), "pid": _dead_pid(), "user": "gone", "since": "2026-01-01T00:00:00+00:00"}),
        encoding="utf-8",
    )
    result = lock.acquire(db_path, "王芳")
    assert result.acquired and lock.read_holder(db_path).user == "王芳"
    result.lock.release()


def test_a_reused_pid_does_not_keep_an_old_lock(db_path):
    import os

    # Our parent is alive but started after this lock's time: its pid was reused.
    lock.lock_path(db_path).write_text(
        json.dumps({"hostname": socket.gethostname(), "pid": os.getppid(), "user": "old", "since": "2000-01-01T00:00:00+00:00"}),
        encoding="utf-8",
    )
    assert lock.is_stale(lock.read_holder(db_path))


def test_a_lock_from_another_host_is_respected(db_path):
    lock.lock_path(db_path).write_text(
        json.dumps({"hostname": "branch-laptop-7", "pid": 1, "user": "李军", "since": "2026-11-20T08:00:00+00:00"}),
        encoding="utf-8",
    )
    result = lock.acquire(db_path, "王芳")
    assert not result.acquired and result.holder.hostname == "branch-laptop-7"
    with pytest.raises(DatabaseLocked) as err:
        lock.ensure_not_held_by_other(db_path)
    assert "李军" in err.value.message_zh and "branch-laptop-7" in err.value.message_en


def test_garbage_lock_file_is_replaced_when_old(db_path):
    import os

    p = lock.lock_path(db_path)
    p.write_bytes(b"\x00garbage")
    os.utime(p, (0, 0))
    result = lock.acquire(db_path, "王芳")
    assert result.acquired
    result.lock.release()


def test_the_holder_is_renamed_after_login(db_path):
    held = lock.acquire(db_path, "officer")
    held.lock.set_user("王芳 (wangfang)")
    assert lock.read_holder(db_path).user == "王芳 (wangfang)"
    held.lock.release()
    assert not lock.lock_path(db_path).exists()
