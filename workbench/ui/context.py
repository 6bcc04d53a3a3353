"""What every page and dialog is handed: the database, the user, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings

from workbench.store import Database


@dataclass
class CurrentUser:
    """The person every change is recorded against."""

    username: str
    display_name: str
    role: str  # officer | reviewer | approver | admin


@dataclass
class AppContext:
    """Composition-root output passed to the main window, pages and dialogs.

    ``db`` is the GUI thread's connection, for quick reads and small writes.
    Workers open their own connection to ``db_path``.
    """

    db_path: Path
    db: Database
    user: CurrentUser
    settings: QSettings
    readonly: bool = False
    extras: dict = field(default_factory=dict)
