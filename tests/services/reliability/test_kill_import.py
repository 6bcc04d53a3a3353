"""SIGKILL a client import at random moments: the file stays whole and holds all or none of it.

The import runs as the real command (``python -m workbench.cli --db X import
clients FILE``) in a subprocess on a 3,000-row list with valid USCCs; it is
killed 20 times, each time on a fresh copy of the same starting database.
Half of the kills land at a random moment of the whole run; the other half at
a random moment after the import started writing (its WAL file grew), where a
torn write would show.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from reliability_helpers import make_uscc, populate

from workbench.store import audit, open_db

ROWS = 3000
KILLS = 20


def write_client_list(path, rows=ROWS, first=100_000):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名称", "统一社会信用代码", "法定代表人", "联系电话", "所属行业", "从业人数", "年营业收入（万元）", "成立日期"])
        for i in range(rows):
            w.writerow([f"杭州测试{i}号贸易有限公司", make_uscc(first + i), f"张{i}", f"138{i:08d}", "批发业",
                        10 + i % 50, f"{100 + i}.25", "2015-03-01"])
    return [make_uscc(first + i) for i in range(rows)]


def start_import(db_path, file, home):
    env = {**os.environ, "WORKBENCH_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "--user", "t", "import", "clients", str(file)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )


def _wal_bytes(db_path) -> int:
    try:
        return os.stat(str(db_path) + "-wal").st_size
    except FileNotFoundError:
        return 0


def state_of(db_path, usccs):
    """(integrity_check, clients of the file present, import rows, audit chain break) after recovery."""
    conn = sqlite3.connect(db_path)  # opening recovers the WAL, as the workbench would
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.execute("CREATE TEMP TABLE f (uscc TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO f VALUES (?)", [(u,) for u in usccs])
        present = conn.execute("SELECT count(*) FROM clients JOIN f USING (uscc)").fetchone()[0]
        imports = conn.execute("SELECT count(*) FROM imports").fetchone()[0]
    finally:
        conn.close()
    db = open_db(db_path)
    try:
        broken = audit.verify(db)
    finally:
        db.close()
    return check, present, imports, broken


@pytest.mark.slow
def test_killing_an_import_never_leaves_half_of_it(tmp_path):
    file = tmp_path / "clients.csv"
    usccs = write_client_list(file)
    base = tmp_path / "base.db"
    db = open_db(base)
    populate(db, clients=10, loans=2)  # a portfolio that was there before
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    home = tmp_path / "home"
    home.mkdir()

    # One full run tells how long an import takes here, and how long it writes.
    full = tmp_path / "full.db"
    shutil.copyfile(base, full)
    t0 = time.monotonic()
    proc = start_import(full, file, home)
    writing_from = None
    while proc.poll() is None:
        if writing_from is None and _wal_bytes(full) > 0:
            writing_from = time.monotonic()
        time.sleep(0.001)
    assert proc.returncode == 0, proc.stderr.read().decode()
    end = time.monotonic()
    duration = end - t0
    write_window = end - (writing_from or t0)
    assert state_of(full, usccs) == ("ok", ROWS, 1, None)

    seed = int(os.environ.get("KILL_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    kills, outcomes, mid_write = 0, {"none": 0, "all": 0}, 0
    attempts = 0
    while kills < KILLS and attempts < KILLS * 3:
        attempts += 1
        target = tmp_path / f"k{attempts}.db"
        shutil.copyfile(base, target)
        proc = start_import(target, file, home)
        started = time.monotonic()
        if attempts % 2:
            time.sleep(rng.uniform(0.05, duration * 0.95))
        else:  # wait for the first write, then a random part of the write window
            while _wal_bytes(target) == 0 and proc.poll() is None:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, write_window))
        delay = time.monotonic() - started
        wal_bytes = _wal_bytes(target)
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        if code != -signal.SIGKILL:
            continue  # finished before the kill landed: not a kill
        kills += 1
        mid_write += wal_bytes > 0
        check, present, imports, broken = state_of(target, usccs)
        where = f"seed {seed}, kill {kills} after {delay:.3f}s (wal {wal_bytes} bytes)"
        assert check == "ok", where
        assert present in (0, ROWS), f"{present} of {ROWS} rows after {where}"
        assert imports == (1 if present else 0), where
        assert broken is None, f"audit chain broken at {broken} after {where}"
        # What was there before is all still there.
        conn = sqlite3.connect(target)
        assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 10 + present
        assert conn.execute("SELECT count(*) FROM loans").fetchone()[0] == 2
        conn.close()
        outcomes["all" if present else "none"] += 1
    assert kills == KILLS, f"only {kills} kills landed in {attempts} attempts (import takes {duration:.2f}s)"
    print(f"\nkill test: {kills} kills survived (seed {seed}); none={outcomes['none']} all={outcomes['all']}; "
          f"{mid_write} while writing; full import {duration:.2f}s, writing {write_window:.2f}s")
