"""The generated rows, table by table, with the column order each tuple follows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.services.demo_data.clients import CLIENT_COLUMNS

COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": CLIENT_COLUMNS,
    "visits": (
        "id", "client_id", "visit_date", "officer", "contact_person", "finding", "amount_needed_fen", "purpose",
        "screen_lawful_operation", "screen_fixed_place", "screen_real_need", "screen_good_credit", "screen_lawful_use",
        "notes", "next_step", "declared", "declared_on", "recommended", "recommended_on", "feedback_given", "feedback",
        "created_by", "created_at",
    ),
    "applications": (
        "id", "app_no", "client_id", "visit_id", "kind", "renews_loan_id", "product", "amount_fen", "term_months",
        "lpr_tenor", "lpr_bp", "lpr_published_on", "spread_bp", "rate_bp", "repayment_method", "guarantee_type",
        "purpose", "business_overview", "repayment_source", "risks", "status", "approved_amount_fen",
        "approved_term_months", "approved_spread_bp", "approved_rate_bp", "created_by", "reviewed_by", "approved_by",
        "created_at", "updated_at", "submitted_at", "decided_at",
    ),
    "approval_steps": (
        "application_id", "action", "from_status", "to_status", "actor", "actor_role", "acted_at", "opinion",
        "amount_fen", "term_months", "spread_bp", "rate_bp",
    ),
    "collateral": ("application_id", "kind", "owner", "description", "appraised_value_fen", "ltv_bp"),
    "guarantors": ("application_id", "guarantor_client_id", "person_name", "id_number", "relation", "amount_fen"),
    "credit_lines": (
        "id", "line_no", "client_id", "application_id", "limit_fen", "start_date", "expiry_date", "revolving", "status",
        "created_at",
    ),
    "loans": (
        "id", "loan_no", "client_id", "credit_line_id", "application_id", "product", "purpose", "amount_fen",
        "balance_fen", "drawdown_date", "maturity_date", "lpr_bp", "spread_bp", "rate_bp", "repayment_method",
        "guarantee_type", "overdue_days", "overdue_principal_fen", "overdue_interest_fen", "classification",
        "reported_classification", "status", "officer", "source", "balance_as_of", "closed_on", "created_at",
        "updated_at",
    ),
    "instalments": (
        "loan_id", "seq", "due_date", "principal_fen", "interest_fen", "payment_fen", "balance_fen",
        "paid_principal_fen", "paid_interest_fen", "paid_on",
    ),
    "repayments": ("loan_id", "paid_on", "principal_fen", "interest_fen", "note", "recorded_by", "recorded_at"),
    "balance_history": ("loan_id", "as_of", "balance_fen", "overdue_days", "classification", "source"),
    "renewals": ("id", "old_loan_id", "new_loan_id", "application_id", "kind", "created_at", "completed_at"),
    "classification_history": (
        "loan_id", "changed_at", "from_class", "to_class", "floor_class", "reason", "source", "changed_by",
    ),
}
# Written in this order so every foreign key points at a row already there.
ORDER: tuple[str, ...] = (
    "clients", "visits", "applications", "approval_steps", "collateral", "guarantors", "credit_lines", "loans",
    "instalments", "repayments", "balance_history", "renewals", "classification_history",
)


# Tables without an id column of ours: their rows can be handed to the writer while generating.
STREAMED: tuple[str, ...] = ("approval_steps", "instalments", "repayments", "balance_history")


@dataclass
class Tables:
    """Row tuples per table (see :data:`COLUMNS`); ``sink(table, rows)``, if set, takes streamed rows early."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in ORDER})
    sink: Callable[[str, list], None] | None = None
    written: dict[str, int] = field(default_factory=lambda: {name: 0 for name in ORDER})

    def flush(self, names: tuple[str, ...] = STREAMED) -> None:
        """Hand the rows of ``names`` gathered so far to the sink (no-op without one)."""
        if self.sink is None:
            return
        for name in names:
            rows = self.rows[name]
            if rows:
                self.rows[name] = []
                self.written[name] += len(rows)
                self.sink(name, rows)

    def __getitem__(self, name: str) -> list[tuple]:
        return self.rows[name]

    def next_id(self, name: str) -> int:
        """The id the next row appended to ``name`` gets (tables with an explicit id column, never streamed)."""
        return len(self.rows[name]) + 1

    def counts(self) -> dict[str, int]:
        return {name: len(rows) + self.written[name] for name, rows in self.rows.items()}
