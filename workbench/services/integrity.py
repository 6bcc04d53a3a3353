"""Is this portfolio file whole? Checked on open, before anything writes to it.

Small files get ``PRAGMA integrity_check``, large ones the faster
``PRAGMA quick_check`` (it skips index-content checks). A file that is not
SQLite at all, is truncated or is damaged gives a :class:`IntegrityReport`
with ``ok=False`` and a message in both languages; :func:`ensure_healthy`
turns that into :class:`DatabaseDamaged`, naming the newest good backup.
Never a traceback for the user.

Start-up: a quick_check of a large portfolio takes seconds (1.5 s for
100,000 clients), too long before the window. :func:`start_check_mode`
picks the full check only for small files or after an unclean shutdown
(:func:`unclean_shutdown`: a WAL left with content, or a crashed holder's
lock taken over); otherwise :func:`check_sanity` (header, size, schema:
milliseconds) runs before the window and the quick_check after it, in
the background.

Encrypted (SQLCipher) files are checked with the passphrase known for
them (``workbench.store.db.passphrase_for``); without it the report says
so (``needs_passphrase``) and :func:`ensure_healthy` raises the store's
:class:`~workbench.store.db.EncryptionError` rather than calling the file damaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.services.errors import ServiceError
from workbench.store import db as store_db
from workbench.store.schema import MIGRATIONS

SQLITE_HEADER = store_db.SQLITE_HEADER
#: Files larger than this get quick_check (integrity_check reads every index too).
QUICK_CHECK_ABOVE_BYTES = 64 * 1024 * 1024
#: Files up to this size get their full check before the window (well under 100 ms).
FULL_CHECK_ON_START_BELOW_BYTES = 8 * 1024 * 1024
MAX_PROBLEMS = 20
_CANCEL_EVERY_OPS = 1_000


@dataclass(frozen=True)
class IntegrityReport:
    """Outcome of checking one file; ``mode`` is integrity_check, quick_check, sanity, header or missing.

    ``needs_passphrase``: the file is encrypted and no (or a wrong) passphrase
    is known — not damage; ``error`` is then the store's EncryptionError.
    """

    path: Path
    ok: bool
    mode: str
    problems: tuple[str, ...] = field(default_factory=tuple)
    needs_passphrase: bool = False
    error: Exception | None = field(default=None, compare=False, repr=False)

    @property
    def message_en(self) -> str:
        if self.ok:
            return f"{self.path.name}: database is whole ({self.mode})."
        if self.needs_passphrase and self.error is not None:
            return self.error.message_en
        return f"{self.path.name} is damaged or not a workbench database: {'; '.join(self.problems[:3])}"

    @property
    def message_zh(self) -> str:
        if self.ok:
            return f"{self.path.name}：数据库完好（{self.mode}）。"
        if self.needs_passphrase and self.error is not None:
            return self.error.message_zh
        return f"{self.path.name} 已损坏或不是工作台数据库：{'；'.join(self.problems[:3])}"


class DatabaseDamaged(ServiceError):
    """The portfolio file failed its check; ``values['backup']`` is the newest good backup or None."""


def _open_checked(path: Path, mode: str, passphrase: str | None):
    """(connection, None) or (None, report) for a file that cannot be opened for checking."""
    try:
        # Read-only: a check must never write, not even a WAL recovery of a damaged file.
        return store_db.connect(path, readonly=True, passphrase=passphrase), None
    except store_db.EncryptionError as exc:
        return None, IntegrityReport(path, False, mode, (exc.message_en,), needs_passphrase=True, error=exc)
    except sqlite3.Error as exc:
        return None, IntegrityReport(path, False, mode, (f"cannot open: {exc}",))


def _file_kind(path: Path, passphrase: str | None) -> str:
    """'plain', 'encrypted' (an SQLCipher file, or any non-plain file when a passphrase is known) or 'foreign'."""
    if store_db.is_plain_sqlite(path):
        return "plain"
    if store_db.looks_encrypted(path) or (passphrase or store_db.passphrase_for(path)):
        return "encrypted"
    return "foreign"


_WRONG_HEADER = "not an SQLite database file (wrong header)"


def check_header(path: str | Path, *, passphrase: str | None = None) -> IntegrityReport:
    """Only the file's first bytes: an SQLite database or not (mode 'header').

    An encrypted file passes when its passphrase (``passphrase`` or the one
    known for ``path``) opens it.
    """
    path = Path(path)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        return IntegrityReport(path, False, "header", (f"cannot open: {exc}",))
    kind = _file_kind(path, passphrase)
    if kind == "plain":
        return IntegrityReport(path, True, "header")
    if kind == "foreign":
        return IntegrityReport(path, False, "header", (_WRONG_HEADER,))
    conn, failed = _open_checked(path, "header", passphrase)
    if failed is not None:
        return failed
    conn.close()
    return IntegrityReport(path, True, "header")


def _obvious(path: Path, passphrase: str | None) -> IntegrityReport | None:
    """The verdict that needs no SQLite: a missing or empty file (fine), a foreign one (damaged)."""
    if not path.exists():
        return IntegrityReport(path, True, "missing")
    if path.stat().st_size == 0:
        return IntegrityReport(path, True, "empty")
    if _file_kind(path, passphrase) == "foreign":
        return IntegrityReport(path, False, "header", (_WRONG_HEADER,))
    return None


def check_file(
    path: str | Path,
    *,
    full: bool | None = None,
    passphrase: str | None = None,
    cancel: Callable[[], bool] | None = None,
) -> IntegrityReport:
    """Check the SQLite file at ``path`` without changing it.

    ``full`` forces integrity_check (True) or quick_check (False); by default
    the file size decides. A missing or empty file is fine (a new portfolio).
    An encrypted file is checked with ``passphrase`` or the one known for it.
    ``cancel`` (polled while SQLite works) stops the check: the report then
    has ``ok`` True and mode 'cancelled' — nothing was found, nothing proven.
    """
    path = Path(path)
    early = _obvious(path, passphrase)
    if early is not None:
        return early
    size = path.stat().st_size
    if full is None:
        full = size <= QUICK_CHECK_ABOVE_BYTES
    mode = "integrity_check" if full else "quick_check"
    conn, failed = _open_checked(path, mode, passphrase)
    if failed is not None:
        return failed
    if cancel is not None:
        if cancel():
            conn.close()
            return IntegrityReport(path, True, "cancelled")
        conn.set_progress_handler(lambda: 1 if cancel() else 0, _CANCEL_EVERY_OPS)
    try:
        rows = conn.execute(f"PRAGMA {mode}({MAX_PROBLEMS})").fetchall()
        problems = tuple(str(r[0]) for r in rows if r and r[0] != "ok")
        if not problems:
            # quick/integrity_check pass on a file whose schema is unreadable text; make sure it reads.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if cancel is not None and cancel():
            return IntegrityReport(path, True, "cancelled")
        problems = (str(exc),)
    finally:
        conn.close()
    return IntegrityReport(path, not problems, mode, problems)


def wal_path(path: str | Path) -> Path:
    """The write-ahead log beside ``path``."""
    return Path(str(path) + "-wal")


def unclean_shutdown(path: str | Path) -> bool:
    """True when the last writer of ``path`` did not close it cleanly: its WAL is left with content.

    SQLite removes the WAL when the last connection closes cleanly; one left
    behind means a crash, a kill, or a writer still running — then the
    start-up check is the full one.
    """
    try:
        return wal_path(path).stat().st_size > 0
    except OSError:
        return False


def _header_bytes(path: Path) -> int | None:
    """The database size a plain SQLite header states (page size x page count), or None if it states none."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if not pages or header[24:28] != header[92:96]:  # the count is valid only when the change counters agree
        return None
    return page_size * pages


