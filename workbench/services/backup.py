"""Backups of the portfolio file, with SQLite's online backup API, and restoring one.

A backup is a complete, self-contained SQLite file (rollback journal, no WAL
beside it) written to a temporary name and renamed into place, so a crash
never leaves a half backup under a real name. Automatic backups go to
:func:`workbench.paths.backups_dir` as ``<stem>-YYYYMMDD-HHMMSS-<reason>.db``
and only the newest ``backup_keep`` (database setting, default 10) are kept.

Restore checks the backup first (integrity, and a schema no newer than this
code knows), keeps the file it replaces beside it as
``<stem>.replaced-<timestamp>.db``, then migrates the restored file forward.

An encrypted (SQLCipher) portfolio is backed up encrypted with the same
passphrase (the one known for it: ``workbench.store.db.passphrase_for``);
its backups are listed, checked and restored with that passphrase.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from workbench import paths
from workbench.services.errors import Cancelled, ValidationError
from workbench.services.integrity import check_file, check_header
from workbench.store import audit
from workbench.store import db as store_db
from workbench.store.schema import MIGRATIONS

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]

DEFAULT_KEEP = 10
KEEP_SETTING = "backup_keep"
PAGES_PER_STEP = 256
_NAME_RE = re.compile(r"-(\d{8}-\d{6})(?:-([a-z]+))?\.db$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was made, what it holds, whether it is usable."""

    path: Path
    created_at: datetime
    size_bytes: int
    clients: int | None
    loans: int | None
    schema_version: int | None
    ok: bool
    problem: str | None = None

    @property
    def created_label(self) -> str:
        """Local time, to the minute, for people."""
        return self.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def backup_keep(db: sqlite_utils.Database) -> int:
    """How many automatic backups to keep (setting ``backup_keep``, default 10, at least 1)."""
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [KEEP_SETTING]).fetchone()
        return max(1, int(row[0])) if row and row[0] is not None else DEFAULT_KEEP
    except (sqlite3.Error, ValueError):
        return DEFAULT_KEEP


def set_backup_keep(db: sqlite_utils.Database, actor: str, keep: int) -> None:
    """Set how many automatic backups to keep (1..1000); audited like every setting change."""
    if not 1 <= int(keep) <= 1000:
        raise ValidationError(
            "backup_keep_range", "保留备份数须在 1 到 1000 之间。", "The number of backups to keep must be 1 to 1000.",
            field="backup_keep",
        )
    before = backup_keep(db)
    with db.atomic():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [KEEP_SETTING, str(int(keep))],
        )
        audit.record(db, actor, "update", "settings", None, {KEEP_SETTING: before}, {KEEP_SETTING: int(keep)})


