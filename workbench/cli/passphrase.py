"""Getting the passphrase of an encrypted portfolio in a headless command — never from argv.

Order: ``--passphrase-env VAR`` (registered by ``workbench.cli.main``),
``$WORKBENCH_DB_PASSPHRASE``, else a prompt when a person is at the terminal.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from workbench.store.db import passphrase_for


class NoPassphrase(Exception):
    """No passphrase could be had; the message says how to give one (both languages)."""


_HOW = ("Give it with --passphrase-env VAR (the name of an environment variable holding it) "
        "or $WORKBENCH_DB_PASSPHRASE.\n请用 --passphrase-env 变量名（或 WORKBENCH_DB_PASSPHRASE）提供口令。")


def get_passphrase(db_path: Path, *, confirm: bool = False) -> str:
    """The passphrase for ``db_path``; prompts (twice with ``confirm``) only on a terminal."""
    known = passphrase_for(db_path)
    if known:
        return known
    if not sys.stdin.isatty():
        raise NoPassphrase("A passphrase is needed. / 需要口令。\n" + _HOW)
    first = getpass.getpass("Passphrase / 口令: ")
    if not first:
        raise NoPassphrase("The passphrase must not be empty. / 口令不能为空。")
    if confirm and getpass.getpass("Repeat the passphrase / 再次输入口令: ") != first:
        raise NoPassphrase("The two passphrases differ. / 两次输入的口令不一致。")
    return first
