"""Is this portfolio file whole? Checked on open, before anything writes to it.

Small files get ``PRAGMA integrity_check``, large ones the faster
``PRAGMA quick_check`` (it skips index-content checks). A file that is not
SQLite at all, is truncated or is damaged gives a :class:`IntegrityReport`
with ``ok=False`` and a message in both languages; :func:`ensure_healthy`
turns that into :class:`DatabaseDamaged`, naming the newest good backup.
Never a traceback for the user.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from workbench.services.errors import ServiceError

SQLITE_HEADER = b"SQLite format 3\x00"
#: Files larger than this get quick_check (integrity_check reads every index too).
QUICK_CHECK_ABOVE_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class IntegrityReport:
    """Outcome of checking one file; ``mode`` is integrity_check, quick_check, header or missing."""

    path: Path
    ok: bool
    mode: str
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def message_en(self) -> str:
        if self.ok:
            return f"{self.path.name}: database is whole ({self.mode})."
        return f"{self.path.name} is damaged or not a workbench database: {'; '.join(self.problems[:3])}"

    @property
    def message_zh(self) -> str:
        if self.ok:
            return f"{self.path.name}：数据库完好（{self.mode}）。"
        return f"{self.path.name} 已损坏或不是工作台数据库：{'；'.join(self.problems[:3])}"


class DatabaseDamaged(ServiceError):
    """The portfolio file failed its check; ``values['backup']`` is the newest good backup or None."""


def check_header(path: str | Path) -> IntegrityReport:
    """Only the file's first 16 bytes: an SQLite database or not (mode 'header')."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            ok = fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError as exc:
        return IntegrityReport(path, False, "header", (f"cannot open: {exc}",))
    return IntegrityReport(path, ok, "header", () if ok else ("not an SQLite database file (wrong header)",))


def check_file(path: str | Path, *, full: bool | None = None) -> IntegrityReport:
    """Check the SQLite file at ``path`` without changing it.

    ``full`` forces integrity_check (True) or quick_check (False); by default
    the file size decides. A missing or empty file is fine (a new portfolio).
    """
    path = Path(path)
    if not path.exists():
        return IntegrityReport(path, True, "missing")
    size = path.stat().st_size
    if size == 0:
        return IntegrityReport(path, True, "empty")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return IntegrityReport(path, False, "header", ("not an SQLite database file (wrong header)",))
    if full is None:
        full = size <= QUICK_CHECK_ABOVE_BYTES
    mode = "integrity_check" if full else "quick_check"
    try:
        # Read-only: a check must never write, not even a WAL recovery of a damaged file.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return IntegrityReport(path, False, mode, (f"cannot open: {exc}",))
    try:
        rows = conn.execute(f"PRAGMA {mode}({MAX_PROBLEMS})").fetchall()
        problems = tuple(str(r[0]) for r in rows if r and r[0] != "ok")
        if not problems:
            # quick/integrity_check pass on a file whose schema is unreadable text; make sure it reads.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        problems = (str(exc),)
    finally:
        conn.close()
    return IntegrityReport(path, not problems, mode, problems)


def ensure_healthy(path: str | Path, *, full: bool | None = None) -> IntegrityReport:
    """Check ``path``; raise :class:`DatabaseDamaged` (offering the newest good backup) if it fails."""
    report = check_file(path, full=full)
    if report.ok:
        return report
    from workbench.services.backup import newest_good_backup

    backup = newest_good_backup(Path(path))
    if backup is not None:
        offer_en = f" The newest good backup is {backup.path.name} ({backup.created_label})."
        offer_zh = f"最新的完好备份是 {backup.path.name}（{backup.created_label}）。"
    else:
        offer_en, offer_zh = " No good backup was found.", "未找到完好的备份。"
    raise DatabaseDamaged(
        "db_damaged",
        report.message_zh + "。" + offer_zh,
        report.message_en + "." + offer_en,
        path=str(path),
        problems=list(report.problems),
        backup=backup,
    )


#: Exit code of headless commands that find the database damaged.
EXIT_DAMAGED = 4


def damage_message(path: str | Path, *, full: bool | None = None) -> str | None:
    """None when ``path`` is whole, else a bilingual message naming the newest good backup
    and the command that restores it (for headless commands; never a traceback)."""
    try:
        ensure_healthy(path, full=full)
    except DatabaseDamaged as exc:
        backup = exc.values.get("backup")
        hint = ""
        if backup is not None:
            hint = (f"\nTo restore it / 恢复命令: workbench --db \"{path}\" restore \"{backup.path}\"")
        return f"{exc.message_en}\n{exc.message_zh}{hint}"
    return None
