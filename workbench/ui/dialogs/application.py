"""The credit application form, with the context panel beside it.

Create for a client (``client_id``) or edit a draft/returned application
(``application_id``). The panel shows the client's size class, the inclusive
flag, the client's and its supply chain's exposure now and if approved
(``services/exposure.py``), a warning only when approval would take an
inclusive client over 10,000,000 元, and otherwise a note on why a client is
not inclusive anyway. All data comes through services (no SQL here).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, parse_fen
from workbench.services import applications as apps
from workbench.services import lpr, workflow
from workbench.services.application_context import exposure_context
from workbench.services.errors import ServiceError
from workbench.ui.context import AppContext
from workbench.ui.dialogs.login import in_user_language, service_error_text
from workbench.ui.dialogs.schedule_calculator import method_combo, parse_rate_bp
from workbench.ui.widgets.form_errors import FieldErrors
from workbench.ui.widgets.labels import SIZE_CLASS, YES_NO, label
from workbench.ui.widgets.money import rate_text, yuan_text

GUARANTEE = {
    "credit": QT_TRANSLATE_NOOP("Labels", "Unsecured (credit)"),
    "guarantee": QT_TRANSLATE_NOOP("Labels", "Guarantee"),
    "mortgage": QT_TRANSLATE_NOOP("Labels", "Mortgage"),
    "pledge": QT_TRANSLATE_NOOP("Labels", "Pledge"),
}
TEXTS = ("purpose", "business_overview", "repayment_source", "risks")


class ApplicationDialog(QDialog):
    """Create or edit an application; ``self.application_id`` is set after a save."""

    def __init__(self, ctx: AppContext, client_id: int | None = None, application_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_id = application_id
        self.record = apps.get_application(ctx.db, application_id) if application_id else None
        self.client_id = self.record["client_id"] if self.record else client_id
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Credit application %1").replace("%1", self.record["app_no"]) if self.record
                            else self.tr("New credit application"))
        self.resize(1100, 760)
        body = QHBoxLayout()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._form())
        body.addWidget(scroll, 3)
        body.addWidget(self._context_panel(), 2)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save draft"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button = buttons.addButton(self.tr("Save and submit"), QDialogButtonBox.ButtonRole.ApplyRole)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        cancel.clicked.connect(self.reject)
        for button in (self.save_button, self.submit_button):
            button.setEnabled(not ctx.readonly)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if self.record:
            self._load(self.record)
        self.update_context()

    # ---------------------------------------------------------------- building
    def _form(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.client_combo = QComboBox()
        self.client_combo.setObjectName("client")
        self.client_search = QLineEdit()
        self.client_search.setPlaceholderText(self.tr("Search clients by name or USCC"))
        self.client_search.textChanged.connect(self._search_clients)
        if self.client_id is None:
            form.addRow(self.tr("Find client"), self.client_search)
        form.addRow(self.tr("Client"), self.errors.wrap("client_id", self.client_combo))
        self._search_clients("")
        if self.client_id is not None:
            try:
                name = apps.client_name(self.ctx.db, self.client_id)
            except ServiceError:
                name = str(self.client_id)
            self.client_combo.clear()
            self.client_combo.addItem(name, self.client_id)
            self.client_combo.setEnabled(False)
        self.client_combo.currentIndexChanged.connect(self.update_context)
        self.product_combo = QComboBox()
        self.product_combo.setEditable(True)
        self.product_combo.addItems(list(apps.PRODUCTS))
        form.addRow(self.tr("Product"), self.errors.wrap("product", self.product_combo))
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount")
        self.amount_edit.setPlaceholderText(self.tr("元, e.g. 500000 or 50万"))
        self.amount_edit.textChanged.connect(self.update_context)
        form.addRow(self.tr("Amount (元)"), self.errors.wrap("amount_fen", self.amount_edit))
        self.term_spin = QSpinBox()
        self.term_spin.setRange(1, apps.MAX_TERM_MONTHS)
        self.term_spin.setValue(12)
        form.addRow(self.tr("Term (months)"), self.errors.wrap("term_months", self.term_spin))
        self.tenor_combo = QComboBox()
        self.tenor_combo.addItem(self.tr("1-year LPR"), "1Y")
        self.tenor_combo.addItem(self.tr("5-year LPR"), "5Y")
        self.spread_spin = QSpinBox()
        self.spread_spin.setRange(-1000, 2000)
        self.spread_spin.setSuffix(" bp")
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rate")
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.tenor_combo)
        rate_row.addWidget(QLabel("+"))
        rate_row.addWidget(self.spread_spin)
        rate_row.addWidget(self.rate_label, 1)
        form.addRow(self.tr("Rate"), rate_row)
        self.tenor_combo.currentIndexChanged.connect(self._update_rate)
        self.spread_spin.valueChanged.connect(self._update_rate)
        self.method_combo = method_combo(self)
        form.addRow(self.tr("Repayment method"), self.errors.wrap("repayment_method", self.method_combo))
        self.guarantee_combo = QComboBox()
        for code in apps.GUARANTEE_TYPES:
            self.guarantee_combo.addItem(label(GUARANTEE, code), code)
        form.addRow(self.tr("Guarantee type"), self.errors.wrap("guarantee_type", self.guarantee_combo))
        self.collateral_table = self._grid([self.tr("Type"), self.tr("Owner"), self.tr("Appraised value (元)"),
                                            self.tr("Loan-to-value (%)")])
        form.addRow(self.tr("Collateral"), self.errors.wrap("collateral", self._grid_box(self.collateral_table)))
        self.guarantor_table = self._grid([self.tr("Guarantor (client name or person)"), self.tr("ID number"),
                                           self.tr("Relation")])
        form.addRow(self.tr("Guarantors"), self.errors.wrap("guarantors", self._grid_box(self.guarantor_table)))
        self.text_edits: dict[str, QPlainTextEdit] = {}
        for key, caption in zip(TEXTS, (self.tr("Purpose"), self.tr("Business overview"), self.tr("Repayment source"),
                                        self.tr("Risks"))):
            edit = QPlainTextEdit()
            edit.setObjectName(key)
            edit.setFixedHeight(64)
            self.text_edits[key] = edit
            form.addRow(caption, edit)
        self._update_rate()
        return box

    def _grid(self, headers: list[str]) -> QTableWidget:
        # An input grid for a few items (not a data list), so a QTableWidget is the right tool.
        grid = QTableWidget(0, len(headers))
        grid.setHorizontalHeaderLabels(headers)
        grid.horizontalHeader().setStretchLastSection(True)
        grid.setFixedHeight(110)
        return grid

    def _grid_box(self, grid: QTableWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(grid)
        row = QHBoxLayout()
        add, remove = QPushButton(self.tr("Add")), QPushButton(self.tr("Remove"))
        add.clicked.connect(lambda: grid.insertRow(grid.rowCount()))
        remove.clicked.connect(lambda: grid.removeRow(grid.currentRow()) if grid.currentRow() >= 0 else None)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _context_panel(self) -> QWidget:
        group = QGroupBox(self.tr("Client context"))
        form = QFormLayout(group)
        self.ctx_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("size", self.tr("Size class")), ("inclusive", self.tr("Inclusive (普惠) now")),
            ("inclusive_after", self.tr("Inclusive if approved")), ("exposure", self.tr("Client exposure (元)")),
            ("exposure_after", self.tr("Client exposure if approved (元)")),
            ("chain", self.tr("Supply chain exposure (元)")), ("chain_after", self.tr("Supply chain if approved (元)")),
        ):
            lab = QLabel()
            lab.setObjectName(f"context_{key}")
            self.ctx_labels[key] = lab
            form.addRow(caption, lab)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("context_warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        form.addRow(self.warning_label)
        self.note_label = QLabel()  # why the client is not inclusive anyway (no warning then)
        self.note_label.setObjectName("context_note")
        self.note_label.setWordWrap(True)
        form.addRow(self.note_label)
        return group

    # ---------------------------------------------------------------- behaviour
    def _search_clients(self, text: str) -> None:
        if self.client_id is not None:
            return
        self.client_combo.blockSignals(True)
        self.client_combo.clear()
        choices = apps.client_choices(self.ctx.db, text)
        # Never pick a company for the officer (a draft for the wrong client is easy to miss),
        # unless the search typed names exactly one.
        if not (text.strip() and len(choices) == 1):
            self.client_combo.addItem(self.tr("— choose a client —"), None)
        for c in choices:
            self.client_combo.addItem(f"{c['name']}  {c['uscc']}", c["id"])
        self.client_combo.blockSignals(False)
        self.update_context()

    def selected_client(self) -> int | None:
        return self.client_combo.currentData()

    def _update_rate(self) -> None:
        try:
            published, lpr_bp = lpr.rate_in_force(self.ctx.db, self.tenor_combo.currentData(), date.today())
        except ServiceError as exc:
            self.rate_label.setText(service_error_text(exc))
            return
        self.rate_label.setText(
            self.tr("LPR %1 (published %2) + spread = %3")
            .replace("%1", rate_text(lpr_bp)).replace("%2", published.isoformat())
            .replace("%3", rate_text(lpr_bp + self.spread_spin.value()))
        )

    def _amount(self) -> int | None:
        try:
            return parse_fen(self.amount_edit.text())
        except MoneyError:
            return None

    def update_context(self) -> None:
        """Refresh the panel for the chosen client and the typed amount."""
        client = self.selected_client()
        if not hasattr(self, "ctx_labels"):
            return
        if client is None:
            for lab in self.ctx_labels.values():
                lab.clear()
            self.warning_label.clear()
            self.note_label.clear()
            return
        amount = self._amount() or 0
        renews = self.record["renews_loan_id"] if self.record else None
        c = exposure_context(self.ctx.db, client, amount, renews_loan_id=renews)
        self.ctx_labels["size"].setText(label(SIZE_CLASS, c.size_class) or self.tr("Unknown"))
        self.ctx_labels["inclusive"].setText(label(YES_NO, c.inclusive_now))
        self.ctx_labels["inclusive_after"].setText(label(YES_NO, c.inclusive_if_approved))
        self.ctx_labels["exposure"].setText(yuan_text(c.exposure_fen))
        self.ctx_labels["exposure_after"].setText(yuan_text(c.exposure_if_approved_fen))
        self.ctx_labels["chain"].setText(yuan_text(c.chain_exposure_fen))
        self.ctx_labels["chain_after"].setText(yuan_text(c.chain_exposure_if_approved_fen))
        self.warning_label.setText(in_user_language(c.warning_zh, c.warning_en))
        self.note_label.setText(in_user_language(c.note_zh, c.note_en))

    def _load(self, r: dict) -> None:
        self.product_combo.setCurrentText(r["product"])
        self.amount_edit.setText(yuan_text(r["amount_fen"]))
        self.term_spin.setValue(r["term_months"])
        self.tenor_combo.setCurrentIndex(0 if r["lpr_tenor"] == "1Y" else 1)
        self.spread_spin.setValue(r["spread_bp"])
        self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(r["repayment_method"])))
        self.guarantee_combo.setCurrentIndex(max(0, self.guarantee_combo.findData(r["guarantee_type"])))
        for key in TEXTS:
            self.text_edits[key].setPlainText(r[key] or "")
        for c in r["collateral"]:
            ltv = c["ltv_bp"]
            self._append(self.collateral_table, [c["kind"], c["owner"] or "", yuan_text(c["appraised_value_fen"]),
                                                 "" if ltv is None else f"{ltv // 100}.{ltv % 100:02d}"])
        for g in r["guarantors"]:
            self._append(self.guarantor_table, [g["client_name"] or g["person_name"] or "", g["id_number"] or "",
                                                g["relation"] or ""])

    @staticmethod
    def _append(grid: QTableWidget, values: list[str]) -> None:
        row = grid.rowCount()
        grid.insertRow(row)
        for col, value in enumerate(values):
            grid.setItem(row, col, QTableWidgetItem(value))

    @staticmethod
    def _cells(grid: QTableWidget) -> list[list[str]]:
        rows = []
        for r in range(grid.rowCount()):
            cells = [(grid.item(r, c).text().strip() if grid.item(r, c) else "") for c in range(grid.columnCount())]
            if any(cells):
                rows.append(cells)
        return rows

    def _collect(self) -> dict:
        """The form as service keyword arguments; raises ValueError(field, message) for unparseable input."""
        amount = self._amount()
        if amount is None:
            raise ValueError("amount_fen", self.tr("Enter the amount in 元, e.g. 500000 or 50万."))
        collateral = []
        for kind, owner, value, ltv in self._cells(self.collateral_table):
            try:
                collateral.append({"kind": kind, "owner": owner or None, "appraised_value_fen": parse_fen(value or "0"),
                                   "ltv_bp": parse_rate_bp(ltv) if ltv else None})
            except (MoneyError, ValueError):
                raise ValueError("collateral", self.tr("Collateral: the value must be an amount in 元 and the "
                                                       "loan-to-value a percentage.")) from None
        guarantors = []
        for name, id_number, relation in self._cells(self.guarantor_table):
            match = apps.client_id_by_name(self.ctx.db, name)
            guarantors.append({"guarantor_client_id": match, "person_name": None if match else name,
                               "id_number": id_number or None, "relation": relation or None})
        values = {
            "product": self.product_combo.currentText(), "amount_fen": amount, "term_months": self.term_spin.value(),
            "lpr_tenor": self.tenor_combo.currentData(), "spread_bp": self.spread_spin.value(),
            "repayment_method": self.method_combo.currentData(), "guarantee_type": self.guarantee_combo.currentData(),
            "collateral": collateral, "guarantors": guarantors,
        }
        values.update({k: self.text_edits[k].toPlainText().strip() or None for k in TEXTS})
        return values

    def save(self, submit: bool = False) -> bool:
        """Save (and optionally submit); accept on success, otherwise mark the field and say why."""
        try:
            values = self._collect()
        except ValueError as exc:
            field, message = exc.args
            self._show_error(field, message)
            return False
        actor = self.ctx.user.username
        try:
            if self.application_id is None:
                client = self.selected_client()
                if client is None:
                    self._show_error("client_id", self.tr("Choose a client."))
                    return False
                self.application_id = apps.create_application(self.ctx.db, actor, client, **values)
            else:
                apps.update_application(self.ctx.db, actor, self.application_id, **values)
            if submit:
                status = apps.get_application(self.ctx.db, self.application_id)["status"]
                workflow.act(self.ctx.db, actor, self.application_id, "resubmit" if status == "returned" else "submit")
        except ServiceError as exc:
            self._show_error(exc.field or "", service_error_text(exc))
            return False
        self.accept()
        return True

    def _show_error(self, field: str, message: str) -> None:
        self.errors.show({field: message} if field in self.errors.editors else {})
        self.error_label.setText(message)
