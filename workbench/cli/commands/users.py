"""``workbench users add|list|reset-password|deactivate``: local accounts, headless.

Acts as ``--user`` (default: the OS account name). While the portfolio has no
admin, anyone may create accounts (bootstrapping); after that only an admin.
Passwords come from ``--password`` or one line on stdin (``--password-stdin``);
the command never prompts.
"""

from __future__ import annotations

import argparse
import sys

from workbench.cli import CREATES, READS, WRITES, resolve_db, resolve_user
from workbench.cli.output import fail, print_json
from workbench.services import users
from workbench.services.errors import ServiceError
from workbench.store import open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="manage user accounts / 用户账户管理")
    cmds = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = cmds.add_parser("add", help="create an account / 新建账户")
    add.add_argument("username")
    add.add_argument("--name", help="display name, e.g. 王芳 (default: the username)")
    add.add_argument("--role", required=True, choices=users.ROLES)
    add.add_argument("--branch")
    _password_args(add)
    add.set_defaults(func=_add, db_access=CREATES)  # the first account of a new portfolio

    ls = cmds.add_parser("list", help="list accounts / 列出账户")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list, db_access=READS)

    reset = cmds.add_parser("reset-password", help="admin sets a new password / 重置密码")
    reset.add_argument("username")
    _password_args(reset)
    reset.add_argument("--no-change-required", action="store_true", help="do not force a change at next login")
    reset.set_defaults(func=_reset, db_access=WRITES)

    off = cmds.add_parser("deactivate", help="deactivate an account / 停用账户")
    off.add_argument("username")
    off.set_defaults(func=_deactivate, db_access=WRITES)


def _password_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--password", help="the password (visible in the shell history; prefer --password-stdin)")
    g.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")


def _password(args: argparse.Namespace) -> str:
    return sys.stdin.readline().rstrip("\r\n") if args.password_stdin else args.password


def _run(args: argparse.Namespace, work) -> int:
    db = open_db(resolve_db(args))
    try:
        actor = users.ensure_headless_user(db, resolve_user(args)).username
        return work(db, actor) or 0
    except ServiceError as exc:
        return fail(f"{exc.message_zh} / {exc.message_en}")
    finally:
        db.close()


def _add(args: argparse.Namespace) -> int:
    def work(db, actor):
        users.create_user(db, actor, args.username, args.name or args.username, args.role, _password(args), branch=args.branch)
        print(f"created 已创建: {args.username} ({args.role})")
    return _run(args, work)


def _list(args: argparse.Namespace) -> int:
    db = open_db(resolve_db(args))
    try:
        rows = [u.as_dict() for u in users.list_users(db)]
    finally:
        db.close()
    if args.json:
        print_json(rows)
        return 0
    for u in rows:
        state = "" if u["active"] else "  (inactive 已停用)"
        print(f"{u['username']:<16} {u['display_name']:<10} {u['role']:<9} {users.ROLE_LABELS_ZH[u['role']]}{state}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    def work(db, actor):
        users.reset_password(db, actor, args.username, _password(args), must_change=not args.no_change_required)
        print(f"password reset 密码已重置: {args.username}")
    return _run(args, work)


def _deactivate(args: argparse.Namespace) -> int:
    def work(db, actor):
        users.deactivate_user(db, actor, args.username)
        print(f"deactivated 已停用: {args.username}")
    return _run(args, work)
