"""The approval dialog: the application, its context, the whole history, and the current user's actions.

Only the buttons the workflow allows this user are shown; changed terms
(amount, term, spread) are offered on "pass review" and "approve".
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, parse_fen
from workbench.services import applications as apps
from workbench.services import workflow
from workbench.services.application_context import application_context
from workbench.services.errors import ServiceError
from workbench.ui.context import AppContext
from workbench.ui.dialogs.application import GUARANTEE
from workbench.ui.dialogs.login import in_user_language, service_error_text
from workbench.ui.dialogs.schedule_calculator import METHOD
from workbench.ui.models.columns import Column
from workbench.ui.widgets.labels import APPLICATION_STATUS, ROLE, SIZE_CLASS, YES_NO, label
from workbench.ui.widgets.money import rate_text, yuan_text
from workbench.ui.widgets.record_lists import rows_view

ACTION = {
    "submit": QT_TRANSLATE_NOOP("Labels", "Submit"),
    "resubmit": QT_TRANSLATE_NOOP("Labels", "Resubmit"),
    "take_review": QT_TRANSLATE_NOOP("Labels", "Take for review"),
    "pass_review": QT_TRANSLATE_NOOP("Labels", "Pass review"),
    "return": QT_TRANSLATE_NOOP("Labels", "Return for changes"),
    "reject": QT_TRANSLATE_NOOP("Labels", "Reject"),
    "approve": QT_TRANSLATE_NOOP("Labels", "Approve"),
}


def _terms(row: dict) -> str:
    parts = []
    if row.get("amount_fen") is not None:
        parts.append(yuan_text(row["amount_fen"]) + " 元")
    if row.get("term_months") is not None:
        parts.append(QCoreApplication.translate("ApprovalDialog", "%1 months").replace("%1", str(row["term_months"])))
    if row.get("rate_bp") is not None:
        parts.append(rate_text(row["rate_bp"]))
    return ", ".join(parts)


class ApprovalDialog(QDialog):
    """Shows one application; ``acted`` is the last action taken (None if none)."""

    def __init__(self, ctx: AppContext, application_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_id = application_id
        self.acted: str | None = None
        self.resize(1000, 720)
        self.action_buttons: dict[str, QPushButton] = {}
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.context_label = QLabel()
        self.context_label.setObjectName("context")
        self.context_label.setWordWrap(True)
        self.history = rows_view(self._history_columns(), [], self, "history")
        self.opinion_edit = QPlainTextEdit()
        self.opinion_edit.setObjectName("opinion")
        self.opinion_edit.setFixedHeight(70)
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("changed_amount")
        self.amount_edit.setPlaceholderText(self.tr("unchanged"))
        self.term_spin = QSpinBox()
        self.term_spin.setRange(0, apps.MAX_TERM_MONTHS)
        self.term_spin.setSpecialValueText(self.tr("unchanged"))
        self.spread_edit = QLineEdit()
        self.spread_edit.setObjectName("changed_spread")
        self.spread_edit.setPlaceholderText(self.tr("unchanged (bp)"))
        self.terms_box = QGroupBox(self.tr("Changed terms"))
        terms_form = QFormLayout(self.terms_box)
        terms_form.addRow(self.tr("Amount (元)"), self.amount_edit)
        terms_form.addRow(self.tr("Term (months)"), self.term_spin)
        terms_form.addRow(self.tr("Spread (bp)"), self.spread_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.button_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.context_label)
        layout.addWidget(QLabel(self.tr("History")))
        layout.addWidget(self.history, 1)
        decision = QHBoxLayout()
        opinion_box = QVBoxLayout()
        opinion_box.addWidget(QLabel(self.tr("Opinion")))
        opinion_box.addWidget(self.opinion_edit)
        decision.addLayout(opinion_box, 2)
        decision.addWidget(self.terms_box, 1)
        layout.addLayout(decision)
        layout.addWidget(self.error_label)
        layout.addLayout(self.button_row)
        self.reload()

    def _history_columns(self) -> list[Column]:
        return [
            Column("acted_at", self.tr("Time"), "time"),
            Column("actor_name", self.tr("Person")),
            Column("actor_role", self.tr("Role"), "label", ROLE),
            Column("action", self.tr("Decision"), "label", ACTION),
            Column("to_status", self.tr("Status after"), "label", APPLICATION_STATUS),
            Column("opinion", self.tr("Opinion")),
            Column("terms", self.tr("Changed terms"), fn=_terms),
        ]

    def reload(self) -> None:
        """Re-read the application and rebuild the buttons for the current user."""
        db, me = self.ctx.db, self.ctx.user.username
        a = apps.get_application(db, self.application_id)
        self.record = a
        self.setWindowTitle(self.tr("Application %1 — %2").replace("%1", a["app_no"]).replace("%2", a["client_name"]))
        text = (self.tr("%1 · %2 · %3 元 · %4 months · %5 (LPR %6 + %7 bp) · %8 · %9 · status: %10")
                .replace("%10", label(APPLICATION_STATUS, a["status"]))
                .replace("%1", a["app_no"]).replace("%2", a["product"]).replace("%3", yuan_text(a["amount_fen"]))
                .replace("%4", str(a["term_months"])).replace("%5", rate_text(a["rate_bp"]))
                .replace("%6", rate_text(a["lpr_bp"])).replace("%7", str(a["spread_bp"]))
                .replace("%8", label(METHOD, a["repayment_method"])).replace("%9", label(GUARANTEE, a["guarantee_type"])))
        if a["approved_amount_fen"] is not None:
            text += "\n" + self.tr("Approved: %1").replace("%1", _terms({
                "amount_fen": a["approved_amount_fen"], "term_months": a["approved_term_months"], "rate_bp": a["approved_rate_bp"]}))
        for key, caption in (("purpose", self.tr("Purpose")), ("business_overview", self.tr("Business overview")),
                             ("repayment_source", self.tr("Repayment source")), ("risks", self.tr("Risks"))):
            if a[key]:
                text += f"\n{caption}: {a[key]}"
        self.summary.setText(text)
        c = application_context(db, self.application_id)
        ctx_text = (self.tr("Size: %1 · inclusive now: %2 · if approved: %3 · exposure %4 元 → %5 元 · supply chain %6 元 → %7 元")
                    .replace("%1", label(SIZE_CLASS, c.size_class) or self.tr("Unknown"))
                    .replace("%2", label(YES_NO, c.inclusive_now)).replace("%3", label(YES_NO, c.inclusive_if_approved))
                    .replace("%4", yuan_text(c.exposure_fen)).replace("%5", yuan_text(c.exposure_if_approved_fen))
                    .replace("%6", yuan_text(c.chain_exposure_fen)).replace("%7", yuan_text(c.chain_exposure_if_approved_fen)))
        warning = in_user_language(c.warning_zh, c.warning_en)
        note = in_user_language(c.note_zh, c.note_en)
        self.context_label.setText(ctx_text + (f"\n⚠ {warning}" if warning else "") + (f"\n{note}" if note else ""))
        self.history.model().set_rows(workflow.history(db, self.application_id))
        while self.button_row.count():
            item = self.button_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.action_buttons = {}
        allowed = [] if self.ctx.readonly else workflow.allowed_actions(db, me, self.application_id)
        self.terms_box.setVisible(any(x in allowed for x in ("pass_review", "approve")))
        self.opinion_edit.setEnabled(bool(allowed))
        for action in allowed:
            button = QPushButton(label(ACTION, action))
            button.setObjectName(f"action_{action}")
            button.setAutoDefault(False)  # Enter in the opinion must never decide an application
            button.clicked.connect(lambda _=False, act=action: self.take(act))
            self.action_buttons[action] = button
            self.button_row.addWidget(button)
        self.button_row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setDefault(True)  # the harmless button answers Enter
        close.clicked.connect(self.accept)
        self.button_row.addWidget(close)

    def take(self, action: str) -> bool:
        """Do ``action`` with the opinion and changed terms typed; show why when refused."""
        changes: dict = {}
        if action in ("pass_review", "approve"):
            try:
                if self.amount_edit.text().strip():
                    changes["amount_fen"] = parse_fen(self.amount_edit.text())
                if self.term_spin.value():
                    changes["term_months"] = self.term_spin.value()
                if self.spread_edit.text().strip():
                    changes["spread_bp"] = int(self.spread_edit.text().strip())
            except (MoneyError, ValueError):
                self.error_label.setText(self.tr("Changed terms: amount in 元, spread as whole basis points."))
                return False
        try:
            workflow.act(self.ctx.db, self.ctx.user.username, self.application_id, action,
                         opinion=self.opinion_edit.toPlainText(), **changes)
        except ServiceError as exc:
            self.error_label.setText(service_error_text(exc))
            return False
        self.acted = action
        self.error_label.clear()
        self.opinion_edit.clear()
        self.amount_edit.clear()
        self.spread_edit.clear()
        self.term_spin.setValue(0)
        self.reload()
        return True
