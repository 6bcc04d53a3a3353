"""``workbench --db PATH [--passphrase-env VAR] encrypt --out NEW.db``: an encrypted copy of a plain portfolio.

The original file is left as it is; the copy (SQLCipher 4, AES-256) holds the
same rows and the same audit chain, which are checked before the command
says so. Open it afterwards with the same passphrase (window: asked at start;
headless: ``--passphrase-env``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli import EXIT_PASSPHRASE, READS, resolve_db
from workbench.cli.output import fail, print_json
from workbench.cli.passphrase import NoPassphrase, get_passphrase
from workbench.services import privacy
from workbench.services.errors import ServiceError
from workbench.services.integrity import EXIT_DAMAGED, damage_message


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("encrypt", help="write an encrypted copy of the database (SQLCipher) / 生成加密副本")
    p.add_argument("--out", required=True, type=Path, help="the encrypted copy to write (must not exist)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, db_access=READS)  # the source is only read; --out is new


def run(args: argparse.Namespace) -> int:
    source = resolve_db(args)  # main() has refused a missing file (db_access READS)
    problem = damage_message(source)  # never make a good-looking encrypted copy of a damaged file
    if problem:
        return fail(problem, code=EXIT_DAMAGED)
    try:
        passphrase = get_passphrase(source, confirm=True)
    except NoPassphrase as exc:
        return fail(str(exc), code=EXIT_PASSPHRASE)
    try:
        privacy.encrypt_copy(source, args.out, passphrase)
        check = privacy.compare_copies(source, None, args.out, passphrase)
    except ServiceError as exc:
        return fail(f"{exc.message_en}\n{exc.message_zh}")
    if args.json:
        print_json({"out": str(args.out), **check.as_dict()})
    else:
        print(f"encrypted copy written / 已生成加密副本: {args.out}")
        print(f"  clients 客户 {check.clients:,}, loans 贷款 {check.loans:,}, audit rows 审计记录 {check.audit_rows:,}, "
              f"audit chain 哈希链 {'whole 完好' if check.audit_ok else 'BROKEN 断裂'}")
        print("  the original file is unchanged / 原文件未改动")
    return 0 if check.ok else 1
