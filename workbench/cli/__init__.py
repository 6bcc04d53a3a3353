"""The ``workbench`` command: the window by default, the same services headless.

Each subcommand lives in its own module under ``workbench.cli.commands`` and
exposes ``register(subparsers)``; the module sets ``func`` on its parser,
a callable ``func(args) -> int`` (the exit code).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import pkgutil
import sqlite3
import sys
from pathlib import Path

from workbench import paths
from workbench.cli import commands as _commands
from workbench.cli.output import fail
from workbench.store.db import EncryptionError


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers): still record something true
        return "unknown-os-user"


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The full parser; ``commands=False`` gives only the global options (no subcommand imports)."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="小微信贷工作台 SME Loan Workbench. Without a subcommand, opens the window.",
        add_help=commands,
        exit_on_error=commands,
    )
    parser.add_argument("--db", type=Path, help="portfolio database file (default: the user data folder)")
    parser.add_argument("--demo", action="store_true", help="open on a freshly generated demo portfolio")
    parser.add_argument(
        "--user",
        default=None,
        help="who headless commands act as (default: the operating-system account name)",
    )
    parser.add_argument(
        "--passphrase-env",
        metavar="VAR",
        default=None,
        help="name of the environment variable holding the passphrase of an encrypted portfolio "
        "(never the passphrase itself on the command line; default: $WORKBENCH_DB_PASSPHRASE) / 加密数据库口令所在的环境变量名",
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
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


#: Exit code when an encrypted portfolio cannot be opened (no passphrase, wrong one, no SQLCipher).
EXIT_PASSPHRASE = 5


def apply_passphrase_env(args: argparse.Namespace) -> str | None:
    """Register the passphrase named by ``--passphrase-env`` for the command's database.

    Returns an error message for the user (variable unset or empty), else None.
    """
    var = getattr(args, "passphrase_env", None)
    if not var:
        return None
    value = os.environ.get(var, "")
    if not value:
        return (f"The environment variable {var} named by --passphrase-env is not set or empty.\n"
                f"--passphrase-env 指定的环境变量 {var} 未设置或为空。")
    from workbench.store.db import set_passphrase

    set_passphrase(resolve_db(args), value)
    return None


def window_args(argv: list[str] | None = None) -> argparse.Namespace | None:
    """The parsed arguments when ``argv`` only opens the window (global options, no subcommand, no --help).

    Parsing them without importing every subcommand module saves ~0.5 s of the window's start.
    """
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    args = window_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    problem = apply_passphrase_env(args)
    if problem:
        return fail(problem, code=EXIT_PASSPHRASE)
    if args.command is None:
        from workbench.app import run_window

        return run_window(args)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted / 已中断", file=sys.stderr)
        return 130
    except EncryptionError as exc:
        hint = ("\nGive the passphrase with --passphrase-env VAR (or $WORKBENCH_DB_PASSPHRASE).\n"
                "请用 --passphrase-env 变量名（或 WORKBENCH_DB_PASSPHRASE）提供口令。")
        return fail(f"{exc.message_en}\n{exc.message_zh}{hint}", code=EXIT_PASSPHRASE)
    except sqlite3.DatabaseError as exc:
        # A damaged or foreign file: say so and name the backup, never a traceback.
        from workbench.services.integrity import EXIT_DAMAGED, damage_message

        try:
            message = damage_message(resolve_db(args))
        except EncryptionError as enc:
            return fail(f"{enc.message_en}\n{enc.message_zh}", code=EXIT_PASSPHRASE)
        return fail(message or str(exc), code=EXIT_DAMAGED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
