"""Import benchmark: a 100,000-row × 15-column client workbook.

Times, each in its own subprocess so peak memory (ru_maxrss) is its own:
1. python-calamine alone reading the sheet into Python lists (the floor);
2. the whole import as a dry run (read, clean, check, diff) into a fresh database;
3. the whole import committed (… plus insert, audit rows, import record).

Targets: whole import ≤ 3× the calamine read time; peak memory < 400 MB.

    /work/venv/bin/python benchmarks/bench_import.py [--rows 100000] [--keep DIR] [--repeat 3]

The machine is shared: ``--repeat N`` runs the three steps N times (interleaved) and
reports each step's median run; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

INDUSTRIES = ("工业", "批发业", "零售业", "餐饮业", "软件和信息技术服务业", "交通运输业", "仓储业", "物业管理", "建筑业")
CITIES = (("杭州", "330102"), ("宁波", "330203"), ("温州", "330302"), ("嘉兴", "330402"), ("绍兴", "330602"))
WORDS = "鑫瑞博汇天盛永安金同聚新昌宏源泰达兴华通科"
HEADER = [
    "企业名称", "统一社会信用代码", "法定代表人", "法定代表人身份证号", "联系电话", "所属行业", "从业人数",
    "年营业收入（万元）", "资产总额（万元）", "成立日期", "经营地址", "纳税信用等级", "客户经理", "所属支行", "备注",
]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    import xlsxwriter
    from stdnum.cn import ric, uscc

    rnd = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("客户清单")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for i in range(1, rows + 1):
        city, area = CITIES[i % len(CITIES)]
        body = f"9{1 if i % 7 else 2}{area}{i:09d}"
        code = body + uscc.calc_check_digit(body)
        birth = date(1985, 1, 1) + timedelta(days=rnd.randrange(5000))
        id_body = f"{area}{birth:%Y%m%d}{i % 1000:03d}"
        id_number = id_body + ric.calc_check_digit(id_body + "0")  # stdnum expects a placeholder check digit
        name = city + "".join(rnd.choice(WORDS) for _ in range(2)) + ("贸易有限公司" if i % 3 else "科技股份有限公司")
        sheet.write_string(i, 0, name)
        sheet.write_string(i, 1, code)
        sheet.write_string(i, 2, "张" + rnd.choice(WORDS))
        sheet.write_string(i, 3, id_number)
        sheet.write_string(i, 4, f"1{rnd.randrange(3, 9)}{rnd.randrange(10**8, 10**9)}")
        sheet.write_string(i, 5, INDUSTRIES[i % len(INDUSTRIES)])
        sheet.write_number(i, 6, rnd.randrange(1, 300))
        sheet.write_number(i, 7, rnd.randrange(1000, 5_000_000) / 100)
        sheet.write_number(i, 8, rnd.randrange(1000, 5_000_000) / 100)
        sheet.write_datetime(i, 9, date(2000, 1, 1) + timedelta(days=rnd.randrange(9000)), date_format)
        sheet.write_string(i, 10, f"{city}市建设路{rnd.randrange(1, 999)}号")
        sheet.write_string(i, 11, rnd.choice("ABCDM"))
        sheet.write_string(i, 12, rnd.choice(("王芳", "刘强")))
        sheet.write_string(i, 13, city + "支行")
        sheet.write_string(i, 14, "")
    book.close()


CHILD = {
    "calamine": """
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(PATH).get_sheet_by_index(0).to_python()
result = {"rows": len(rows)}
""",
    "dry-run": """
from workbench.store import open_db
from workbench.services.importing.clients import import_clients
db = open_db(DB)
r = import_clients(db, PATH, "bench", dry_run=True)
result = {"rows": r.rows_in_file, "added": r.added, "rejected": r.rejected}
""",
    "commit": """
from workbench.store import open_db
from workbench.services.importing.clients import import_clients
db = open_db(DB)
r = import_clients(db, PATH, "bench")
result = {"rows": r.rows_in_file, "added": r.added, "rejected": r.rejected,
          "clients": db.execute("select count(*) from clients").fetchone()[0],
          "audit": db.execute("select count(*) from audit_log").fetchone()[0]}
""",
}

WRAPPER = """
import json, resource, sys, time
PATH, DB = sys.argv[1], sys.argv[2]
{imports}
t0 = time.perf_counter()
{body}
result["seconds"] = time.perf_counter() - t0
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def run_child(step: str, path: Path, db: Path) -> dict:
    # imports happen before the clock starts so we time the work, not interpreter start-up
    imports = "import python_calamine" if step == "calamine" else "import workbench.services.importing.clients, workbench.store"
    code = WRAPPER.format(imports=imports, body=CHILD[step])
    out = subprocess.run([sys.executable, "-c", code, str(path), str(db)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated workbook in")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step; the median is reported")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_import_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"clients_{args.rows}.xlsx"
    if not path.exists():
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
    print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    runs: dict[str, list[dict]] = {"calamine": [], "dry-run": [], "commit": []}
    for _ in range(max(1, args.repeat)):
        for step in runs:
            db = folder / f"bench_{step}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            runs[step].append(run_child(step, path, db))
    print("load average after:  " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    results = {}
    for step, rs in runs.items():
        median = statistics.median_low(r["seconds"] for r in rs)
        results[step] = dict(next(r for r in rs if r["seconds"] == median))
        if len(rs) > 1:
            results[step]["runs"] = "/".join(f"{r['seconds']:.2f}" for r in rs)
    base = results["calamine"]["seconds"]
    print(f"\n{'step':<10} {'seconds':>8} {'× read':>7} {'peak MB':>8}  rows/notes")
    for step, r in results.items():
        notes = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("seconds", "peak_mb"))
        print(f"{step:<10} {r['seconds']:>8.2f} {r['seconds'] / base:>7.2f} {r['peak_mb']:>8.0f}  {notes}")
    whole = results["commit"]["seconds"]
    peak = max(r["peak_mb"] for rs in runs.values() for r in rs)
    ok = whole <= 3 * base and peak < 400
    print(f"\ntarget: commit ≤ 3× read ({3 * base:.2f} s) and peak < 400 MB → {'MET' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
