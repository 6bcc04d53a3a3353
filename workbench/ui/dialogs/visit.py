"""Log or edit a visit (走访): finding, amount needed, the five screening points, list status;
and start a credit application from it with the client and amount filled in.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, fen_to_wan, parse_fen
from workbench.services.clients import get_client
from workbench.services.errors import ValidationError
from workbench.services.search import search_clients
from workbench.services.visits import FINDINGS, VisitFilter, get_visit, link_application, list_visits, save_visit
from workbench.ui.context import AppContext
from workbench.ui.i18n import current_language
from workbench.ui.widgets.form_errors import FieldErrors
from workbench.ui.widgets.labels import FINDING, YES_NO, label
from workbench.ui.widgets.money import yuan_text


def _link_visit(ctx: AppContext, dialog: QDialog, visit_id: int, _result: int) -> None:
    """Once the application is saved, record which visit it came from (audited)."""
    application_id = getattr(dialog, "application_id", None)
    if application_id:
        link_application(ctx.db, ctx.user.username, application_id, visit_id)


def start_application(ctx: AppContext, client_id: int, visit_id: int | None, amount_fen: int | None,
                      parent: QWidget | None = None) -> QDialog:
    """The application dialog for this client, the amount filled in and linked to the visit once saved."""
    from workbench.ui.dialogs.application import ApplicationDialog

    dialog = ApplicationDialog(ctx, client_id, parent=parent)
    if amount_fen:
        dialog.amount_edit.setText(yuan_text(amount_fen))
    if visit_id is not None:
        dialog.finished.connect(partial(_link_visit, ctx, dialog, visit_id))
    return dialog


class VisitDialog(QDialog):
    """One visit. ``client_id`` fixes the client; without it the officer searches for one."""

    def __init__(self, ctx: AppContext, client_id: int | None = None, visit_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id = visit_id
        self.record = get_visit(ctx.db, visit_id) if visit_id else {}
        self.client_id = client_id or self.record.get("client_id")
        self.errors = FieldErrors()
        self.application: QDialog | None = None
        self.setWindowTitle(self.tr("Visit") if visit_id else self.tr("Log a visit"))
        self.resize(620, 700)

        form = QFormLayout()
        self.client_search = QLineEdit()
        self.client_search.setObjectName("visit_client_search")
        self.client_search.setPlaceholderText(self.tr("Type a name, USCC or initials"))
        self.client_combo = QComboBox()
        self.client_combo.setObjectName("client_id")
        self.client_search.textChanged.connect(self._search_clients)
        client_box = QWidget()
        row = QVBoxLayout(client_box)
        row.setContentsMargins(0, 0, 0, 0)
        if self.client_id:
            c = get_client(ctx.db, self.client_id)
            self.client_combo.addItem(f"{c['name']} ({c['uscc']})", self.client_id)
            self.client_combo.setEnabled(False)
        else:
            row.addWidget(self.client_search)
        row.addWidget(self.client_combo)
        form.addRow(self.tr("Client"), self.errors.wrap("client_id", client_box))

        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("visit_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setMaximumDate(QDate.currentDate())
        form.addRow(self.tr("Visit date"), self.errors.wrap("visit_date", self.date_edit))
        self.officer_edit = QLineEdit(str(ctx.settings.value("profile/officer", "") or ctx.user.display_name))
        self.officer_edit.setObjectName("officer")
        form.addRow(self.tr("Officer"), self.errors.wrap("officer", self.officer_edit))
        self.contact_edit = QLineEdit()
        form.addRow(self.tr("Contact person"), self.contact_edit)
        self.finding_combo = QComboBox()
        self.finding_combo.setObjectName("finding")
        for code in FINDINGS:
            self.finding_combo.addItem(label(FINDING, code), code)
        self.finding_combo.currentIndexChanged.connect(self._finding_changed)
        form.addRow(self.tr("Finding"), self.errors.wrap("finding", self.finding_combo))
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount_needed")
        self.amount_edit.setPlaceholderText(self.tr("10k yuan, e.g. 200"))
        form.addRow(self.tr("Amount needed (10k yuan)"), self.errors.wrap("amount_needed_fen", self.amount_edit))
        self.purpose_edit = QLineEdit()
        form.addRow(self.tr("Purpose"), self.purpose_edit)

        screening = QGroupBox(self.tr("Screening (financing coordination mechanism)"))
        s_layout = QVBoxLayout(screening)
        self.screen_checks: dict[str, QCheckBox] = {}
        for key, text in (
            ("screen_lawful_operation", self.tr("Lawful, continuing operation")),
            ("screen_fixed_place", self.tr("Fixed place of business")),
            ("screen_real_need", self.tr("Real financing need")),
            ("screen_good_credit", self.tr("Good credit")),
            ("screen_lawful_use", self.tr("Lawful use of the loan")),
        ):
            check = QCheckBox(text)
            check.setObjectName(key)
            self.screen_checks[key] = check
            s_layout.addWidget(check)

        lists = QGroupBox(self.tr("Lists"))
        l_layout = QFormLayout(lists)
        self.declared_check = QCheckBox(self.tr("On the declaration list"))
        self.recommended_check = QCheckBox(self.tr("On the recommendation list"))
        self.feedback_check = QCheckBox(self.tr("Feedback given"))
        self.feedback_edit = QLineEdit()
        l_layout.addRow(self.errors.wrap("declared", self.declared_check))
        l_layout.addRow(self.errors.wrap("recommended", self.recommended_check))
        l_layout.addRow(self.feedback_check, self.feedback_edit)
        self.derived_label = QLabel()
        l_layout.addRow(self.derived_label)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setMaximumHeight(60)
        self.next_edit = QLineEdit()
        tail = QFormLayout()
        tail.addRow(self.tr("Notes"), self.notes_edit)
        tail.addRow(self.tr("Next step"), self.next_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.apply_button = self.buttons.addButton(self.tr("Save and start application…"),
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.setObjectName("start_application")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.save_and_apply)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(screening)
        layout.addWidget(lists)
        layout.addLayout(tail)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._load()
        self._finding_changed()
        if ctx.readonly:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.message.setText(self.tr("Read-only: another workbench is using this portfolio, so nothing can be saved."))

    # ------------------------------------------------------------ helpers
    def _search_clients(self, text: str) -> None:
        self.client_combo.clear()
        for hit in search_clients(self.ctx.db, text, limit=30):
            self.client_combo.addItem(f"{hit.name} ({hit.uscc})", hit.id)

    def _finding_changed(self) -> None:
        need = self.finding_combo.currentData() == "need"
        self.amount_edit.setEnabled(need)
        self.apply_button.setEnabled(need and not self.ctx.readonly)

    def _load(self) -> None:
        r = self.record
        if r:
            self.date_edit.setDate(QDate.fromString(r["visit_date"], "yyyy-MM-dd"))
            self.officer_edit.setText(r["officer"])
            self.contact_edit.setText(r.get("contact_person") or "")
            self.finding_combo.setCurrentIndex(max(self.finding_combo.findData(r["finding"]), 0))
            if r.get("amount_needed_fen") is not None:
                self.amount_edit.setText(format(fen_to_wan(r["amount_needed_fen"]).normalize(), "f"))
            self.purpose_edit.setText(r.get("purpose") or "")
            for key, check in self.screen_checks.items():
                check.setChecked(bool(r.get(key)))
            self.declared_check.setChecked(bool(r.get("declared")))
            self.recommended_check.setChecked(bool(r.get("recommended")))
            self.feedback_check.setChecked(bool(r.get("feedback_given")))
            self.feedback_edit.setText(r.get("feedback") or "")
            self.notes_edit.setPlainText(r.get("notes") or "")
            self.next_edit.setText(r.get("next_step") or "")
        self._show_derived()

    def _show_derived(self) -> None:
        if not self.client_id:
            self.derived_label.setText("")
            return
        rows = list_visits(self.ctx.db, VisitFilter(client_id=self.client_id), limit=1)
        granted = bool(rows and rows[0]["credit_granted"])
        issued = bool(rows and rows[0]["loan_issued"])
        self.derived_label.setText(
            self.tr("Credit granted: %1 · Loan issued: %2")
            .replace("%1", label(YES_NO, granted)).replace("%2", label(YES_NO, issued))
        )

    def amount_fen(self) -> int | None:
        text = self.amount_edit.text().strip()
        return parse_fen(text, unit="wan") if text else None

    def values(self) -> dict:
        """The visit as the service takes it; raises MoneyError for a bad amount."""
        data = {
            "client_id": self.client_combo.currentData(),
            "visit_date": date.fromisoformat(self.date_edit.date().toString("yyyy-MM-dd")),
            "officer": self.officer_edit.text(),
            "contact_person": self.contact_edit.text(),
            "finding": self.finding_combo.currentData(),
            "amount_needed_fen": self.amount_fen() if self.finding_combo.currentData() == "need" else None,
            "purpose": self.purpose_edit.text(),
            "declared": self.declared_check.isChecked(),
            "recommended": self.recommended_check.isChecked(),
            "feedback_given": self.feedback_check.isChecked(),
            "feedback": self.feedback_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            "next_step": self.next_edit.text(),
        }
        data |= {key: check.isChecked() for key, check in self.screen_checks.items()}
        return data

    # ------------------------------------------------------------ actions
    def _save(self) -> bool:
        zh = current_language() != "en"
        try:
            data = self.values()
        except MoneyError as exc:
            text = exc.reason_zh if zh else exc.reason_en
            self.errors.show({"amount_needed_fen": text})
            self.message.setText(text)
            return False
        try:
            self.visit_id = save_visit(self.ctx.db, self.ctx.user.username, data, self.visit_id)
        except ValidationError as exc:
            text = exc.message_zh if zh else exc.message_en
            self.errors.show({exc.field or "client_id": text})
            self.message.setText(text)
            return False
        self.client_id = data["client_id"]
        self.errors.show({})
        self.message.setText("")
        return True

    def save(self) -> None:
        if self._save():
            self.accept()

    def save_and_apply(self) -> None:
        """Save the visit, then open the application dialog with the client and amount filled in."""
        if not self._save():
            return
        dialog = start_application(self.ctx, self.client_id, self.visit_id, self.amount_fen(), self)
        self.application = dialog
        dialog.finished.connect(lambda _result: self.accept())
        dialog.open()
