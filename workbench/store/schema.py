"""The schema, as forward migrations.

One migration per change; a migration that has shipped is never edited.
New migrations are appended at the end of this file.

Conventions: money columns end in ``_fen`` (INTEGER fen); rates in basis
points end in ``_bp`` (3.85 % = 385); dates are ISO ``YYYY-MM-DD`` TEXT;
datetimes are UTC ISO text with offset; booleans are INTEGER 0/1.

Codes kept in the database (labels live in the domain and the UI):

- clients.size_class: large | medium | small | micro | NULL (unknown)
- clients.entity_type: enterprise | individual_business | owner | farmer
- clients.chain_role: core | supplier | distributor | NULL
- visits.finding: need | no_need | unreachable
- applications.status: draft | submitted | under_review | under_approval |
  approved | rejected | returned
- applications.kind and renewals.kind: new | renewal | no_principal | extension
- repayment_method: annuity (等额本息) | equal_principal (等额本金) |
  interest_only (按月付息到期还本) | revolving (随借随还)
- guarantee_type: credit (信用) | guarantee (保证) | mortgage (抵押) | pledge (质押)
- classification: normal (正常) | special (关注) | substandard (次级) |
  doubtful (可疑) | loss (损失)
- loans.status: active | closed
- users.role: officer | reviewer | approver | admin
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils import Migrations

MIGRATIONS = Migrations("workbench")


def schema_version() -> int:
    """How many migrations this code knows."""
    return len(MIGRATIONS._migrations)


def _run(db: sqlite_utils.Database, script: str) -> None:
    """Execute a script statement by statement inside the migration's transaction.

    (``executescript`` would commit first, breaking the migration's atomicity.)
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.execute(buffer.strip())
            buffer = ""
    if buffer.strip():
        db.execute(buffer.strip())


@MIGRATIONS(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    _run(
        db,
        """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer','reviewer','approver','admin')),
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    branch TEXT,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
) STRICT;

CREATE TABLE clients (
    id INTEGER PRIMARY KEY,
    uscc TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_chars TEXT NOT NULL DEFAULT '',
    name_initials TEXT NOT NULL DEFAULT '',
    entity_type TEXT NOT NULL DEFAULT 'enterprise',
    legal_rep TEXT,
    legal_rep_id TEXT,
    phone TEXT,
    address TEXT,
    industry TEXT,
    employees INTEGER,
    revenue_fen INTEGER,
    assets_fen INTEGER,
    established_on TEXT,
    size_class TEXT,
    tax_grade TEXT,
    social_insurance_headcount INTEGER,
    credit_report_checked_on TEXT,
    court_records TEXT,
    other_bank_loans_fen INTEGER,
    other_bank_loans_note TEXT,
    core_client_id INTEGER REFERENCES clients(id),
    chain_role TEXT,
    still_operating INTEGER NOT NULL DEFAULT 1,
    officer TEXT,
    branch TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_clients_name ON clients(name);
CREATE INDEX idx_clients_initials ON clients(name_initials);
CREATE INDEX idx_clients_legal_rep ON clients(legal_rep);
CREATE INDEX idx_clients_officer ON clients(officer);
CREATE INDEX idx_clients_industry ON clients(industry);
CREATE INDEX idx_clients_size ON clients(size_class);
CREATE INDEX idx_clients_core ON clients(core_client_id);

CREATE VIRTUAL TABLE clients_fts USING fts5(name_chars, content='clients', content_rowid='id');
CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts(rowid, name_chars) VALUES (new.id, new.name_chars);
END;
CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
    INSERT INTO clients_fts(clients_fts, rowid, name_chars) VALUES ('delete', old.id, old.name_chars);
END;
CREATE TRIGGER clients_fts_au AFTER UPDATE OF name_chars ON clients BEGIN
    INSERT INTO clients_fts(clients_fts, rowid, name_chars) VALUES ('delete', old.id, old.name_chars);
    INSERT INTO clients_fts(rowid, name_chars) VALUES (new.id, new.name_chars);
END;

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    visit_date TEXT NOT NULL,
    officer TEXT NOT NULL,
    contact_person TEXT,
    finding TEXT NOT NULL CHECK (finding IN ('need','no_need','unreachable')),
    amount_needed_fen INTEGER,
    purpose TEXT,
    screen_lawful_operation INTEGER NOT NULL DEFAULT 0,
    screen_fixed_place INTEGER NOT NULL DEFAULT 0,
    screen_real_need INTEGER NOT NULL DEFAULT 0,
    screen_good_credit INTEGER NOT NULL DEFAULT 0,
    screen_lawful_use INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    next_step TEXT,
    declared INTEGER NOT NULL DEFAULT 0,
    declared_on TEXT,
    recommended INTEGER NOT NULL DEFAULT 0,
    recommended_on TEXT,
    feedback_given INTEGER NOT NULL DEFAULT 0,
    feedback TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_visits_client ON visits(client_id);
CREATE INDEX idx_visits_date ON visits(visit_date);
CREATE INDEX idx_visits_officer ON visits(officer, visit_date);

CREATE TABLE lpr_rates (
    id INTEGER PRIMARY KEY,
    published_on TEXT NOT NULL,
    tenor TEXT NOT NULL CHECK (tenor IN ('1Y','5Y')),
    rate_bp INTEGER NOT NULL,
    UNIQUE (published_on, tenor)
) STRICT;

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    app_no TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    visit_id INTEGER REFERENCES visits(id),
    kind TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new','renewal','no_principal','extension')),
    renews_loan_id INTEGER REFERENCES loans(id),
    product TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    term_months INTEGER NOT NULL CHECK (term_months > 0),
    lpr_tenor TEXT NOT NULL DEFAULT '1Y',
    lpr_bp INTEGER NOT NULL,
    lpr_published_on TEXT,
    spread_bp INTEGER NOT NULL DEFAULT 0,
    rate_bp INTEGER NOT NULL,
    repayment_method TEXT NOT NULL,
    guarantee_type TEXT NOT NULL,
    purpose TEXT,
    business_overview TEXT,
    repayment_source TEXT,
    risks TEXT,
    status TEXT NOT NULL DEFAULT 'draft',
    approved_amount_fen INTEGER,
    approved_term_months INTEGER,
    approved_spread_bp INTEGER,
    approved_rate_bp INTEGER,
    eligibility_json TEXT,
    override_justification TEXT,
    created_by TEXT NOT NULL,
    reviewed_by TEXT,
    approved_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    decided_at TEXT
) STRICT;
CREATE INDEX idx_applications_status ON applications(status);
CREATE INDEX idx_applications_client ON applications(client_id);
CREATE INDEX idx_applications_renews ON applications(renews_loan_id);
CREATE INDEX idx_applications_created ON applications(created_at);

CREATE TABLE approval_steps (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    acted_at TEXT NOT NULL,
    opinion TEXT,
    amount_fen INTEGER,
    term_months INTEGER,
    spread_bp INTEGER,
    rate_bp INTEGER
) STRICT;
CREATE INDEX idx_approval_steps_app ON approval_steps(application_id, id);

CREATE TABLE collateral (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    owner TEXT,
    description TEXT,
    appraised_value_fen INTEGER NOT NULL DEFAULT 0,
    ltv_bp INTEGER
) STRICT;
CREATE INDEX idx_collateral_app ON collateral(application_id);

CREATE TABLE guarantors (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications(id),
    guarantor_client_id INTEGER REFERENCES clients(id),
    person_name TEXT,
    id_number TEXT,
    relation TEXT,
    amount_fen INTEGER
) STRICT;
CREATE INDEX idx_guarantors_app ON guarantors(application_id);

CREATE TABLE credit_lines (
    id INTEGER PRIMARY KEY,
    line_no TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    application_id INTEGER UNIQUE REFERENCES applications(id),
    limit_fen INTEGER NOT NULL CHECK (limit_fen >= 0),
    start_date TEXT NOT NULL,
    expiry_date TEXT NOT NULL,
    revolving INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_credit_lines_client ON credit_lines(client_id);

CREATE TABLE loans (
    id INTEGER PRIMARY KEY,
    loan_no TEXT NOT NULL UNIQUE,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    credit_line_id INTEGER REFERENCES credit_lines(id),
    application_id INTEGER REFERENCES applications(id),
    product TEXT,
    purpose TEXT,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    balance_fen INTEGER NOT NULL CHECK (balance_fen >= 0),
    drawdown_date TEXT NOT NULL,
    maturity_date TEXT NOT NULL,
    lpr_bp INTEGER,
    spread_bp INTEGER,
    rate_bp INTEGER NOT NULL,
    repayment_method TEXT NOT NULL,
    guarantee_type TEXT NOT NULL,
    overdue_days INTEGER NOT NULL DEFAULT 0,
    overdue_principal_fen INTEGER NOT NULL DEFAULT 0,
    overdue_interest_fen INTEGER NOT NULL DEFAULT 0,
    classification TEXT NOT NULL DEFAULT 'normal',
    reported_classification TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
    officer TEXT,
    source TEXT NOT NULL DEFAULT 'workbench',
    balance_as_of TEXT,
    closed_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_loans_client ON loans(client_id);
CREATE INDEX idx_loans_maturity ON loans(status, maturity_date);
CREATE INDEX idx_loans_officer ON loans(officer, maturity_date);
CREATE INDEX idx_loans_line ON loans(credit_line_id);
CREATE INDEX idx_loans_overdue ON loans(status, overdue_days);
CREATE INDEX idx_loans_drawdown ON loans(drawdown_date);

CREATE TABLE instalments (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    seq INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    principal_fen INTEGER NOT NULL,
    interest_fen INTEGER NOT NULL,
    payment_fen INTEGER NOT NULL,
    balance_fen INTEGER NOT NULL,
    paid_principal_fen INTEGER NOT NULL DEFAULT 0,
    paid_interest_fen INTEGER NOT NULL DEFAULT 0,
    paid_on TEXT,
    UNIQUE (loan_id, seq)
) STRICT;
CREATE INDEX idx_instalments_due ON instalments(due_date);

CREATE TABLE repayments (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    paid_on TEXT NOT NULL,
    principal_fen INTEGER NOT NULL DEFAULT 0,
    interest_fen INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_repayments_loan ON repayments(loan_id, paid_on);

CREATE TABLE balance_history (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    as_of TEXT NOT NULL,
    balance_fen INTEGER NOT NULL,
    overdue_days INTEGER NOT NULL DEFAULT 0,
    classification TEXT NOT NULL,
    source TEXT NOT NULL
) STRICT;
CREATE INDEX idx_balance_history_loan ON balance_history(loan_id, as_of);
CREATE INDEX idx_balance_history_as_of ON balance_history(as_of);

CREATE TABLE renewals (
    id INTEGER PRIMARY KEY,
    old_loan_id INTEGER NOT NULL REFERENCES loans(id),
    new_loan_id INTEGER REFERENCES loans(id),
    application_id INTEGER REFERENCES applications(id),
    kind TEXT NOT NULL CHECK (kind IN ('renewal','no_principal','extension')),
    created_at TEXT NOT NULL,
    completed_at TEXT
) STRICT;
CREATE INDEX idx_renewals_old ON renewals(old_loan_id);
CREATE INDEX idx_renewals_new ON renewals(new_loan_id);

CREATE TABLE classification_history (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id),
    changed_at TEXT NOT NULL,
    from_class TEXT,
    to_class TEXT NOT NULL,
    floor_class TEXT NOT NULL,
    reason TEXT,
    source TEXT NOT NULL,
    changed_by TEXT NOT NULL
) STRICT;
CREATE INDEX idx_classification_history_loan ON classification_history(loan_id, id);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('clients','loans')),
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    sheet TEXT,
    as_of TEXT,
    rows_in_file INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    skipped_rows INTEGER NOT NULL DEFAULT 0,
    duplicates_in_file INTEGER NOT NULL DEFAULT 0,
    errors_file TEXT,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;

CREATE TABLE import_templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id INTEGER,
    client_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX idx_audit_table_row ON audit_log(table_name, row_id);
CREATE INDEX idx_audit_actor ON audit_log(actor, at);
CREATE INDEX idx_audit_client ON audit_log(client_id);
CREATE INDEX idx_audit_at ON audit_log(at);
""",
    )


@MIGRATIONS(name="0002_loans_tickler_index")
def m0002_loans_tickler_index(db: sqlite_utils.Database) -> None:
    # Covering index for the maturity tickler (services/maturities.py): the
    # maturing-by-horizon scan and its bucket counts read only this index.
    _run(
        db,
        "CREATE INDEX IF NOT EXISTS idx_loans_tickler ON loans(status, maturity_date, overdue_days, balance_fen, officer);",
    )
