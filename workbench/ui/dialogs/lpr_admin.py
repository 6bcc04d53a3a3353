"""The LPR history: one row per publication (1Y, 5Y) and the rates in force on a chosen date.

Everyone may look; only an admin may add, correct or delete a publication
(the service checks the role again and audits each change). Rates are typed
as percentages ("3.10") and stored in basis points.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services import lpr, users
from workbench.services.errors import NotFound, PermissionDenied, ServiceError
from workbench.store import Database
from workbench.ui.context import AppContext
from workbench.ui.dialogs.change_password import error_label, show_text
from workbench.ui.dialogs.login import service_error_text
from workbench.ui.dialogs.schedule_calculator import parse_rate_bp
from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import RowsTableModel
from workbench.ui.widgets.form_errors import FieldErrors
from workbench.ui.widgets.money import rate_text
from workbench.ui.widgets.record_lists import list_view

# The service's bounds (basis points, exclusive), checked here first so that a
# publication with two rates is saved whole or not at all.
MIN_BP, MAX_BP = 0, 5000
FIELDS = {"1Y": "rate_1y", "5Y": "rate_5y"}



def publications(rows: list[dict]) -> list[dict]:
    """``lpr.list_rates`` rows → one dict per publication date, newest first.

    Keys: id (the date text), published_on, rate_1y (bp or None), rate_5y (bp or None).
    """
    by_date: dict[str, dict] = {}
    for r in rows:
        entry = by_date.setdefault(r["published_on"], {"id": r["published_on"], "published_on": r["published_on"],
                                                       "rate_1y": None, "rate_5y": None})
        entry[FIELDS[r["tenor"]]] = r["rate_bp"]
    return sorted(by_date.values(), key=lambda e: e["published_on"], reverse=True)


def lpr_columns() -> list[Column]:
    return [
        Column("published_on", QCoreApplication.translate("LprAdmin", "Published on")),
        Column("rate_1y", QCoreApplication.translate("LprAdmin", "1-year LPR"), "rate"),
        Column("rate_5y", QCoreApplication.translate("LprAdmin", "5-year LPR"), "rate"),
    ]


class LprTableModel(RowsTableModel):
    """The LPR publications, newest first."""

    def __init__(self, parent=None) -> None:
        super().__init__(lpr_columns(), parent)

    def load(self, db: Database) -> None:
        self.set_rows(publications(lpr.list_rates(db)))

    def row_of(self, published_on: str) -> int:
        return next((i for i in range(self.rowCount()) if self.row(i)["published_on"] == published_on), -1)


def in_force_text(db: Database, on: date) -> str:
    """'1-year LPR 3.10% (published 2024-10-21) · 5-year …' for ``on``, naming a missing tenor."""
    captions = {"1Y": QCoreApplication.translate("LprAdmin", "1-year LPR"),
                "5Y": QCoreApplication.translate("LprAdmin", "5-year LPR")}
    parts = []
    for tenor, caption in captions.items():
        try:
            published, bp = lpr.rate_in_force(db, tenor, on)
        except NotFound:
            parts.append(QCoreApplication.translate("LprAdmin", "%1: none published yet").replace("%1", caption))
            continue
        text = QCoreApplication.translate("LprAdmin", "%1 %2 (published %3)")
        parts.append(text.replace("%1", caption).replace("%2", rate_text(bp)).replace("%3", published.isoformat()))
    return " · ".join(parts)


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class LprAdminDialog(QDialog):
    """LPR history table, the rates in force on a date, and (admin) add / correct / delete."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = ctx.user.username
        self.setWindowTitle(self.tr("LPR history"))
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Rates in force on")))
        self.on_date = _date_edit("in_force_date")
        top.addWidget(self.on_date)
        top.addStretch(1)
        layout.addLayout(top)
        self.in_force_label = QLabel()
        self.in_force_label.setObjectName("in_force")
        self.in_force_label.setWordWrap(True)
        layout.addWidget(self.in_force_label)

        self.model = LprTableModel(self)
        self.view = list_view(self.model, "publications", resize=QHeaderView.ResizeMode.Stretch, stretch_last=False)
        layout.addWidget(self.view, 1)

        layout.addWidget(self._build_editor())
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.on_date.dateChanged.connect(self.update_in_force)
        self.refresh()
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

    def _build_editor(self) -> QGroupBox:
        box = QGroupBox(self.tr("Add or correct a publication"))
        box.setObjectName("editor")
        outer = QVBoxLayout(box)
        self.edit_note = QLabel()
        self.edit_note.setObjectName("edit_note")
        self.edit_note.setWordWrap(True)
        self.edit_note.hide()
        outer.addWidget(self.edit_note)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.published_edit = _date_edit("published_on")
        self.rate_1y_edit = QLineEdit()
        self.rate_1y_edit.setObjectName("rate_1y")
        self.rate_5y_edit = QLineEdit()
        self.rate_5y_edit.setObjectName("rate_5y")
        for edit in (self.rate_1y_edit, self.rate_5y_edit):
            edit.setPlaceholderText(self.tr("% per year, e.g. 3.10"))
        form.addRow(self.tr("Published on"), self.errors.wrap("published_on", self.published_edit))
        form.addRow(self.tr("1-year LPR (%)"), self.errors.wrap("rate_1y", self.rate_1y_edit))
        form.addRow(self.tr("5-year LPR (%)"), self.errors.wrap("rate_5y", self.rate_5y_edit))
        outer.addLayout(form)
        hint = QLabel(self.tr("A date that is already listed is corrected; a rate left empty is not changed."))
        hint.setWordWrap(True)
        outer.addWidget(hint)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save publication"))
        self.delete_button = QPushButton(self.tr("Delete publication…"))
        row.addWidget(self.save_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete_selected)
        self.may_edit = False
        try:
            self.may_edit = users.role_of(self.ctx.db, self.actor) == "admin"
        except PermissionDenied:
            pass
        if self.ctx.readonly:
            show_text(self.edit_note, self.tr("The portfolio is open read-only: the LPR history cannot be changed."))
        elif not self.may_edit:
            show_text(self.edit_note, self.tr("Only an administrator may edit the LPR history."))
        for widget in (self.published_edit, self.rate_1y_edit, self.rate_5y_edit, self.save_button):
            widget.setEnabled(self.may_edit and not self.ctx.readonly)
        self.delete_button.setEnabled(False)
        return box

    @property
    def editable(self) -> bool:
        return self.may_edit and not self.ctx.readonly

    # ------------------------------------------------------------ state
    def refresh(self, select: str | None = None) -> None:
        """Reload the history and the rates in force, keeping (or moving to) a publication date."""
        keep = select or self.selected_date()
        self.model.load(self.ctx.db)
        if keep and (row := self.model.row_of(keep)) >= 0:
            self.view.selectRow(row)
        self.update_in_force()
        self._update_buttons()

    def update_in_force(self, *_args) -> None:
        self.in_force_label.setText(in_force_text(self.ctx.db, self.on_date.date().toPython()))

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row(rows[0].row()) if rows else None

    def selected_date(self) -> str | None:
        row = self.selected()
        return row["published_on"] if row else None

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.editable and self.selected() is not None)

    def _selection_changed(self, *_args) -> None:
        """Put the selected publication into the form, ready for a correction."""
        row = self.selected()
        self._update_buttons()
        if row is None:
            return
        self.published_edit.setDate(QDate.fromString(row["published_on"], "yyyy-MM-dd"))
        self.rate_1y_edit.setText(_percent(row["rate_1y"]))
        self.rate_5y_edit.setText(_percent(row["rate_5y"]))
        self.errors.show({})

    # ------------------------------------------------------------ actions
    def _rates(self) -> tuple[dict[str, int], dict[str, str]]:
        """The typed rates by tenor (bp) and the errors by field."""
        rates: dict[str, int] = {}
        errors: dict[str, str] = {}
        for tenor, edit in (("1Y", self.rate_1y_edit), ("5Y", self.rate_5y_edit)):
            text = edit.text().strip()
            if not text:
                continue
            try:
                bp = parse_rate_bp(text)
            except ValueError:
                errors[FIELDS[tenor]] = self.tr("Not a percentage with at most two decimals, e.g. 3.10.")
                continue
            if not MIN_BP < bp < MAX_BP:
                errors[FIELDS[tenor]] = self.tr("An LPR must be above 0 % and below 50 %.")
                continue
            rates[tenor] = bp
        if not rates and not errors:
            errors["rate_1y"] = self.tr("Enter the 1-year or the 5-year rate (or both).")
        return rates, errors

    def save(self) -> bool:
        """Add or correct the publication in the form; True when saved."""
        show_text(self.message, "")
        rates, errors = self._rates()
        if errors:
            self.errors.show(errors)
            return False
        published = self.published_edit.date().toPython()
        try:
            for tenor, bp in rates.items():
                lpr.set_rate(self.ctx.db, self.actor, published, tenor, bp)
        except ServiceError as exc:
            self.errors.show({})
            show_text(self.message, service_error_text(exc))
            self.refresh()
            return False
        self.errors.show({})
        self.refresh(select=published.isoformat())
        return True

    def confirm_delete(self, published_on: str) -> bool:
        """Ask before deleting (tests replace this)."""
        answer = QMessageBox.question(
            self, self.tr("Delete publication"),
            self.tr("Delete the LPR published on %1? Loans already priced keep their rate.")
            .replace("%1", published_on),
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> bool:
        """Delete both rates of the selected publication after asking; True when deleted."""
        row = self.selected()
        if row is None or not self.confirm_delete(row["published_on"]):
            return False
        show_text(self.message, "")
        published = date.fromisoformat(row["published_on"])
        try:
            for tenor, field in FIELDS.items():
                if row[field] is not None:
                    lpr.delete_rate(self.ctx.db, self.actor, published, tenor)
        except ServiceError as exc:
            show_text(self.message, service_error_text(exc))
            self.refresh()
            return False
        self.view.clearSelection()
        self.refresh()
        return True


def _percent(bp: int | None) -> str:
    """385 → '3.85' ('' for None), the form's text for a rate."""
    return "" if bp is None else rate_text(bp).rstrip("%")
