"""``workbench --db PATH clients search QUERY [--limit N] [--json]``: the search box, headless."""

from __future__ import annotations

import argparse

from workbench.cli import NO_DB, READS, resolve_db
from workbench.cli.output import fail, print_json
from workbench.services.search import search_clients
from workbench.store import open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("clients", help="client records / 客户")
    actions = p.add_subparsers(dest="clients_command", metavar="ACTION")
    s = actions.add_parser("search", help="search clients by name, USCC prefix, legal representative or pinyin initials")
    s.add_argument("query", help="name substring, USCC prefix, legal representative or initials (e.g. hzxr)")
    s.add_argument("--limit", type=int, default=50, help="at most this many matches (default 50)")
    s.add_argument("--json", action="store_true", help="a JSON list of objects")
    s.set_defaults(func=run_search, db_access=READS)
    p.set_defaults(func=lambda args: fail("usage: workbench clients search QUERY [--limit N] [--json]"), db_access=NO_DB)


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        return fail(f"--limit must be at least 1 (got {args.limit}) / --limit 至少为 1")
    db = open_db(resolve_db(args))
    hits = search_clients(db, args.query, limit=args.limit)
    if args.json:
        print_json([h.as_dict() for h in hits])
        return 0
    for h in hits:
        print(f"{h.uscc}  {h.name}  {h.legal_rep or ''}  {h.officer or ''}".rstrip())
    print(f"{len(hits)} match(es) / 条匹配")
    return 0
