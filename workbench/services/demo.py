"""The demo portfolio: a realistic, internally consistent portfolio generated from a seed.

``build_demo_portfolio(path, DemoSpec(...))`` writes it to ``path`` by way of
a temporary file beside it that is renamed into place only when complete, so
a half-built demo is never opened. The same seed, sizes and as-of date give
the same rows (audit-log timestamps aside).

What it holds (generators in ``workbench/services/demo_data/``):

- clients across the MIIT industries and all four size classes
  (``classify_size`` of their metrics), valid USCCs and legal
  representatives' resident IDs, credit data; one supply-chain core
  enterprise with suppliers and distributors;
- visits with needs, screening points and declared/recommended flags;
- the story of a branch that started using the workbench six months before
  ``as_of`` (settings ``workbench_go_live``): loans drawn since then went
  through it — application, approval steps (officer → 李军 → 赵敏), credit
  line, loan (source ``workbench``); older loans are mirrored from the
  core-banking import (source ``import``, no application or line);
- applications at every approval stage, renewal applications in progress;
- instalments for every active loan and every workbench loan (等额本息,
  等额本金 and 按月付息到期还本; 随借随还 has none), exactly as
  ``build_schedule`` computes them; imported loans already closed keep none;
- repayments recorded since go-live, matching the instalments they paid;
- balance history: a row at drawdown, at each change of principal, and the
  current one at ``as_of`` (source ``import``, with overdue days and
  classification); for a loan left unpaid, a row at every month-end since
  its first missed payment (balance, days overdue then, classification never
  below their floor), as a monthly core-banking import records it — so the
  state at each month-end of the last 13 months is exact for every loan
  (current loans' payment rows already say it); imported loans only from
  the start of last year or the 13th month-end back, whichever is earlier
  (the balance then opens it), none for those closed before it;
- loans maturing within 30/60/90 days, past maturity, overdue in every
  classification band (never below the floor for their overdue days);
  renewals of every kind (old loan closed the day the new one is drawn);
- LPR history, demo users (password ``demo1234``), bank and branch settings,
  and one audit row per table for the generation as a whole.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import argon2
import sqlite_utils

from workbench.services import lpr
from workbench.services.demo_data.portfolio import BRANCH, OFFICERS, generate, go_live
from workbench.services.demo_data.tables import COLUMNS, ORDER
from workbench.services.errors import Cancelled, ValidationError
from workbench.store import audit
from workbench.store.db import open_db

DEFAULT_CLIENTS = 2000
LOANS_PER_CLIENT = 3  # the benchmark's ratio: 300,000 loans for 100,000 clients (closed ones included)
DEMO_PASSWORD = "demo1234"
BANK_NAME = "示例银行"
ACTOR = "demo"
USERS: tuple[tuple[str, str, str], ...] = (
    ("wangfang", "王芳", "officer"), ("liuqiang", "刘强", "officer"), ("chenjing", "陈静", "officer"),
    ("zhangwei", "张伟", "officer"), ("lijun", "李军", "reviewer"), ("zhaomin", "赵敏", "approver"),
    ("admin", "管理员", "admin"),
)
# Big tables: their indexes are dropped while rows go in and built once afterwards (much faster).
_REINDEXED = ("clients", "visits", "applications", "approval_steps", "credit_lines", "loans", "instalments",
              "repayments", "balance_history")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DemoSpec:
    """How big a demo to build. ``loans`` None means ``LOANS_PER_CLIENT × clients``."""

    clients: int = DEFAULT_CLIENTS
    loans: int | None = None
    seed: int = 20250331
    as_of: date = field(default_factory=date.today)

    @property
    def loan_count(self) -> int:
        return self.loans if self.loans is not None else LOANS_PER_CLIENT * self.clients


def _check(spec: DemoSpec) -> None:
    if not isinstance(spec.clients, int) or spec.clients < 1:
        raise ValidationError("demo_clients", f"客户数必须是正整数，收到 {spec.clients!r}",
                              f"the number of clients must be a positive integer, got {spec.clients!r}", "clients")
    if not isinstance(spec.loan_count, int) or spec.loan_count < 0:
        raise ValidationError("demo_loans", f"贷款笔数必须是非负整数，收到 {spec.loans!r}",
                              f"the number of loans must be a non-negative integer, got {spec.loans!r}", "loans")


def build_demo_portfolio(path: str | Path, spec: DemoSpec | None = None, progress: Progress | None = None,
                         cancel: Callable[[], bool] | None = None) -> dict[str, int]:
    """Generate the demo portfolio into ``path`` (replacing it); returns row counts per table.

    Built in ``path``'s folder under a temporary name and renamed at the end.
    Raises Cancelled (nothing at ``path`` changed) when ``cancel()`` turns
    true, ValidationError for a bad spec.
    """
    spec = spec or DemoSpec()
    _check(spec)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    _remove(tmp)
    try:
        counts = _build(tmp, spec, progress, cancel)
        for suffix in ("-wal", "-shm"):  # an older file's journal must not be applied to the new one
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    return counts


def demo_date(path: str | Path) -> date | None:
    """The ``as_of`` date a demo portfolio file was generated for; None if it is not one (or unreadable)."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'demo_as_of'").fetchone()
        finally:
            conn.close()
        return date.fromisoformat(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None


def _remove(file: Path) -> None:
    for f in (file, Path(str(file) + "-wal"), Path(str(file) + "-shm"), Path(str(file) + "-journal")):
        f.unlink(missing_ok=True)


class _Writer:
    """Inserts batches of rows on its own thread, so SQLite works while Python generates.

    The connection is used by this thread only until :meth:`finish` returns.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="demo-writer", daemon=True)
        self.thread.start()

    def put(self, table: str, rows: list) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((table, rows))

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue  # drain after a failure
            table, rows = item
            cols = COLUMNS[table]
            try:
                self.db.conn.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
            except BaseException as exc:  # noqa: BLE001 - reported to the generating thread
                self.error = exc

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


_GENERATE_SHARE = 80  # percent of the progress bar for generating (rows stream to SQLite meanwhile)


def _scaled(progress: Progress | None, start: int, span: int) -> Progress | None:
    """Map a phase's (done, total) onto ``start``…``start + span`` of 100."""
    if progress is None:
        return None

    def report(done: int, total: int, message: str) -> None:
        progress(start + span * min(done, total) // max(total, 1), 100, message)

    return report


def _build(tmp: Path, spec: DemoSpec, progress: Progress | None, cancel: Callable[[], bool] | None) -> dict[str, int]:
    db = open_db(tmp)
    try:
        # A file nobody else sees yet: no journal, no fsync, no per-row FK checks (checked by the tests).
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -200000")
        indexes = _drop_indexes(db)
        db.execute("BEGIN")
        writer = _Writer(db)
        try:
            tables = generate(spec.clients, spec.loan_count, spec.seed, spec.as_of, lpr.seed_rows(),
                              _scaled(progress, 0, _GENERATE_SHARE), cancel, writer.put)
            write_progress = _scaled(progress, _GENERATE_SHARE, 100 - _GENERATE_SHARE)
            total = sum(len(rows) for rows in tables.rows.values())
            done = 0
            for name in ORDER:
                if cancel is not None and cancel():
                    raise Cancelled()
                rows = tables[name]
                tables.flush((name,))
                done += len(rows)
                if write_progress is not None:
                    write_progress(done, total, f"写入 {name}")
        finally:
            writer.finish()
        for sql in indexes:
            db.execute(sql)
        _reference_data(db, spec)
        counts = tables.counts()
        for name in ORDER:
            audit.record(db, ACTOR, "demo.generate", name, None, None,
                         {"rows": counts[name], "seed": spec.seed, "as_of": spec.as_of.isoformat()},
                         reason="生成演示数据 demo portfolio generated")
        db.conn.commit()
        db.execute("PRAGMA journal_mode = WAL")
    finally:
        db.close()
    return counts


def _drop_indexes(db: sqlite_utils.Database) -> list[str]:
    """Drop the big tables' secondary indexes; return the SQL that recreates them."""
    marks = ",".join("?" * len(_REINDEXED))
    rows = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        list(_REINDEXED),
    ).fetchall()
    for name, _ in rows:
        db.execute(f"DROP INDEX {name}")
    return [sql for _, sql in rows]


def _reference_data(db: sqlite_utils.Database, spec: DemoSpec) -> None:
    """Users (one argon2 hash shared by all: hashing is slow on purpose), settings, the LPR history."""
    hashed = argon2.PasswordHasher().hash(DEMO_PASSWORD)
    stamp = f"{spec.as_of.isoformat()}T02:00:00+00:00"
    db.conn.executemany(
        "INSERT INTO users (username, display_name, role, password_hash, branch, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(u, name, role, hashed, BRANCH, stamp) for u, name, role in USERS],
    )
    settings = {"bank_name": BANK_NAME, "branch_name": BRANCH, "demo_seed": str(spec.seed),
                "demo_as_of": spec.as_of.isoformat(), "workbench_go_live": go_live(spec.as_of).isoformat()}
    db.conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", list(settings.items()))
    db.conn.executemany("INSERT OR IGNORE INTO lpr_rates (published_on, tenor, rate_bp) VALUES (?, ?, ?)",
                        [(r["published_on"], r["tenor"], r["rate_bp"]) for r in lpr.seed_rows()])


assert {name for name, _ in OFFICERS} <= {display for _, display, _ in USERS}
