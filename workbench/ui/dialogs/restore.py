"""Restoring the portfolio from a backup, and the offer made when the file is damaged.

- :class:`RestoreDialog` lists the backups (date, clients, loans, size, state)
  and returns the one chosen; :func:`restore_in_window` runs the whole flow
  for a menu entry (choose, confirm, close the connection, restore, reopen).
- :class:`DamagedDatabaseDialog` is shown at start when the integrity check
  fails: Restore the newest good backup, or Quit.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.services.backup import BackupInfo, list_backups, restore
from workbench.services.errors import ServiceError
from workbench.services.integrity import DatabaseDamaged
from workbench.ui.context import AppContext

_Index = QModelIndex | QPersistentModelIndex


class BackupTableModel(QAbstractTableModel):
    """Backups of one database, newest first (a short list: read whole)."""

    COLUMNS = ("Made at", "Clients", "Loans", "Size", "State", "File")

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = list(backups)

    def backup_at(self, row: int) -> BackupInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        labels = (self.tr("Made at"), self.tr("Clients"), self.tr("Loans"), self.tr("Size"), self.tr("State"), self.tr("File"))
        return labels[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        b = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return b.created_label
            if col == 1:
                return "" if b.clients is None else f"{b.clients:,}"
            if col == 2:
                return "" if b.loans is None else f"{b.loans:,}"
            if col == 3:
                return f"{b.size_bytes / 1_048_576:.1f} MB"
            if col == 4:
                return self.tr("Good") if b.ok else self.tr("Unusable")
            if col == 5:
                return b.path.name
        if role == Qt.ItemDataRole.ToolTipRole and not b.ok:
            return b.problem
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RestoreDialog(QDialog):
    """Pick a backup to restore; :meth:`chosen` is the backup after ``exec()`` accepted."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, backups: list[BackupInfo] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.resize(720, 360)
        self.model = BackupTableModel(backups if backups is not None else list_backups(ctx.db_path), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        intro = QLabel(
            self.tr("The current file will be kept beside the restored one. Changes made after the backup are not in it."),
            self,
        )
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = QPushButton(self.tr("Restore"), self)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        empty = QLabel(self.tr("No backups yet."), self)
        empty.setVisible(self.model.rowCount() == 0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view)
        layout.addWidget(empty)
        layout.addWidget(self.buttons)
        self.view.selectionModel().selectionChanged.connect(self._update)
        first_good = next((i for i in range(self.model.rowCount()) if self.model.backup_at(i).ok), None)
        if first_good is not None:
            self.view.selectRow(first_good)
        self._update()

    def chosen(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _update(self) -> None:
        b = self.chosen()
        self.restore_button.setEnabled(b is not None and b.ok and not self.ctx.readonly)


def restore_in_window(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Menu entry: choose a backup, confirm, restore it into ``ctx.db_path`` and reopen ``ctx.db``.

    Returns True when the database was replaced (the caller refreshes its pages).
    """
    dialog = RestoreDialog(ctx, parent)
    if not dialog.exec() or dialog.chosen() is None:
        return False
    chosen = dialog.chosen()
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("RestoreDialog", "Restore from a backup"),
        QCoreApplication.translate("RestoreDialog", "Replace the portfolio by the backup of %1 (%2 clients, %3 loans)?")
        .replace("%1", chosen.created_label)
        .replace("%2", f"{chosen.clients:,}")
        .replace("%3", f"{chosen.loans:,}"),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    from workbench.store import open_db

    ctx.db.close()
    try:
        restore(ctx.db_path, chosen.path, actor=ctx.user.username)
    except ServiceError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("RestoreDialog", "Restore from a backup"), f"{exc.message_zh}\n{exc.message_en}")
        return False
    finally:
        ctx.db = open_db(ctx.db_path)
    return True


class DamagedDatabaseDialog(QDialog):
    """The portfolio file failed its check: offer the newest good backup, or quit.

    After ``exec()``, :attr:`choice` is "restore" or "quit".
    """

    def __init__(self, error: DatabaseDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.backup: BackupInfo | None = error.values.get("backup")
        self.choice = "quit"
        self.setWindowTitle(self.tr("The portfolio file is damaged"))
        text = QLabel(f"{error.message_zh}\n\n{error.message_en}", self)
        text.setWordWrap(True)
        text.setMinimumWidth(520)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(self.tr("Restore the newest good backup"), self)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(self.backup is not None)
        self.restore_button.setDefault(self.backup is not None)
        self.restore_button.clicked.connect(self._restore)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if self.backup is not None:
            detail = QLabel(
                self.tr("Backup of %1: %2 clients, %3 loans.")
                .replace("%1", self.backup.created_label)
                .replace("%2", f"{self.backup.clients:,}")
                .replace("%3", f"{self.backup.loans:,}"),
                self,
            )
            layout.addWidget(detail)
        layout.addWidget(self.buttons)

    def _restore(self) -> None:
        self.choice = "restore"
        self.accept()
