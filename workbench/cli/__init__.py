"""The ``workbench`` command: the window by default, the same services headless.

Each subcommand lives in its own module under ``workbench.cli.commands`` and
exposes ``register(subparsers)``; the module sets ``func`` on its parser,
a callable ``func(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import pkgutil
import sqlite3
import sys
from pathlib import Path

from workbench import paths
from workbench.cli import commands as _commands
from workbench.cli.output import fail


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers): still record something true
        return "unknown-os-user"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="小微信贷工作台 SME Loan Workbench. Without a subcommand, opens the window.",
    )
    parser.add_argument("--db", type=Path, help="portfolio database file (default: the user data folder)")
    parser.add_argument("--demo", action="store_true", help="open on a freshly generated demo portfolio")
    parser.add_argument(
        "--user",
        default=None,
        help="who headless commands act as (default: the operating-system account name)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{_commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def resolve_db(args: argparse.Namespace) -> Path:
    """The database a command works on: ``--db``, else the demo file with ``--demo``, else the default."""
    if args.db:
        return Path(args.db)
    if getattr(args, "demo", False):
        return paths.demo_db_path()
    return paths.default_db_path()


def resolve_user(args: argparse.Namespace) -> str:
    """Who a headless command acts as."""
    return args.user or _default_user()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from workbench.app import run_window

        return run_window(args)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted / 已中断", file=sys.stderr)
        return 130
    except sqlite3.DatabaseError as exc:
        # A damaged or foreign file: say so and name the backup, never a traceback.
        from workbench.services.integrity import EXIT_DAMAGED, damage_message

        return fail(damage_message(resolve_db(args)) or str(exc), code=EXIT_DAMAGED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