def check_sanity(path: str | Path, *, passphrase: str | None = None) -> IntegrityReport:
    """A start-up check in milliseconds: header, length against the page count, schema readable.

    Finds a foreign or truncated file, a wrong passphrase, an unreadable
    schema; not a damaged page in the middle (that is the quick_check's
    job, run after the window is shown).
    """
    path = Path(path)
    early = _obvious(path, passphrase)
    if early is not None:
        return early
    size = path.stat().st_size
    if not unclean_shutdown(path):
        # With an empty WAL every page lives in the main file: a shorter file lost its tail.
        expected = _header_bytes(path)
        if expected is not None and expected > size:
            return IntegrityReport(path, False, "sanity", (f"file truncated: {size:,} bytes, the header says {expected:,}",))
    conn, failed = _open_checked(path, "sanity", passphrase)
    if failed is not None:
        return failed
    problems: list[str] = []
    try:
        # int(): SQLCipher answers these pragmas as text.
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        if not unclean_shutdown(path) and pages * page_size > size:  # encrypted files: the header is cipher text
            problems.append(f"file truncated: {size:,} bytes, the header says {pages * page_size:,}")
        conn.execute("PRAGMA schema_version").fetchone()
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if MIGRATIONS.migrations_table in names:  # small, and read whole by every open
            conn.execute(f"SELECT * FROM [{MIGRATIONS.migrations_table}]").fetchall()
        for table in ("clients", "loans", "audit_log"):
            if table in names:  # read the root page of the tables everything starts from
                conn.execute(f"SELECT rowid FROM [{table}] ORDER BY rowid DESC LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        problems.append(str(exc))
    finally:
        conn.close()
    return IntegrityReport(path, not problems, "sanity", tuple(problems))


def start_check_mode(path: str | Path, *, crashed: bool = False, writer: bool = True) -> str:
    """How to check ``path`` before the window: 'full' (small file or unclean shutdown) or 'sanity'.

    ``crashed``: the caller knows the previous workbench died holding the file
    (its writer lock was taken over as stale). ``writer`` False: another
    workbench holds the file, so its WAL says nothing about a crash.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        return "full"  # missing: the full check is free
    if size <= FULL_CHECK_ON_START_BELOW_BYTES or crashed or (writer and unclean_shutdown(path)):
        return "full"
    return "sanity"


def ensure_healthy(path: str | Path, *, full: bool | None = None, sanity: bool = False) -> IntegrityReport:
    """Check ``path``; raise :class:`DatabaseDamaged` (offering the newest good backup) if it fails.

    ``sanity`` runs only :func:`check_sanity`. An encrypted file whose
    passphrase is unknown or wrong raises the store's ``EncryptionError``
    (a ``sqlite3.DatabaseError`` with ``message_zh``/``message_en``) instead.
    """
    report = check_sanity(path) if sanity else check_file(path, full=full)
    if report.ok:
        return report
    if report.needs_passphrase and report.error is not None:
        raise report.error
    raise damaged_error(path, report)


def damaged_error(path: str | Path, report: IntegrityReport) -> DatabaseDamaged:
    """The :class:`DatabaseDamaged` for a failed ``report``, naming the newest good backup."""
    from workbench.services.backup import newest_good_backup

    backup = newest_good_backup(Path(path))
    if backup is not None:
        offer_en = f" The newest good backup is {backup.path.name} ({backup.created_label})."
        offer_zh = f"最新的完好备份是 {backup.path.name}（{backup.created_label}）。"
    else:
        offer_en, offer_zh = " No good backup was found.", "未找到完好的备份。"
    return DatabaseDamaged(
        "db_damaged",
        report.message_zh + "。" + offer_zh,
        report.message_en + "." + offer_en,
        path=str(path),
        problems=list(report.problems),
        backup=backup,
    )


#: Exit code of headless commands that find the database damaged.
EXIT_DAMAGED = 4


#: Headless commands that only read get a quick_check up to this size (0.15 s at 118 MB), above it the sanity check.
HEADLESS_READ_QUICK_CHECK_BELOW_BYTES = 128 * 1024 * 1024


def headless_check_mode(path: str | Path, *, writer: bool) -> str:
    """The check a headless command makes before it runs: 'full', 'quick' or 'sanity'.

    A writer never writes into an unchecked file: integrity_check up to
    :data:`FULL_CHECK_ON_START_BELOW_BYTES`, quick_check above (1.7 s for a
    625 MB, 100,000-client file). A reader gets the full check on a small
    file, the quick_check up to :data:`HEADLESS_READ_QUICK_CHECK_BELOW_BYTES`
    and only :func:`check_sanity` (milliseconds) above.
    """
    try:
        size = Path(path).stat().st_size
    except OSError:
        return "full"  # missing: nothing to check
    if size <= FULL_CHECK_ON_START_BELOW_BYTES:
        return "full"
    if writer or size <= HEADLESS_READ_QUICK_CHECK_BELOW_BYTES:
        return "quick"
    return "sanity"


def damage_message(path: str | Path, *, full: bool | None = None, sanity: bool = False) -> str | None:
    """None when ``path`` is whole, else a bilingual message naming the newest good backup
    and the command that restores it (for headless commands; never a traceback).

    ``sanity`` runs only :func:`check_sanity`. An encrypted file without its
    passphrase raises the store's ``EncryptionError`` (the CLI reports it
    with its own exit code)."""
    try:
        ensure_healthy(path, full=full, sanity=sanity)
    except DatabaseDamaged as exc:
        backup = exc.values.get("backup")
        hint = ""
        if backup is not None:
            hint = (f"\nTo restore it / 恢复命令: workbench --db \"{path}\" restore \"{backup.path}\"")
        return f"{exc.message_en}\n{exc.message_zh}{hint}"
    return None
