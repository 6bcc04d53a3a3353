"""``workbench --db PATH backup [--out FILE]``: a consistent copy of the portfolio file."""

from __future__ import annotations

import argparse

from workbench.cli import READS, WRITES, resolve_db
from workbench.cli.output import fail, print_json
from workbench.services import backup
from workbench.services.errors import ServiceError
from workbench.services.integrity import EXIT_DAMAGED, damage_message


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back up the database (online backup API) / 备份数据库")
    p.add_argument("--out", help="write the backup here (default: the backups folder, keeping the newest N)")
    p.add_argument("--list", action="store_true", help="list existing backups instead / 列出已有备份")
    p.add_argument("--check", action="store_true",
                   help="check the database file's integrity instead (exit 4 when damaged) / 检查数据库完整性")
    p.add_argument("--keep", type=int, metavar="N", help="set how many automatic backups to keep (default 10) / 设置保留备份数")
    p.add_argument("--json", action="store_true")
    # --keep stores a setting (audited); the rest only reads the portfolio.
    p.set_defaults(func=run, db_access=lambda args: WRITES if args.keep is not None else READS)


def run(args: argparse.Namespace) -> int:
    db_path = resolve_db(args)
    if args.keep is not None:
        from workbench.cli import resolve_user
        from workbench.store import open_db

        db = open_db(db_path)
        try:
            backup.set_backup_keep(db, resolve_user(args), args.keep)
        except ServiceError as exc:
            return fail(f"{exc.message_en}\n{exc.message_zh}")
        finally:
            db.close()
        print(f"keeping the newest {args.keep} backups / 保留最新 {args.keep} 份备份")
        return 0
    if args.check:
        problem = damage_message(db_path, full=True)
        if problem:
            return fail(problem, code=EXIT_DAMAGED)
        print(f"{db_path}: whole (integrity_check ok) / 数据库完好")
        return 0
    if args.list:
        infos = backup.list_backups(db_path)
        if args.json:
            print_json([{"path": str(i.path), "created_at": i.created_at.isoformat(), "clients": i.clients,
                         "loans": i.loans, "ok": i.ok, "problem": i.problem} for i in infos])
        for i in infos if not args.json else []:
            state = "ok" if i.ok else f"BAD: {i.problem}"
            print(f"{i.created_label}  clients {i.clients}  loans {i.loans}  {i.path.name}  {state}")
        return 0
    problem = damage_message(db_path)
    if problem:  # never copy a damaged file over good backups
        return fail(problem, code=EXIT_DAMAGED)
    try:
        out = backup.backup_to(db_path, args.out) if args.out else backup.make_backup(db_path, reason="manual")
    except ServiceError as exc:
        return fail(f"{exc.message_en}\n{exc.message_zh}")
    info = backup.inspect_backup(out)
    if args.json:
        print_json({"path": str(out), "clients": info.clients, "loans": info.loans, "ok": info.ok})
    else:
        print(f"backup written / 已备份: {out}  (clients 客户 {info.clients}, loans 贷款 {info.loans})")
    return 0 if info.ok else 1
