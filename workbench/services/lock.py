"""One writer per portfolio file: a lock file beside the database.

``<db>.lock`` holds JSON ``{hostname, pid, user, since}``. It is created with
``O_CREAT | O_EXCL`` so two workbenches starting at once cannot both win. A
lock whose process is gone (same host, pid not alive, or the pid now belongs
to a process started after the lock) is stale and taken over. A lock held
from another host cannot be checked and is respected.

The loser is told who holds the file (:class:`LockHolder`) and opens it
read-only.

The lock file doubles as the window's "open" marker: it is written on open
and removed on a clean close, so a stale lock taken over
(:attr:`LockResult.took_over`) means the previous workbench did not shut
down cleanly, and the start-up check is then the full one.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil

from workbench.services.errors import ServiceError


@dataclass(frozen=True)
class LockHolder:
    """Who holds the writer lock: host, process id, user name, since when (UTC ISO)."""

    hostname: str
    pid: int
    user: str
    since: str

    def describe_en(self) -> str:
        return f"{self.user} on {self.hostname} (process {self.pid}) since {self.since}"

    def describe_zh(self) -> str:
        return f"{self.user}（计算机 {self.hostname}，进程 {self.pid}）自 {self.since} 起"


class DatabaseLocked(ServiceError):
    """Another live workbench holds the writer lock; ``values['holder']`` says who."""


def lock_path(db_path: str | Path) -> Path:
    """Where the lock file of ``db_path`` lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def read_holder(db_path: str | Path) -> LockHolder | None:
    """The lock's holder as written in the file, or None (no lock, or unreadable)."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockHolder(str(data["hostname"]), int(data["pid"]), str(data["user"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: LockHolder) -> bool:
    """True when ``holder`` is a process on this host that no longer runs."""
    if holder.hostname != socket.gethostname():
        return False  # cannot see the other machine's processes
    if holder.pid == os.getpid():
        return False
    try:
        proc = psutil.Process(holder.pid)
        started = datetime.fromtimestamp(proc.create_time(), UTC)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return True
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return not psutil.pid_exists(holder.pid)
    try:
        since = datetime.fromisoformat(holder.since)
    except ValueError:
        return False
    # The pid was reused by a process started after the lock was taken (1 s slack for clocks).
    return (started - since).total_seconds() > 1


class WriterLock:
    """A held lock; :meth:`release` removes the file if it is still ours."""

    def __init__(self, db_path: Path, holder: LockHolder) -> None:
        self.db_path = db_path
        self.holder = holder

    def set_user(self, user: str) -> None:
        """Name the person who logged in as the holder (the lock is taken before the login)."""
        if read_holder(self.db_path) != self.holder:
            return
        self.holder = LockHolder(self.holder.hostname, self.holder.pid, user, self.holder.since)
        path = lock_path(self.db_path)
        tmp = path.with_name(path.name + f".{self.holder.pid}.tmp")
        tmp.write_text(json.dumps(asdict(self.holder), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def release(self) -> None:
        current = read_holder(self.db_path)
        if current is not None and current.pid == self.holder.pid and current.since == self.holder.since:
            lock_path(self.db_path).unlink(missing_ok=True)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


@dataclass(frozen=True)
class LockResult:
    """Either ``lock`` (we are the writer) or ``holder`` (someone else is).

    ``took_over``: the stale lock of a workbench that died holding the file
    (an unclean shutdown), replaced by ours; None after a clean close.
    """

    lock: WriterLock | None
    holder: LockHolder | None
    took_over: LockHolder | None = None

    @property
    def acquired(self) -> bool:
        return self.lock is not None


def acquire(db_path: str | Path, user: str, *, pid: int | None = None) -> LockResult:
    """Try to become the one writer of ``db_path``; never raises for a held lock."""
    db_path = Path(db_path)
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    me = LockHolder(
        socket.gethostname(), pid or os.getpid(), user,
        datetime.now(UTC).isoformat(timespec="seconds"),
    )
    took_over = None
    for _ in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = read_holder(db_path)
            if holder is None:
                # Unreadable: a writer between create and write, or garbage left by a crash.
                try:
                    age = datetime.now().timestamp() - path.stat().st_mtime
                except FileNotFoundError:
                    continue
                if age < 5:
                    return LockResult(None, LockHolder("?", 0, "?", "?"))
                path.unlink(missing_ok=True)
                continue
            if holder.pid == me.pid and holder.hostname == me.hostname:
                return LockResult(WriterLock(db_path, holder), None)
            if is_stale(holder):
                path.unlink(missing_ok=True)
                took_over = holder
                continue
            return LockResult(None, holder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(me), fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        return LockResult(WriterLock(db_path, me), None, took_over)
    holder = read_holder(db_path)
    return LockResult(None, holder or LockHolder("?", 0, "?", "?"))


def ensure_not_held_by_other(db_path: str | Path) -> None:
    """Raise :class:`DatabaseLocked` when another live workbench holds ``db_path``."""
    holder = read_holder(db_path)
    if holder is None or is_stale(holder):
        return
    if holder.pid == os.getpid() and holder.hostname == socket.gethostname():
        return
    raise DatabaseLocked(
        "db_locked",
        f"数据库正被 {holder.describe_zh()} 使用，请先关闭那个工作台。",
        f"The database is in use by {holder.describe_en()}; close that workbench first.",
        holder=holder,
    )


def session_lock_possible(db, username: str) -> bool:
    """True when ``username`` has a password to unlock an idle session with."""
    try:
        row = db.execute(
            "SELECT password_hash IS NOT NULL AND active = 1 FROM users WHERE username = ?", [username]
        ).fetchone()
    except Exception:  # noqa: BLE001 - no users table in a foreign file: no lock
        return False
    return bool(row and row[0])
