"""The ``workbench`` command: the window by default, the same services headless.

Each subcommand lives in its own module under ``workbench.cli.commands`` and
exposes ``register(subparsers)``; the module sets ``func`` on its parser,
a callable ``func(args) -> int`` (the exit code), and ``db_access``: what the
command does with the portfolio file (:data:`NO_DB`, :data:`READS`,
:data:`WRITES`, :data:`CREATES`, or a callable ``(args) -> one of them``).

:func:`main` guards every command by its access, once for all of them:
a command that reads or writes refuses a file that does not exist (only a
creating command may make one); a reader gets a cheap check of the file, a
writer the one-writer lock for its whole run and the integrity check
appropriate to the file's size (``integrity.headless_check_mode``) before
it writes anything. A command that declares nothing counts as a writer.
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
#: Exit code when another workbench holds the writer lock.
EXIT_LOCKED = 3
#: Exit code when a command that does not create a portfolio is given a path with no file.
EXIT_NO_DATABASE = 2
#: Exit code when stdout was closed by the reader (``workbench tickler | head``): 128 + SIGPIPE.
EXIT_BROKEN_PIPE = 141

#: What a command does with the portfolio file (``parser.set_defaults(db_access=...)``).
NO_DB = "none"  # no portfolio, or the command guards the file itself (restore, demo --out)
READS = "read"  # the file must exist; a cheap check first; no lock
WRITES = "write"  # the file must exist; the writer lock for the whole run; checked before writing
CREATES = "create"  # as WRITES, but a missing file is created

#: Access of commands whose modules do not declare ``db_access`` (yet).
#: ``report`` writes audit rows only for an export with full personal data.
def db_access(args: argparse.Namespace) -> str:
    """The access the parsed command declared (WRITES when it declared none)."""
    access = getattr(args, "db_access", None)
    if access is None:
        access = WRITES
    if callable(access):
        access = access(args)
    if access not in (NO_DB, READS, WRITES, CREATES):
        raise ValueError(f"unknown db_access {access!r} for command {args.command!r}")
    return access


def missing_message(path: Path) -> str:
    """A path that names no portfolio file (a typo, another folder), both languages."""
    return (f"There is no portfolio database at {path}; check --db (nothing was created).\n"
            f"数据库文件不存在：{path}，请检查 --db 路径（未创建任何文件）。")


def locked_message(holder) -> str:
    """Who holds the writer lock, both languages (``holder``: a ``lock.LockHolder``)."""
    return (f"The database is in use by {holder.describe_en()}; close that workbench first (nothing was written).\n"
            f"数据库正被 {holder.describe_zh()} 使用，请先关闭那个工作台（未写入任何内容）。")


def _damage(path: Path, *, writer: bool) -> str | None:
    """The damage message for ``path`` after the check a headless reader or writer makes, else None."""
    from workbench.services import integrity

    if not path.exists():
        return None
    mode = integrity.headless_check_mode(path, writer=writer)
    if mode == "sanity":
        return integrity.damage_message(path, sanity=True)
    return integrity.damage_message(path, full=(mode == "full"))


def run_guarded(args: argparse.Namespace) -> int:
    """Run the parsed command behind the guards its :func:`db_access` asks for; the exit code."""
    from workbench.services.integrity import EXIT_DAMAGED

    access = db_access(args)
    if access == NO_DB:
        return int(args.func(args) or 0)
    path = resolve_db(args)
    if not path.exists() and access != CREATES:
        return fail(missing_message(path), code=EXIT_NO_DATABASE)
    if access == READS:
        problem = _damage(path, writer=False)
        if problem:
            return fail(problem, code=EXIT_DAMAGED)
        return int(args.func(args) or 0)
    from workbench.services import lock

    held = lock.acquire(path, resolve_user(args))
    if not held.acquired:
        return fail(locked_message(held.holder), code=EXIT_LOCKED)
    try:
        problem = _damage(path, writer=True)  # under the lock: no one writes between check and command
        if problem:
            return fail(problem, code=EXIT_DAMAGED)
        return int(args.func(args) or 0)
    finally:
        held.lock.release()


def _stdout_closed() -> int:
    """The reader of stdout went away: send the rest to devnull (no second error at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass
    return EXIT_BROKEN_PIPE


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
        code = run_guarded(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at interpreter exit
        return code
    except BrokenPipeError:
        return _stdout_closed()
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
