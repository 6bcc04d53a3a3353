"""Where things live: bundled resources, the default database, backups.

``WORKBENCH_HOME`` overrides the user data folder (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "sme-loan-workbench"


def resources_dir() -> Path:
    """The bundled resources folder (rule tables, fonts, translations)."""
    installed = Path(__file__).resolve().parent / "resources"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one bundled resource file, e.g. ``resource("rules", "x.json")``."""
    return resources_dir().joinpath(*parts)


def data_home() -> Path:
    """The user's data folder, created on first use."""
    override = os.environ.get("WORKBENCH_HOME")
    home = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def default_db_path() -> Path:
    """The officer's own portfolio database."""
    return data_home() / "portfolio.db"


def demo_db_path() -> Path:
    """The demo portfolio, kept apart from the officer's own file."""
    return data_home() / "demo-portfolio.db"


def backups_dir(db_path: Path) -> Path:
    """Backups of ``db_path`` live in a folder beside it."""
    folder = Path(db_path).resolve().parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