def backup_to(
    db_path: str | Path,
    out: str | Path,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Path:
    """Copy the live database at ``db_path`` to ``out`` with the online backup API.

    Safe while the workbench writes (the API restarts on change). Raises
    :class:`Cancelled` (nothing left behind) or :class:`ValidationError` when
    the source cannot be read.
    """
    db_path, out = Path(db_path), Path(out)
    if not db_path.exists():
        raise ValidationError("backup_no_source", f"数据库文件不存在：{db_path}", f"No database file at {db_path}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    passphrase = store_db.passphrase_for(db_path)
    src = store_db.connect(db_path, readonly=True, passphrase=passphrase)
    try:
        # The copy is encrypted exactly when the source is, with the same passphrase.
        if store_db.is_encrypted_connection(src):
            dst = store_db.connect(tmp, passphrase=passphrase)
        else:
            dst = sqlite3.connect(str(tmp))
    except BaseException:
        src.close()
        raise
    try:

        def step(status: int, remaining: int, total: int) -> None:
            if cancel is not None and cancel():
                raise Cancelled()
            if progress is not None:
                progress(total - remaining, total, "backup")

        try:
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc.__cause__, Cancelled) or (cancel is not None and cancel()):
                raise Cancelled() from None
            raise ValidationError(
                "backup_failed", f"无法备份 {db_path.name}：{exc}", f"Cannot back up {db_path.name}: {exc}"
            ) from exc
        # A self-contained file: no -wal beside the copy.
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.commit()
    except BaseException:
        dst.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    encrypted = store_db.is_encrypted_connection(dst)
    dst.close()
    os.replace(tmp, out)
    if encrypted:  # so this process can check and list the copy by its path alone
        store_db.set_passphrase(out, passphrase)
    return out


def make_backup(
    db_path: str | Path,
    *,
    reason: str = "manual",
    keep: int | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Path:
    """Back up ``db_path`` into its backups folder and prune to the newest ``keep``.

    ``reason`` is a lowercase word kept in the name (manual, start, close).
    """
    db_path = Path(db_path)
    folder = paths.backups_dir(db_path)
    name = f"{db_path.stem}-{_stamp(_utc(now))}-{reason}.db"
    target = folder / name
    n = 1
    while target.exists():  # two backups in one second
        target = folder / f"{db_path.stem}-{_stamp(_utc(now))}-{reason}{'x' * n}.db"
        n += 1
    backup_to(db_path, target, progress, cancel)
    if keep is None:
        keep = _keep_from_file(db_path)
    prune(db_path, keep)
    return target


def _keep_from_file(db_path: Path) -> int:
    try:
        conn = store_db.connect(db_path, readonly=True)
        try:
            return backup_keep(sqlite_utils.Database(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        return DEFAULT_KEEP


def backup_files(db_path: str | Path) -> list[Path]:
    """Backup files of ``db_path``, newest first (by the time in their name)."""
    db_path = Path(db_path)
    found = []
    for p in paths.backups_dir(db_path).glob(f"{db_path.stem}-*.db"):
        m = _NAME_RE.search(p.name)
        if m and p.name[: m.start()] == db_path.stem:
            found.append((m.group(1), p.stat().st_mtime_ns, p.name, p))
    return [p for *_, p in sorted(found, reverse=True)]


def prune(db_path: str | Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted paths."""
    doomed = backup_files(db_path)[max(1, keep):]
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed


def _created_at(path: Path) -> datetime:
    m = _NAME_RE.search(path.name)
    if m:
        return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def inspect_backup(path: str | Path, *, full: bool | None = True, passphrase: str | None = None) -> BackupInfo:
    """Check one backup file and read its counts; never raises for a bad file (``ok`` False).

    ``full``: True integrity_check, False quick_check, None only the header,
    schema and counts (fast: for listing; restore always checks fully).
    An encrypted backup is read with ``passphrase`` (default: the one known for ``path``).
    """
    path = Path(path)
    passphrase = passphrase or store_db.passphrase_for(path)
    created = _created_at(path) if path.exists() else datetime.now(UTC)
    size = path.stat().st_size if path.exists() else 0
    if not path.exists() or size == 0:
        return BackupInfo(path, created, size, None, None, None, False, "missing or empty file")
    if full is None:
        report = check_header(path, passphrase=passphrase)
    else:
        report = check_file(path, full=bool(full), passphrase=passphrase)
    if not report.ok:
        return BackupInfo(path, created, size, None, None, None, False, "; ".join(report.problems[:3]))
    try:
        conn = store_db.connect(path, readonly=True, passphrase=passphrase)
    except sqlite3.Error as exc:
        return BackupInfo(path, created, size, None, None, None, False, f"cannot open: {exc}")
    try:
        db = sqlite_utils.Database(conn)
        applied = [m.name for m in MIGRATIONS.applied(db)]
        known = {m.name for m in MIGRATIONS._migrations}
        clients = db.execute("SELECT count(*) FROM clients").fetchone()[0]
        loans = db.execute("SELECT count(*) FROM loans").fetchone()[0]
    except sqlite3.Error as exc:
        return BackupInfo(path, created, size, None, None, None, False, f"not a workbench database: {exc}")
    finally:
        conn.close()
    unknown = [name for name in applied if name not in known]
    if unknown:
        return BackupInfo(
            path, created, size, clients, loans, len(applied), False,
            f"made by a newer workbench (unknown migrations: {', '.join(unknown[:3])})",
        )
    return BackupInfo(path, created, size, clients, loans, len(applied), True)


def list_backups(db_path: str | Path, *, full: bool | None = None) -> list[BackupInfo]:
    """Every backup of ``db_path``, newest first, with counts (header check only unless ``full`` is set)."""
    passphrase = store_db.passphrase_for(db_path)
    return [inspect_backup(p, full=full, passphrase=passphrase) for p in backup_files(db_path)]


def newest_good_backup(db_path: str | Path) -> BackupInfo | None:
    """The newest backup that passes integrity_check and this code's schema, or None."""
    passphrase = store_db.passphrase_for(db_path)
    for p in backup_files(db_path):
        info = inspect_backup(p, full=True, passphrase=passphrase)
        if info.ok:
            return info
    return None


def backup_due_today(db_path: str | Path, now: datetime | None = None) -> bool:
    """True when no backup of ``db_path`` was made on today's (UTC) date."""
    today = _utc(now).date()
    newest = backup_files(db_path)
    return not newest or _created_at(newest[0]).date() != today


def backup_on_start(db_path: str | Path, now: datetime | None = None) -> Path | None:
    """At most one backup a day when the workbench starts; returns its path or None."""
    db_path = Path(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0 or not backup_due_today(db_path, now):
        return None
    return make_backup(db_path, reason="start", now=now)


def backup_on_close(db_path: str | Path, now: datetime | None = None) -> Path | None:
    """A backup each time the workbench closes (a no-op for a missing file)."""
    db_path = Path(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    return make_backup(db_path, reason="close", now=now)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file restored from, and where the replaced file was kept."""

    restored_from: Path
    replaced_kept_as: Path | None
    backup: BackupInfo


def _move_aside(db_path: Path, stamp: str) -> Path | None:
    if not db_path.exists():
        return None
    kept = db_path.with_name(f"{db_path.stem}.replaced-{stamp}.db")
    os.replace(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(str(db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept) + suffix))
    return kept


def restore(
    db_path: str | Path,
    backup_path: str | Path,
    *,
    actor: str,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace ``db_path`` by the backup at ``backup_path`` after checking it.

    The caller makes sure no other workbench has the file open (see
    :mod:`workbench.services.lock`). Raises :class:`ValidationError` when the
    backup is damaged, not a workbench database, from a newer version, or
    encrypted with a passphrase that is not the one known for the backup or
    for ``db_path``; nothing is changed then.
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    passphrase = store_db.passphrase_for(backup_path) or store_db.passphrase_for(db_path)
    info = inspect_backup(backup_path, full=True, passphrase=passphrase)
    if not info.ok:
        raise ValidationError(
            "restore_bad_backup",
            f"不能从 {backup_path.name} 恢复：{info.problem}",
            f"Cannot restore from {backup_path.name}: {info.problem}",
            field="backup",
        )
    stamp = _stamp(_utc(now))
    staged = db_path.with_name(f"{db_path.name}.restoring")
    shutil.copyfile(backup_path, staged)
    with staged.open("rb+") as fh:
        os.fsync(fh.fileno())
    kept = _move_aside(db_path, stamp)
    os.replace(staged, db_path)
    from workbench.store.db import open_db

    db = open_db(db_path, passphrase=passphrase)  # migrates an older backup forward
    try:
        with db.atomic():
            audit.record(
                db, actor, "restore", "database", None,
                None, {"from": backup_path.name, "replaced_kept_as": kept.name if kept else None},
                reason="restore from backup",
            )
    finally:
        db.close()
    return RestoreResult(backup_path, kept, info)
