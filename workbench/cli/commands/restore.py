"""``workbench --db PATH restore FILE``: replace the portfolio by a checked backup."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli import NO_DB, resolve_db, resolve_user
from workbench.cli.output import fail, print_json
from workbench.services import backup, lock
from workbench.services.errors import ServiceError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("restore", help="restore the database from a backup file / 从备份恢复数据库")
    p.add_argument("file", help="the backup file (see `backup --list`)")
    p.add_argument("--json", action="store_true")
    # NO_DB: restore takes the writer lock itself and must run on a damaged file.
    p.set_defaults(func=run, db_access=NO_DB)


def run(args: argparse.Namespace) -> int:
    db_path = resolve_db(args)
    source = Path(args.file)
    if not source.exists():
        return fail(f"no such backup file / 备份文件不存在: {source}")
    held = lock.acquire(db_path, resolve_user(args))
    if not held.acquired:
        h = held.holder
        return fail(f"The database is in use by {h.describe_en()}; close that workbench first.\n"
                    f"数据库正被 {h.describe_zh()} 使用，请先关闭那个工作台。", code=3)
    try:
        result = backup.restore(db_path, source, actor=resolve_user(args))
    except ServiceError as exc:
        return fail(f"{exc.message_en}\n{exc.message_zh}")
    finally:
        held.lock.release()
    info = result.backup
    if args.json:
        print_json({"restored_from": str(source), "replaced_kept_as": str(result.replaced_kept_as or ""),
                    "clients": info.clients, "loans": info.loans})
    else:
        print(f"restored from / 已恢复自: {source}  (clients 客户 {info.clients}, loans 贷款 {info.loans})")
        if result.replaced_kept_as:
            print(f"the replaced file is kept as / 原文件保留为: {result.replaced_kept_as}")
    return 0
