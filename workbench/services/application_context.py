"""The context shown beside a credit application: size class, inclusive flag, exposure.

:func:`exposure_context` uses the one definition of a client's total credit
in ``services/exposure.py``. Inclusive policy: the warning appears only when
the client is inclusive now and approval would take it over 10,000,000 元; a
client that is not inclusive anyway (medium or large enterprise, unknown
size, farmer, or already over the ceiling) gets a note saying why instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import sqlite_utils

from workbench.domain import inclusive
from workbench.domain.size_class import SIZE_LABELS_ZH
from workbench.services import exposure
from workbench.services.applications import _client, _row, yuan_text


@dataclass(frozen=True)
class ExposureContext:
    """What the form and the approval dialog show beside an application (money in fen)."""

    client_id: int
    client_name: str
    size_class: str | None
    size_label_zh: str | None
    entity_type: str
    exposure_fen: int
    exposure_if_approved_fen: int
    chain_core_id: int | None
    chain_exposure_fen: int
    chain_exposure_if_approved_fen: int
    inclusive_now: bool
    inclusive_if_approved: bool
    warning_zh: str | None
    warning_en: str | None
    note_zh: str | None = None  # why the client is not inclusive anyway (no warning then)
    note_en: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def client_exposure_fen(db: sqlite_utils.Database, client_ids: list[int], today: date) -> int:
    """Total credit to the clients on ``today``: see ``workbench.services.exposure`` (the one definition)."""
    return exposure.total_credit_fen(db, client_ids, today)


def chain_members(db: sqlite_utils.Database, client: dict) -> tuple[int | None, list[int]]:
    """``(core_id, member ids)`` of the client's supply chain; ``(None, [client])`` when none."""
    core = client["core_client_id"] or (client["id"] if client["chain_role"] == "core" else None)
    if core is None:
        return None, [client["id"]]
    ids = [r[0] for r in db.execute("SELECT id FROM clients WHERE id = ? OR core_client_id = ?", [core, core])]
    if client["id"] not in ids:
        ids.append(client["id"])
    return core, ids


def exposure_context(
    db: sqlite_utils.Database,
    client_id: int,
    amount_fen: int,
    *,
    renews_loan_id: int | None = None,
    already_counted: bool = False,
    today: date | None = None,
) -> ExposureContext:
    """Context for granting ``amount_fen`` more credit to ``client_id`` (usable before the application exists).

    A renewal replaces the old loan, so its balance is not counted twice.
    ``already_counted`` is for an approved application whose line is in the exposure already.
    """
    today = today or date.today()
    client = _client(db, client_id)
    added = 0 if already_counted else amount_fen
    if renews_loan_id and not already_counted:
        old = db.execute("SELECT balance_fen FROM loans WHERE id = ? AND status = 'active'", [renews_loan_id]).fetchone()
        added = max(0, added - (old[0] if old else 0))
    total = client_exposure_fen(db, [client_id], today)
    core, members = chain_members(db, client)
    chain = client_exposure_fen(db, members, today) if core is not None else total
    after = total + added
    size, entity = client["size_class"], client["entity_type"]
    inclusive_now = inclusive.is_inclusive(size, entity, total)
    inclusive_after = inclusive.is_inclusive(size, entity, after)
    warn_zh, warn_en, note_zh, note_en = _inclusive_messages(size, entity, total, after, inclusive_now, inclusive_after)
    return ExposureContext(
        client_id=client_id, client_name=client["name"], size_class=size,
        size_label_zh=SIZE_LABELS_ZH.get(size) if size else None, entity_type=entity,
        exposure_fen=total, exposure_if_approved_fen=after, chain_core_id=core,
        chain_exposure_fen=chain, chain_exposure_if_approved_fen=chain + added,
        inclusive_now=inclusive_now, inclusive_if_approved=inclusive_after,
        warning_zh=warn_zh, warning_en=warn_en, note_zh=note_zh, note_en=note_en,
    )


def _inclusive_messages(size: str | None, entity: str, now: int, after: int, inclusive_now: bool,
                        inclusive_after: bool) -> tuple[str | None, str | None, str | None, str | None]:
    """``(warning_zh, warning_en, note_zh, note_en)`` about the inclusive flag.

    The warning is only for a client that is inclusive now and would not be
    after approval; a client that is not inclusive anyway gets a note saying
    why (its kind, or total credit already over the ceiling) instead.
    """
    limit = yuan_text(inclusive.INCLUSIVE_LIMIT_FEN)
    if inclusive_now and not inclusive_after:
        return (f"批准后该客户授信总额将为 {yuan_text(after)} 元，超过 {limit} 元，不再属于普惠型小微企业贷款",
                f"if approved, the client's total credit becomes {yuan_text(after)} yuan, over {limit} yuan:"
                " no longer an inclusive small-business loan", None, None)
    if not inclusive.is_inclusive(size, entity, 0):
        kind_zh = {"medium": "中型企业", "large": "大型企业", None: "规模未知的企业"}.get(size, "该类客户")
        kind_en = {"medium": "a medium enterprise", "large": "a large enterprise", None: "an enterprise of unknown size"}.get(
            size, "this kind of client")
        if entity == "farmer":
            kind_zh, kind_en = "农户", "a farmer"
        return (None, None, f"客户为{kind_zh}，不属于普惠型小微企业贷款口径（与金额无关）",
                f"the client is {kind_en}: not an inclusive small-business borrower, whatever the amount")
    if not inclusive_now:
        return (None, None, f"客户授信总额已为 {yuan_text(now)} 元，超过 {limit} 元，现在已不属于普惠型小微企业贷款",
                f"the client's total credit is already {yuan_text(now)} yuan, over {limit} yuan: not inclusive now")
    return None, None, None, None


def application_context(db: sqlite_utils.Database, application_id: int, today: date | None = None) -> ExposureContext:
    """The context panel for an existing application (approved, else recommended, else requested amount)."""
    row = _row(db, application_id)
    # The amount on the table: approved, else the reviewer's current recommendation, else the request.
    recommended = db.execute(
        "SELECT amount_fen FROM approval_steps WHERE application_id = ? AND action = 'pass_review'"
        " AND amount_fen IS NOT NULL AND id > (SELECT coalesce(max(id), 0) FROM approval_steps"
        " WHERE application_id = ? AND action IN ('submit', 'resubmit')) ORDER BY id DESC LIMIT 1",
        [application_id, application_id]).fetchone()
    amount = row["approved_amount_fen"] or (recommended[0] if recommended else row["amount_fen"])
    return exposure_context(db, row["client_id"], amount, renews_loan_id=row["renews_loan_id"],
                            already_counted=row["status"] == "approved", today=today)
