"""The client record: edit the enterprise, credit information and supply-chain link; see its
visits, applications and loans. Invalid input is marked at the field and Save stays refused
until it is fixed; size class and inclusive flag follow the input as you type.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.dates import DateError, parse_date
from workbench.domain.identifiers import mask_id_number, mask_phone
from workbench.domain.inclusive import is_inclusive
from workbench.domain.money import MoneyError, fen_to_wan, parse_fen
from workbench.domain.size_class import INDUSTRIES, SizeClassError, classify_size
from workbench.services import clients as svc
from workbench.services.errors import ValidationError
from workbench.services.renewals import renewal_history
from workbench.services.visits import VisitFilter, list_visits
from workbench.ui.context import AppContext
from workbench.ui.models.columns import Column
from workbench.ui.widgets.form_errors import FieldErrors
from workbench.ui.widgets.labels import (
    APPLICATION_STATUS,
    CHAIN_ROLE,
    CLASSIFICATION,
    ENTITY_TYPE,
    FINDING,
    KIND,
    LOAN_STATUS,
    SIZE_CLASS,
    YES_NO,
    label,
)
from workbench.ui.widgets.money import wan_text, yuan_text
from workbench.ui.widgets.record_lists import rows_view

TEXT_FIELDS = ("name", "uscc", "legal_rep", "legal_rep_id", "phone", "address", "officer", "branch")
INT_FIELDS = ("employees", "social_insurance_headcount")
WAN_FIELDS = ("revenue_fen", "assets_fen", "other_bank_loans_fen")
DATE_FIELDS = ("established_on", "credit_report_checked_on")
PERSONAL_FIELDS = ("legal_rep_id", "phone")


def _wan_input(fen: int | None) -> str:
    if fen is None:
        return ""
    text = format(fen_to_wan(fen).normalize(), "f")
    return text


class ClientDialog(QDialog):
    """Create (``client_id`` None) or edit one client."""

    navigate_requested = Signal(str, dict)

    def __init__(self, ctx: AppContext, client_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
        self.errors = FieldErrors()
        self.record = svc.get_client(ctx.db, client_id) if client_id else {}
        self.exposure = svc.client_exposure(ctx.db, client_id) if client_id else {"total_credit_fen": 0, "balance_fen": 0}
        self.setWindowTitle(self.tr("Client record") if client_id else self.tr("New client"))
        self.resize(860, 680)
        self.edits: dict[str, QLineEdit] = {}
        self.personal_revealed = client_id is None  # a new client's data is typed in whole

        self.tabs = QTabWidget()
        self.tabs.addTab(self._enterprise_tab(), self.tr("Enterprise"))
        self.tabs.addTab(self._credit_tab(), self.tr("Credit information"))
        self.tabs.addTab(self._chain_tab(), self.tr("Supply chain"))
        if client_id:
            self._list_tabs()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.summary = QLabel()
        self.summary.setObjectName("error_summary")
        self.summary.setStyleSheet("color: #c62828;")
        self.header = QLabel()
        self.header.setObjectName("record_header")
        self.header.setStyleSheet("font-size: 13pt; font-weight: bold; color: #12324f; padding: 2px 0 6px 0;")
        if client_id:
            self.header.setText(
                self.tr("%1 · balance %2 · total credit %3 (10k yuan)")
                .replace("%1", self.record["name"])
                .replace("%2", wan_text(self.exposure["balance_fen"]))
                .replace("%3", wan_text(self.exposure["total_credit_fen"]))
            )
        else:
            self.header.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._load()
        self.validate()

    # ------------------------------------------------------------ building
    def _line(self, form: QFormLayout, field: str, caption: str, hint: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        if hint:
            edit.setPlaceholderText(hint)
        edit.textChanged.connect(self.validate)
        self.edits[field] = edit
        form.addRow(caption, self.errors.wrap(field, edit))
        return edit

    def _enterprise_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self._line(form, "name", self.tr("Company name"))
        self._line(form, "uscc", self.tr("USCC"), self.tr("18 characters"))
        self.entity_combo = QComboBox()
        self.entity_combo.setObjectName("entity_type")
        for code in svc.ENTITY_TYPES:
            self.entity_combo.addItem(label(ENTITY_TYPE, code), code)
        self.entity_combo.currentIndexChanged.connect(self.validate)
        form.addRow(self.tr("Entity type"), self.errors.wrap("entity_type", self.entity_combo))
        self._line(form, "legal_rep", self.tr("Legal representative"))
        self._line(form, "legal_rep_id", self.tr("ID number"))
        self._line(form, "phone", self.tr("Phone"))
        # A saved record shows ID number and phone masked until the officer asks, with a reason, to see them.
        self.reveal_button = QPushButton(self.tr("Show and edit ID number and phone…"))
        self.reveal_button.setObjectName("reveal_personal_data")
        self.reveal_button.clicked.connect(self.ask_reveal)
        self.reveal_button.setVisible(bool(self.client_id))
        form.addRow("", self.reveal_button)
        self._line(form, "address", self.tr("Address"))
        self.industry_combo = QComboBox()
        self.industry_combo.setObjectName("industry")
        self.industry_combo.setEditable(True)
        self.industry_combo.addItem("")
        self.industry_combo.addItems(INDUSTRIES)
        self.industry_combo.currentTextChanged.connect(self.validate)
        form.addRow(self.tr("Industry"), self.errors.wrap("industry", self.industry_combo))
        self._line(form, "employees", self.tr("Employees"))
        self._line(form, "revenue_fen", self.tr("Revenue (10k yuan)"), self.tr("e.g. 1200 or 1,200.5"))
        self._line(form, "assets_fen", self.tr("Total assets (10k yuan)"))
        self._line(form, "established_on", self.tr("Established"), self.tr("YYYY-MM-DD"))
        self.size_label = QLabel()
        self.size_label.setObjectName("size_class")
        self.inclusive_label = QLabel()
        self.inclusive_label.setObjectName("inclusive")
        form.addRow(self.tr("Size class (computed)"), self.size_label)
        form.addRow(self.tr("Inclusive (computed)"), self.inclusive_label)
        self._line(form, "officer", self.tr("Officer"))
        self._line(form, "branch", self.tr("Branch"))
        self.operating_check = QCheckBox(self.tr("Still operating"))
        form.addRow("", self.operating_check)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setMaximumHeight(60)
        form.addRow(self.tr("Notes"), self.notes_edit)
        return page

    def _credit_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.tax_combo = QComboBox()
        self.tax_combo.setObjectName("tax_grade")
        self.tax_combo.addItem(self.tr("Not known"), None)
        for grade in svc.TAX_GRADES:
            self.tax_combo.addItem(grade, grade)
        form.addRow(self.tr("Tax credit grade"), self.errors.wrap("tax_grade", self.tax_combo))
        self._line(form, "social_insurance_headcount", self.tr("Social-insurance headcount"))
        self._line(form, "credit_report_checked_on", self.tr("Credit report last checked"), self.tr("YYYY-MM-DD"))
        self.court_edit = QPlainTextEdit()
        self.court_edit.setObjectName("court_records")
        self.court_edit.setMaximumHeight(80)
        form.addRow(self.tr("Court / enforcement records"), self.court_edit)
        self._line(form, "other_bank_loans_fen", self.tr("Other banks' loans (10k yuan)"))
        self._line(form, "other_bank_loans_note", self.tr("Other banks' loans: lenders and terms"))
        return page

    def _chain_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("chain_role")
        self.role_combo.addItem(self.tr("Not in a supply chain"), None)
        for code in svc.CHAIN_ROLES:
            self.role_combo.addItem(label(CHAIN_ROLE, code), code)
        self.role_combo.currentIndexChanged.connect(self.validate)
        form.addRow(self.tr("Role"), self.errors.wrap("chain_role", self.role_combo))
        self.core_combo = QComboBox()
        self.core_combo.setObjectName("core_client_id")
        self.core_combo.addItem(self.tr("None"), None)
        for core in svc.core_enterprises(self.ctx.db):
            if core["id"] != self.client_id:
                self.core_combo.addItem(f"{core['name']} ({core['uscc']})", core["id"])
        self.core_combo.currentIndexChanged.connect(self.validate)
        form.addRow(self.tr("Core enterprise"), self.errors.wrap("core_client_id", self.core_combo))
        layout.addLayout(form)
        members = svc.chain_members(self.ctx.db, self.client_id) if self.client_id else []
        self.members_label = QLabel(
            self.tr("Linked suppliers and distributors: %1 · total credit %2 · balance %3 (10k yuan)")
            .replace("%1", str(len(members)))
            .replace("%2", wan_text(sum(m["total_credit_fen"] for m in members)))
            .replace("%3", wan_text(sum(m["balance_fen"] for m in members)))
        )
        layout.addWidget(self.members_label)
        self.members_view = rows_view(
            [
                Column("name", self.tr("Company name")),
                Column("uscc", self.tr("USCC")),
                Column("chain_role", self.tr("Role"), "label", CHAIN_ROLE),
                Column("total_credit_fen", self.tr("Total credit (10k yuan)"), "wan"),
                Column("balance_fen", self.tr("Balance (10k yuan)"), "wan"),
            ],
            members,
            name="chain_members",
        )
        layout.addWidget(self.members_view, 1)
        return page

    def _list_tabs(self) -> None:
        db, cid = self.ctx.db, self.client_id
        visits = rows_view(
            [
                Column("visit_date", self.tr("Date")),
                Column("officer", self.tr("Officer")),
                Column("finding", self.tr("Finding"), "label", FINDING),
                Column("amount_needed_fen", self.tr("Amount needed (yuan)"), "money"),
                Column("purpose", self.tr("Purpose")),
                Column("next_step", self.tr("Next step")),
            ],
            list_visits(db, VisitFilter(client_id=cid)),
            name="client_visits",
        )
        apps = rows_view(
            [
                Column("app_no", self.tr("Application no.")),
                Column("kind", self.tr("Kind"), "label", KIND),
                Column("amount_fen", self.tr("Amount (yuan)"), "money"),
                Column("term_months", self.tr("Term (months)"), "int"),
                Column("rate_bp", self.tr("Rate"), "rate"),
                Column("status", self.tr("Status"), "label", APPLICATION_STATUS),
                Column("created_at", self.tr("Created")),
            ],
            svc.client_applications(db, cid),
            name="client_applications",
        )
        loans = rows_view(
            [
                Column("loan_no", self.tr("Loan no.")),
                Column("amount_fen", self.tr("Amount (yuan)"), "money"),
                Column("balance_fen", self.tr("Balance (yuan)"), "money"),
                Column("drawdown_date", self.tr("Drawdown")),
                Column("maturity_date", self.tr("Maturity")),
                Column("rate_bp", self.tr("Rate"), "rate"),
                Column("classification", self.tr("Classification"), "label", CLASSIFICATION),
                Column("overdue_days", self.tr("Days overdue"), "int"),
                Column("status", self.tr("Status"), "label", LOAN_STATUS),
            ],
            svc.client_loans(db, cid),
            name="client_loans",
        )
        renewals = rows_view(
            [
                Column("kind", self.tr("Kind"), "label", KIND),
                Column("old_loan_no", self.tr("Old loan")),
                Column("old_amount_fen", self.tr("Old amount (元)"), "money"),
                Column("old_maturity_date", self.tr("Old maturity")),
                Column("new_loan_no", self.tr("New loan")),
                Column("new_amount_fen", self.tr("New amount (元)"), "money"),
                Column("new_drawdown_date", self.tr("New drawn")),
                Column("app_no", self.tr("Application")),
                Column("application_status", self.tr("Application status"), "label", APPLICATION_STATUS),
            ],
            renewal_history(db, client_id=cid),
            name="client_renewals",
        )
        for view, page in ((visits, "visits"), (apps, "applications"), (loans, "loans")):
            view.setToolTip(self.tr("Double-click to open the full list for this client"))
            view.doubleClicked.connect(lambda _index, key=page: self._open_list(key))
        self.tabs.addTab(visits, self.tr("Visits (%1)").replace("%1", str(visits.model().rowCount())))
        self.tabs.addTab(apps, self.tr("Applications (%1)").replace("%1", str(apps.model().rowCount())))
        self.tabs.addTab(loans, self.tr("Loans (%1)").replace("%1", str(loans.model().rowCount())))
        self.tabs.addTab(renewals, self.tr("Renewals (%1)").replace("%1", str(renewals.model().rowCount())))

    def _open_list(self, page: str) -> None:
        """Ask the window for ``page`` filtered to this client, and close the record."""
        self.navigate_requested.emit(page, {"client_id": self.client_id})
        self.reject()

    # ------------------------------------------------------------ data
    def _load(self) -> None:
        r = self.record
        default_officer = str(self.ctx.settings.value("profile/officer", "") or self.ctx.user.display_name)
        for w in self.findChildren(QWidget):
            w.blockSignals(True)
        for field in TEXT_FIELDS + ("other_bank_loans_note",):
            self.edits[field].setText(r.get(field) or "")
        if not self.personal_revealed:
            self.edits["legal_rep_id"].setText(mask_id_number(r.get("legal_rep_id")))
            self.edits["phone"].setText(mask_phone(r.get("phone")))
            for field in PERSONAL_FIELDS:
                self.edits[field].setReadOnly(True)
        if not self.client_id:
            self.edits["officer"].setText(default_officer)
            self.edits["branch"].setText(str(self.ctx.settings.value("profile/branch", "") or ""))
        for field in INT_FIELDS:
            self.edits[field].setText("" if r.get(field) is None else str(r[field]))
        for field in WAN_FIELDS:
            self.edits[field].setText(_wan_input(r.get(field)))
        for field in DATE_FIELDS:
            self.edits[field].setText(r.get(field) or "")
        self.entity_combo.setCurrentIndex(max(self.entity_combo.findData(r.get("entity_type") or "enterprise"), 0))
        self.industry_combo.setCurrentText(r.get("industry") or "")
        self.tax_combo.setCurrentIndex(max(self.tax_combo.findData(r.get("tax_grade")), 0))
        self.role_combo.setCurrentIndex(max(self.role_combo.findData(r.get("chain_role")), 0))
        self.core_combo.setCurrentIndex(max(self.core_combo.findData(r.get("core_client_id")), 0))
        self.operating_check.setChecked(bool(r.get("still_operating", 1)))
        self.notes_edit.setPlainText(r.get("notes") or "")
        self.court_edit.setPlainText(r.get("court_records") or "")
        for w in self.findChildren(QWidget):
            w.blockSignals(False)

    def _collect(self) -> tuple[dict, dict[str, str]]:
        """The typed field values and the input errors found while parsing (field → message)."""
        zh = self._zh()
        data: dict = {f: self.edits[f].text() for f in TEXT_FIELDS + ("other_bank_loans_note",)}
        if not self.personal_revealed:  # the masked text is not the value: keep what is stored
            for field in PERSONAL_FIELDS:
                data[field] = self.record.get(field)
        problems: dict[str, str] = {}
        for field in INT_FIELDS:
            text = self.edits[field].text().strip().replace(",", "")
            if not text:
                data[field] = None
            elif text.isdigit():
                data[field] = int(text)
            else:
                problems[field] = self.tr("Enter a whole number")
        for field in WAN_FIELDS:
            text = self.edits[field].text().strip()
            try:
                data[field] = parse_fen(text, unit="wan") if text else None
            except MoneyError as exc:
                problems[field] = exc.reason_zh if zh else exc.reason_en
        for field in DATE_FIELDS:
            text = self.edits[field].text().strip()
            try:
                data[field] = parse_date(text) if text else None
            except DateError as exc:
                problems[field] = getattr(exc, "reason_zh" if zh else "reason_en", str(exc))
        data["entity_type"] = self.entity_combo.currentData()
        data["industry"] = self.industry_combo.currentText()
        data["tax_grade"] = self.tax_combo.currentData()
        data["chain_role"] = self.role_combo.currentData()
        data["core_client_id"] = self.core_combo.currentData()
        data["still_operating"] = self.operating_check.isChecked()
        data["notes"] = self.notes_edit.toPlainText()
        data["court_records"] = self.court_edit.toPlainText()
        return data, problems

    def ask_reveal(self) -> None:
        """Ask for a reason (audited) and, when granted, show the whole values for editing."""
        from workbench.ui.dialogs.audit_reveal import RevealPersonalDataDialog

        dialog = RevealPersonalDataDialog(self.ctx, self.client_id, self)
        dialog.exec()
        if dialog.revealed is not None:
            self.apply_revealed(dialog.revealed)

    def apply_revealed(self, revealed) -> None:
        """Put the revealed ID number and phone into their fields and let them be edited."""
        self.personal_revealed = True
        for field in PERSONAL_FIELDS:
            edit = self.edits[field]
            edit.blockSignals(True)
            edit.setText(getattr(revealed, field) or "")
            edit.setReadOnly(False)
            edit.blockSignals(False)
        self.reveal_button.setEnabled(False)
        self.validate()

    def _zh(self) -> bool:
        from workbench.ui.i18n import current_language

        return current_language() != "en"

    def validate(self) -> bool:
        """Check every field, mark the bad ones, update computed flags; True when Save may go ahead."""
        data, problems = self._collect()
        service_data = {k: v for k, v in data.items() if k not in problems}
        _clean, errors = svc.validate_client(self.ctx.db, service_data, self.client_id)
        zh = self._zh()
        for err in errors:
            problems.setdefault(err.field or "name", err.message_zh if zh else err.message_en)
        self.errors.show(problems)
        self._update_computed(data, problems)
        self.save_button.setEnabled(not problems and not self.ctx.readonly)
        if self.ctx.readonly:
            self.summary.setText(self.tr("Read-only: another workbench is using this portfolio, so nothing can be saved."))
        else:
            self.summary.setText(
                self.tr("%1 field(s) need attention before saving.").replace("%1", str(len(problems))) if problems else ""
            )
        return not problems and not self.ctx.readonly

    def _update_computed(self, data: dict, problems: dict) -> None:
        try:
            size = classify_size(
                data.get("industry") or None,
                data.get("employees") if "employees" not in problems else None,
                data.get("revenue_fen") if "revenue_fen" not in problems else None,
                data.get("assets_fen") if "assets_fen" not in problems else None,
            )
        except SizeClassError:
            size = None
        self.size_label.setText(label(SIZE_CLASS, size) or self.tr("Unknown (industry and figures needed)"))
        inclusive = is_inclusive(size, data.get("entity_type") or "enterprise", self.exposure["total_credit_fen"])
        self.inclusive_label.setText(
            self.tr("%1 (total credit %2 yuan)")
            .replace("%1", label(YES_NO, inclusive))
            .replace("%2", yuan_text(self.exposure["total_credit_fen"]))
        )

    def save(self) -> None:
        """Save through the service; a refusal is shown at its field and the dialog stays open."""
        if not self.validate():
            return
        data, _ = self._collect()
        try:
            self.client_id = svc.save_client(self.ctx.db, self.ctx.user.username, data, self.client_id)
        except ValidationError as exc:
            message = exc.message_zh if self._zh() else exc.message_en
            self.errors.show({exc.field or "name": message})
            self.summary.setText(message)
            self.save_button.setEnabled(False)
            return
        self.accept()

    def field_error(self, field: str) -> str:
        """The message shown at ``field`` ('' when it is fine)."""
        return self.errors.message(field)
