"""Reliability benchmark on a large portfolio.

    python benchmarks/bench_reliability.py [--clients 100000] [--audit 300000] [--dir DIR]

Builds (once) a portfolio with N clients and M audit rows in DIR, then measures:
backup with the online API, the integrity check on open (integrity_check and
quick_check), audit-chain verification, the audit viewer's first page and the
peak RSS of reading a 1,048,576-row sheet. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))


def build(path: Path, clients: int, audit_rows: int) -> None:
    from workbench.store import audit, open_db

    db = open_db(path)
    now = audit.utc_now()
    with db.atomic():
        db["clients"].insert_all(
            ({"uscc": f"91330100{i:09d}X", "name": f"企业{i}", "created_at": now, "updated_at": now}
             for i in range(clients)), batch_size=5000,
        )
        batch = []
        for i in range(audit_rows):
            batch.append(audit.AuditEntry("bench", "update", "clients", i % clients + 1, {"n": i}, {"n": i + 1},
                                          client_id=i % clients + 1))
            if len(batch) == 10_000:
                audit.record_many(db, batch)
                batch = []
        audit.record_many(db, batch)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def timed(fn):
    t = time.perf_counter()
    value = fn()
    return value, round(time.perf_counter() - t, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--audit", type=int, default=300_000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "bench_reliability")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"portfolio-{args.clients}-{args.audit}.db"
    out: dict = {}
    if not path.exists():
        _, out["build_s"] = timed(lambda: build(path, args.clients, args.audit))
    out["file_mb"] = round(path.stat().st_size / 1e6, 1)

    from workbench.services import backup, integrity
    from workbench.services.audit_view import AuditFilter, list_audit, verify_chain
    from workbench.store import open_db

    _, out["backup_s"] = timed(lambda: backup.backup_to(path, args.dir / "copy.db"))
    r, out["integrity_check_s"] = timed(lambda: integrity.check_file(path, full=True))
    assert r.ok
    r, out["quick_check_s"] = timed(lambda: integrity.check_file(path, full=False))
    assert r.ok
    db = open_db(path, readonly=True)
    v, out["audit_verify_s"] = timed(lambda: verify_chain(db))
    out["audit_rows"] = v.rows
    assert v.ok, v.message_en()
    _, out["audit_first_page_s"] = timed(lambda: list_audit(db, AuditFilter(user="bench")))
    _, out["audit_client_page_s"] = timed(lambda: list_audit(db, AuditFilter(client_id=7)))
    db.close()

    import hostile_files

    sheet = hostile_files.max_rows_sheet(args.dir / "max.xlsx") if not (args.dir / "max.xlsx").exists() else args.dir / "max.xlsx"
    child = ("import resource, sys\nfrom workbench.services.importing.reading import open_workbook\n"
             "b = open_workbook(sys.argv[1]); n = len(b.rows(b.sheet_names[0]))\n"
             "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    t = time.perf_counter()
    rows, rss = subprocess.run([sys.executable, "-c", child, str(sheet)], capture_output=True, text=True,
                               check=True).stdout.split()
    out["max_sheet_rows"], out["max_sheet_peak_rss_mb"] = int(rows), int(rss)
    out["max_sheet_read_s"] = round(time.perf_counter() - t, 3)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
