"""Opening the portfolio database.

One file, WAL mode, foreign keys on, migrations applied on open. A connection
belongs to the thread that opened it: workers call :func:`open_db` themselves.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from workbench.store.schema import MIGRATIONS, schema_version

SCHEMA_VERSION_KEY = "schema_version"
BUSY_TIMEOUT_MS = 5000


def open_db(path: str | Path, *, migrate: bool = True, readonly: bool = False) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``readonly`` opens the file with ``mode=ro`` and never migrates.
    """
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return db
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread=False lets a worker close what it opened from a pool
    # thread; we still never share one connection between threads.
    conn = sqlite3.connect(str(path), check_same_thread=False)
    db = sqlite_utils.Database(conn, strict=True, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        MIGRATIONS.apply(db)
    return db


def current_schema_version(db: sqlite_utils.Database) -> int:
    """Number of migrations applied to ``db`` (0 for an empty file)."""
    return len(MIGRATIONS.applied(db))


def latest_schema_version() -> int:
    """Number of migrations this version of the workbench knows."""
    return schema_version()
