"""``workbench --db PATH [--passphrase-env VAR] decrypt --out NEW.db``: a plain copy of an encrypted portfolio.

For a support case or to stop using encryption. The copy is NOT protected:
keep it on an encrypted disk or delete it after use.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli import EXIT_PASSPHRASE, READS, resolve_db
from workbench.cli.output import fail, print_json
from workbench.cli.passphrase import NoPassphrase, get_passphrase
from workbench.services import privacy
from workbench.services.errors import ServiceError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decrypt", help="write a plain (unencrypted) copy of an encrypted database / 生成解密副本")
    p.add_argument("--out", required=True, type=Path, help="the plain copy to write (must not exist)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run, db_access=READS)  # the source is only read; --out is new


def run(args: argparse.Namespace) -> int:
    source = resolve_db(args)  # main() has refused a missing file (db_access READS)
    try:
        passphrase = get_passphrase(source)
    except NoPassphrase as exc:
        return fail(str(exc), code=EXIT_PASSPHRASE)
    try:
        privacy.decrypt_copy(source, args.out, passphrase)
        check = privacy.compare_copies(source, passphrase, args.out, None)
    except ServiceError as exc:
        code = EXIT_PASSPHRASE if exc.code.startswith("passphrase") else 2
        return fail(f"{exc.message_en}\n{exc.message_zh}", code=code)
    if args.json:
        print_json({"out": str(args.out), **check.as_dict()})
    else:
        print(f"plain copy written / 已生成未加密副本: {args.out}")
        print(f"  clients 客户 {check.clients:,}, loans 贷款 {check.loans:,}, audit rows 审计记录 {check.audit_rows:,}, "
              f"audit chain 哈希链 {'whole 完好' if check.audit_ok else 'BROKEN 断裂'}")
        print("  this copy is not encrypted: protect or delete it / 此副本未加密，请妥善保管或用后删除")
    return 0 if check.ok else 1
