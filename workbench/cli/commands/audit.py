"""``workbench --db PATH audit verify|list``: check the audit hash chain, list audit rows."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import date

from workbench.cli import READS, resolve_db
from workbench.cli.output import fail, print_json
from workbench.services.audit_view import AuditFilter, count_audit, list_audit, verify_chain
from workbench.services.integrity import EXIT_DAMAGED, damage_message
from workbench.store import open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="verify or list the audit log / 审计日志核验与查询")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = asub.add_parser("verify", help="walk the hash chain; exit 1 naming the first broken row / 核验哈希链")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=run_verify, db_access=READS)
    ls = asub.add_parser("list", help="list audit rows, newest first / 列出审计记录")
    ls.add_argument("--user", dest="actor", help="only this user (actor) / 操作人")
    ls.add_argument("--table", help="only this table / 表")
    ls.add_argument("--client", type=int, help="only this client id / 客户编号")
    ls.add_argument("--from", dest="date_from", type=_date, help="from this date, YYYY-MM-DD / 起始日期")
    ls.add_argument("--to", dest="date_to", type=_date, help="to this date inclusive / 截止日期")
    ls.add_argument("--limit", type=int, default=1000, help="at most this many rows (default 1000)")
    ls.add_argument("--json", action="store_true", help="a JSON array")
    ls.set_defaults(func=run_list, db_access=READS)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD) / 日期格式应为 YYYY-MM-DD: {text!r}") from None


def _open(args: argparse.Namespace):
    path = resolve_db(args)
    if not path.exists():
        return None, fail(f"no database at {path} / 数据库文件不存在：{path}")
    problem = damage_message(path)  # a chain read from a damaged file proves nothing
    if problem:
        return None, fail(problem, code=EXIT_DAMAGED)
    try:
        db = open_db(path, readonly=True)
        db.execute("SELECT count(*) FROM audit_log").fetchone()
        return db, 0
    except sqlite3.DatabaseError as exc:
        problem = damage_message(path)
        if problem:
            return None, fail(problem, code=EXIT_DAMAGED)
        return None, fail(f"cannot read {path}: {exc} / 无法读取数据库：{exc}")


def run_verify(args: argparse.Namespace) -> int:
    db, code = _open(args)
    if db is None:
        return code
    try:
        result = verify_chain(db)
    finally:
        db.close()
    if args.json:
        print_json({"ok": result.ok, "rows": result.rows,
                    "broken_row": result.broken.row_id if result.broken else None,
                    "reason": result.broken.reason if result.broken else None})
    else:
        print(result.message_en())
        print(result.message_zh())
    return 0 if result.ok else 1


def run_list(args: argparse.Namespace) -> int:
    db, code = _open(args)
    if db is None:
        return code
    filt = AuditFilter(args.actor, args.table, args.client, args.date_from, args.date_to)
    try:
        rows = list_audit(db, filt, limit=max(1, args.limit))
        total = count_audit(db, filt)
    finally:
        db.close()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        what = ", ".join(r.changed_fields()[:6])
        print(f"{r.id:>7}  {r.at}  {r.actor:<10} {r.action:<10} {r.table_name}#{r.row_id or '-'}"
              f"  client={r.client_id or '-'}  {what}{'  reason: ' + r.reason if r.reason else ''}")
    print(f"{len(rows)} of {total} rows / 共 {total} 条，显示 {len(rows)} 条")
    return 0
