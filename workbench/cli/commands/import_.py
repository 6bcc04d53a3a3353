"""``workbench --db PATH import clients|loans FILE [--sheet NAME] [--dry-run] [--errors OUT.xlsx] [--json]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli import CREATES, resolve_db, resolve_user
from workbench.cli.output import print_json
from workbench.services.errors import Cancelled, ServiceError
from workbench.services.importing.clients import import_clients
from workbench.services.importing.loans import import_loans, parse_as_of
from workbench.services.importing.reading import size_warning
from workbench.services.importing.templates import default_errors_path, load_template, save_template
from workbench.store import open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import a client list or core-banking loan export / 导入客户清单或核心系统借据")
    kinds = p.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    for kind, help_text in (
        ("clients", "client list (.xlsx/.xls/.csv), upsert on USCC / 客户清单"),
        ("loans", "core-banking loan export, by loan number / 核心系统借据余额"),
    ):
        k = kinds.add_parser(kind, help=help_text)
        k.add_argument("file", type=Path, help="the spreadsheet or CSV file")
        k.add_argument("--sheet", help="sheet name (default: the sheet whose header is recognised)")
        k.add_argument("--dry-run", action="store_true", help="preview only; write nothing / 仅预览")
        k.add_argument("--errors", type=Path, help="write rejected rows to this .xlsx (default: a file in the data folder)")
        k.add_argument("--json", action="store_true", help="print one JSON object")
        k.add_argument("--details", action="store_true", help="with --json: list every rejection, duplicate and change")
        k.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER", help="map a field to a column header by hand")
        k.add_argument("--template", help="use the column mapping saved under this name")
        k.add_argument("--save-template", metavar="NAME", help="save the --map/--template mapping under NAME")
        if kind == "loans":
            k.add_argument("--as-of", help="the balances' date (default: from the file or its name, else today)")
        k.set_defaults(func=run, db_access=CREATES)  # may start a new portfolio


def _mapping(args: argparse.Namespace, db) -> dict[str, str]:
    mapping: dict[str, str] = {}
    if args.template:
        _kind, mapping = load_template(db, args.template)
    for item in args.map:
        field, sep, header = item.partition("=")
        if not sep:
            raise ServiceError("bad-map", f"--map 应为 字段=列名：{item}", f"--map must be FIELD=HEADER: {item}", field="map")
        mapping[field.strip()] = header.strip()
    return mapping


def _print_text(result) -> None:
    d = result.as_dict(details=False)
    mode = "preview 预览（未写入）" if result.dry_run else "imported 已导入"
    print(f"{result.file_name} [{result.sheet}] — {mode}")
    print(f"  rows 行数: {d['rows_in_file']}  added 新增: {d['added']}  updated 更新: {d['updated']}  unchanged 未变: {d['unchanged']}")
    print(f"  rejected 拒绝: {d['rejected']}  skipped 跳过(空行/合计): {d['skipped_rows']}  duplicates 文件内重复: {d['duplicates_in_file']}")
    if result.as_of:
        print(f"  as of 数据日期: {result.as_of}")
    for code, count in d["reject_reasons"].items():
        print(f"    {code}: {count}")
    for r in result.rejections[:20]:
        print(f"    row {r.row_no} {r.header}={r.value!r}: {r.reason_zh} / {r.reason_en}")
    if len(result.rejections) > 20:
        print(f"    … {len(result.rejections) - 20} more / 另有 {len(result.rejections) - 20} 行")
    for dis in result.disagreements[:20]:
        print(f"  classification 分类不一致 {dis['loan_no']}: {dis['reason_zh']}")
    if result.errors_file:
        print(f"  error workbook 错误清单: {result.errors_file}")
    for w in result.warnings:
        print(f"  warning 提示: {w}")


def run(args: argparse.Namespace) -> int:
    db = open_db(resolve_db(args))
    actor = resolve_user(args)
    try:
        mapping = _mapping(args, db)
        if args.save_template:
            save_template(db, args.save_template, args.import_kind, mapping, actor)
        warning = size_warning(args.file)
        if warning:
            print(f"warning 提示: {warning}", file=sys.stderr)
        errors_path = args.errors
        if errors_path is None and not args.dry_run:
            errors_path = default_errors_path(args.file)
        common = dict(sheet=args.sheet, mapping=mapping or None, dry_run=args.dry_run, errors_path=errors_path)
        if args.import_kind == "clients":
            result = import_clients(db, args.file, actor, **common)
        else:
            result = import_loans(db, args.file, actor, as_of=parse_as_of(args.as_of), **common)
    except ServiceError as exc:
        if args.json:
            print_json({"error": {"code": exc.code, "message_zh": exc.message_zh, "message_en": exc.message_en, **exc.values}})
        print(f"import failed 导入失败: {exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return 2
    except Cancelled:
        print("cancelled, nothing written / 已取消，未写入", file=sys.stderr)
        return 130
    finally:
        db.close()
    if args.json:
        print_json(result.as_dict(details=args.details))
    else:
        _print_text(result)
    return 0
