"""``workbench --db PATH packet APPLICATION_ID --out FILE.pdf`` and
``workbench --db PATH packets --status under_approval --out DIR [--combined FILE.pdf]``:
the PDF approval packets without a window.
"""

from __future__ import annotations

import argparse
import sys

from workbench.cli import READS, resolve_db
from workbench.cli.output import fail
from workbench.services.errors import ServiceError
from workbench.services.packet import (
    application_ids_with_status,
    build_packet,
    build_packets,
)
from workbench.store import open_db

STATUSES = ("draft", "submitted", "under_review", "under_approval", "approved", "rejected", "returned")


def register(sub: argparse._SubParsersAction) -> None:
    one = sub.add_parser("packet", help="write one application's approval packet PDF / 生成单笔授信审批报告")
    one.add_argument("application", metavar="APPLICATION_ID", help="application number (app_no) or numeric id")
    one.add_argument("--out", required=True, help="PDF file to write")
    one.set_defaults(func=run_one, db_access=READS)

    many = sub.add_parser("packets", help="approval packets for all applications in a status / 批量生成审批报告")
    many.add_argument("--status", default="under_approval", choices=STATUSES, help="default: under_approval")
    many.add_argument("--out", help="folder for one PDF per application")
    many.add_argument("--combined", help="one PDF holding every packet")
    many.set_defaults(func=run_many, db_access=READS)


def run_one(args: argparse.Namespace) -> int:
    db = open_db(resolve_db(args))
    try:
        path = build_packet(db, args.application, args.out)
    except ServiceError as exc:
        return fail(f"{exc.message_zh} / {exc.message_en}")
    print(path)
    return 0


def _progress(done: int, total: int, message: str) -> None:
    print(f"[{done}/{total}] {message}", file=sys.stderr)


def run_many(args: argparse.Namespace) -> int:
    if not args.out and not args.combined:
        return fail("请用 --out 指定文件夹或用 --combined 指定合并文件 / give --out DIR and/or --combined FILE.pdf")
    db = open_db(resolve_db(args))
    ids = application_ids_with_status(db, args.status)
    try:
        written = build_packets(db, ids, out_dir=args.out, combined=args.combined, progress=_progress)
    except ServiceError as exc:
        return fail(f"{exc.message_zh} / {exc.message_en}")
    for path in written:
        print(path)
    print(f"{len(ids)} application(s) in status {args.status} / 共 {len(ids)} 笔申请", file=sys.stderr)
    return 0
