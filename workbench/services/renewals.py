"""Renewals of a loan: 续贷 ``renewal``, 无还本续贷 ``no_principal``, 展期 ``extension``.

:func:`start_renewal` opens an application pre-filled from the old loan (and
its original application: guarantee, collateral, guarantors, analysis)
through ``services.applications.create_application``, with ``kind`` and
``renews_loan_id`` set, and a ``renewals`` row linking it to the old loan.
It then goes through the ordinary approval chain. For 无还本续贷 the
eligibility rules (``domain.renewal_rules``) are evaluated and stored in
``applications.eligibility_json``; with any rule failed the officer must
give a written justification, kept in ``applications.override_justification``
and in the audit log — except for a rule the file marks non-overridable
(before maturity, classification), whose failure refuses the renewal. An
extension (展期) may not take the chain's cumulative extensions past the
limit of 《贷款通则》第十二条 (``resources/rules/extension_limits.json``).

:func:`validate_renewal_request` is the guard ``applications.create_application``
/ ``update_application`` call, so a renewal cannot bypass these checks by
being made as an ordinary application.

When the renewal's credit line is drawn, ``services.lending.drawdown`` calls
:func:`complete_renewal` inside its transaction: the new loan is linked, the
old loan closed (its balance repaid by the new loan), and the new loan
inherits the old one's classification — renewal by itself neither worsens
nor cures a classification.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from datetime import date

import sqlite_utils

from workbench.domain import renewal_rules
from workbench.domain.classification import floor_for_overdue_days, severity
from workbench.domain.schedule import add_months
from workbench.services import applications
from workbench.services.errors import NotFound, ValidationError
from workbench.store import audit

KINDS: tuple[str, ...] = ("renewal", "no_principal", "extension")
KIND_LABELS_ZH = {"renewal": "续贷", "no_principal": "无还本续贷", "extension": "展期"}
KIND_LABELS_EN = {"renewal": "Renewal", "no_principal": "Renewal without repaying principal", "extension": "Extension"}
OPEN_APPLICATION_STATUSES = ("draft", "submitted", "under_review", "under_approval", "returned", "approved")

# The loan whose renewal start_renewal is creating right now (its eligibility already evaluated and
# justified there), so validate_renewal_request, called from create_application, lets it through.
_STARTING: ContextVar[int | None] = ContextVar("renewal_starting", default=None)


def _loan(db: sqlite_utils.Database, loan_id: int) -> dict:
    rows = list(db.query(
        "SELECT l.*, c.name AS client_name, c.entity_type, c.size_class, c.still_operating"
        " FROM loans l JOIN clients c ON c.id = l.client_id WHERE l.id = ?", [loan_id]))
    if not rows:
        raise NotFound("loan_not_found", f"贷款（编号 {loan_id}）不存在", f"loan {loan_id} does not exist", "loan_id")
    return rows[0]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError("bad_kind", f"续贷方式“{kind}”无效（应为 续贷/无还本续贷/展期）",
                              f"unknown renewal kind {kind!r} (expected renewal, no_principal or extension)", "kind")


def open_renewal(db: sqlite_utils.Database, loan_id: int) -> dict | None:
    """The renewal of ``loan_id`` under way, or None: its latest application that renews it
    (however it was made), not rejected, while the loan is still active (not yet replaced)."""
    rows = list(db.query(
        "SELECT a.id AS application_id, a.app_no, a.status AS application_status, a.kind FROM applications a"
        " JOIN loans l ON l.id = a.renews_loan_id"
        f" WHERE a.renews_loan_id = ? AND l.status = 'active' AND a.status IN ({','.join('?' * len(OPEN_APPLICATION_STATUSES))})"
        " ORDER BY a.id DESC LIMIT 1", [loan_id, *OPEN_APPLICATION_STATUSES]))
    return rows[0] if rows else None


def eligibility(
    db: sqlite_utils.Database,
    loan_id: int,
    *,
    needs_funds: bool | None = None,
    good_conduct: bool | None = None,
    today: date | None = None,
    rules: renewal_rules.RenewalRules | None = None,
) -> list[renewal_rules.RuleResult]:
    """The 无还本续贷 rules for ``loan_id`` applied ``today``, each passed or failed with its reason.

    ``needs_funds`` / ``good_conduct`` are the officer's confirmations (None: not given yet).
    """
    loan = _loan(db, loan_id)
    facts = renewal_rules.RenewalFacts(
        entity_type=loan["entity_type"],
        size_class=loan["size_class"],
        product=loan["product"],
        classification=loan["classification"],
        overdue_days=loan["overdue_days"],
        overdue_principal_fen=loan["overdue_principal_fen"],
        overdue_interest_fen=loan["overdue_interest_fen"],
        maturity_date=date.fromisoformat(loan["maturity_date"]),
        application_date=today or date.today(),
        still_operating=bool(loan["still_operating"]),
        needs_funds=needs_funds,
        good_conduct=good_conduct,
        purpose=loan["purpose"],
    )
    return renewal_rules.evaluate(facts, rules)


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) < end:
        months += 1
    return max(1, months)


def refuse_blocking(results: list[renewal_rules.RuleResult]) -> None:
    """Raise ``rule_not_overridable`` (naming each rule) when a rule no justification may override failed."""
    blocking = renewal_rules.blocking(results)
    if blocking:
        raise ValidationError(
            "rule_not_overridable",
            "以下无还本续贷条件未满足且不允许以书面理由突破，不能办理无还本续贷："
            + "；".join(f"{r.label_zh}：{r.reason_zh}" for r in blocking),
            "these 无还本续贷 rules failed and cannot be overridden by a justification, so the renewal is refused: "
            + "; ".join(f"{r.label_en}: {r.reason_en}" for r in blocking),
            "kind",
            failed=[r.rule_id for r in blocking],
        )


def extension_allowance(
    db: sqlite_utils.Database, loan_id: int, *, limits: renewal_rules.ExtensionLimits | None = None
) -> renewal_rules.ExtensionAllowance:
    """How many months extensions of ``loan_id`` may still add (《贷款通则》第十二条, cumulative).

    Walks back along :func:`renewal_chain` while each loan was itself made by an extension:
    those loans' terms (drawdown → maturity, whole months rounded up) are the months already
    used; the loan before the first extension gives the original term and the band.
    """
    links = {r["new_loan_id"]: r for r in renewal_chain(db, loan_id) if r["new_loan_id"] is not None}
    current = _loan(db, loan_id)
    used = 0
    seen = {loan_id}
    while (link := links.get(current["id"])) is not None and link["kind"] == "extension" and link["old_loan_id"] not in seen:
        used += _months_between(date.fromisoformat(current["drawdown_date"]), date.fromisoformat(current["maturity_date"]))
        seen.add(link["old_loan_id"])
        current = _loan(db, link["old_loan_id"])
    original = _months_between(date.fromisoformat(current["drawdown_date"]), date.fromisoformat(current["maturity_date"]))
    return renewal_rules.extension_allowance(original, used, limits)


def check_extension_term(db: sqlite_utils.Database, loan_id: int, term_months: object) -> None:
    """Raise ``extension_too_long`` when ``term_months`` more would pass the chain's cumulative limit."""
    if isinstance(term_months, bool) or not isinstance(term_months, int):
        return  # create_application refuses a non-integer term with its own message
    allowance = extension_allowance(db, loan_id)
    if term_months <= allowance.remaining_months:
        return
    band = allowance.band
    raise ValidationError(
        "extension_too_long",
        f"展期 {term_months} 个月超出限额：原贷款期限 {allowance.original_months} 个月，属{band.label_zh}，"
        f"展期累计不得超过 {allowance.limit_months} 个月，已展期 {allowance.used_months} 个月，"
        f"本次最多 {allowance.remaining_months} 个月（《贷款通则》第十二条）",
        f"an extension of {term_months} months is too long: the original term is {allowance.original_months} months "
        f"({band.label_en}), extensions may total at most {allowance.limit_months} months, {allowance.used_months} "
        f"already used, so at most {allowance.remaining_months} more",
        "term_months",
        limit_months=allowance.limit_months, used_months=allowance.used_months,
        remaining_months=allowance.remaining_months,
    )


def validate_renewal_request(
    db: sqlite_utils.Database,
    client_id: int,
    kind: str | None,
    renews_loan_id: int | None,
    *,
    term_months: object = None,
    application_id: int | None = None,
) -> None:
    """Refuse an application whose renewal fields bypass the renewal checks (raises ValidationError, zh/en).

    For ``applications.create_application`` and ``update_application`` (``application_id``: the
    application being edited). Kind ``new`` must not name a loan; a renewal kind must name an
    active loan of the same client with no other renewal under way; an extension stays within
    the cumulative limit; a 无还本续贷 is only created through :func:`start_renewal`, which
    evaluates the eligibility rules and takes the justification (an edit that keeps an existing
    application's kind and loan is not a new request). Codes: ``renews_loan_without_kind``,
    ``renews_loan_required``, ``bad_kind``, ``renews_loan_not_found``, ``renews_other_client``,
    ``loan_closed``, ``renewal_open``, ``extension_too_long``, ``eligibility_not_evaluated``.
    """
    kind = kind or "new"
    if kind == "new":
        if renews_loan_id is not None:
            raise ValidationError(
                "renews_loan_without_kind",
                "新增授信申请不能指定被续贷的贷款；续贷须选择续贷方式（续贷/无还本续贷/展期）",
                "a new-credit application cannot name a loan it renews; choose a renewal kind (renewal, no_principal or extension)",
                "renews_loan_id",
            )
        return
    _check_kind(kind)
    if renews_loan_id is None:
        raise ValidationError(
            "renews_loan_required", f"{KIND_LABELS_ZH[kind]}申请须指定被续贷的原贷款",
            f"a {KIND_LABELS_EN[kind].lower()} application must name the loan it renews", "renews_loan_id")
    try:
        loan = _loan(db, renews_loan_id)
    except NotFound:
        raise ValidationError("renews_loan_not_found", f"被续贷的贷款（编号 {renews_loan_id}）不存在",
                              f"the loan to renew ({renews_loan_id}) does not exist", "renews_loan_id") from None
    if loan["client_id"] != client_id:
        raise ValidationError(
            "renews_other_client",
            f"贷款 {loan['loan_no']} 属于{loan['client_name']}，不能为其他客户的申请续贷",
            f"loan {loan['loan_no']} belongs to another client ({loan['client_name']}); an application can only renew its own client's loan",
            "renews_loan_id")
    if loan["status"] != "active":
        raise ValidationError("loan_closed", f"贷款 {loan['loan_no']} 已结清，不能续贷", f"loan {loan['loan_no']} is closed", "renews_loan_id")
    others = list(db.query(
        "SELECT id, app_no, status FROM applications WHERE renews_loan_id = ? AND id IS NOT ?"
        f" AND status IN ({','.join('?' * len(OPEN_APPLICATION_STATUSES))}) ORDER BY id DESC LIMIT 1",
        [renews_loan_id, application_id, *OPEN_APPLICATION_STATUSES]))
    if others:
        other = others[0]
        raise ValidationError(
            "renewal_open",
            f"贷款 {loan['loan_no']} 已有进行中的续贷申请 {other['app_no']}（{applications.STATUS_LABELS_ZH.get(other['status'], '')}）",
            f"loan {loan['loan_no']} already has a renewal under way: {other['app_no']} ({other['status']})",
            "renews_loan_id", application_id=other["id"])
    if kind == "extension":
        check_extension_term(db, renews_loan_id, term_months)
    if kind == "no_principal" and _STARTING.get() != renews_loan_id:
        stored = db["applications"].get(application_id) if application_id is not None else None
        if not (stored and stored["kind"] == kind and stored["renews_loan_id"] == renews_loan_id):
            raise ValidationError(
                "eligibility_not_evaluated",
                f"无还本续贷须经逐条资格审查后发起：请在贷款 {loan['loan_no']} 上使用“发起续贷”，不能作为普通申请创建或改成无还本续贷",
                f"a 无还本续贷 must be started from loan {loan['loan_no']} (Start renewal), where each eligibility rule"
                " is checked; it cannot be created as, or changed into, an ordinary application",
                "kind")


def renewal_defaults(db: sqlite_utils.Database, loan_id: int, kind: str) -> dict:
    """The application fields a renewal of ``loan_id`` starts from (the officer may change them).

    Amount: the old balance (the new loan repays it); 续贷 after repayment
    takes the original amount. Term: the old loan's; an extension by default
    what the chain may still add (:func:`extension_allowance`), at least 1.
    """
    _check_kind(kind)
    loan = _loan(db, loan_id)
    old_app = None
    if loan["application_id"]:
        rows = list(db.query("SELECT * FROM applications WHERE id = ?", [loan["application_id"]]))
        old_app = rows[0] if rows else None
    term = _months_between(date.fromisoformat(loan["drawdown_date"]), date.fromisoformat(loan["maturity_date"]))
    if kind == "extension":
        term = max(1, extension_allowance(db, loan_id).remaining_months)
    amount = loan["amount_fen"] if kind == "renewal" else loan["balance_fen"]
    defaults = {
        "client_id": loan["client_id"],
        "product": loan["product"] or (old_app or {}).get("product") or "流动资金贷款",
        "amount_fen": amount if amount > 0 else loan["amount_fen"],
        "term_months": term,
        "repayment_method": loan["repayment_method"],
        "guarantee_type": loan["guarantee_type"],
        "lpr_tenor": (old_app or {}).get("lpr_tenor") or "1Y",
        "spread_bp": loan["spread_bp"] if loan["spread_bp"] is not None else (old_app or {}).get("spread_bp") or 0,
        "purpose": loan["purpose"] or (old_app or {}).get("purpose"),
        "business_overview": (old_app or {}).get("business_overview"),
        "repayment_source": (old_app or {}).get("repayment_source"),
        "risks": (old_app or {}).get("risks"),
        "collateral": [],
        "guarantors": [],
    }
    if old_app:
        coll, guars = applications.children(db, old_app["id"])
        defaults["collateral"] = [
            {k: c[k] for k in ("kind", "owner", "description", "appraised_value_fen", "ltv_bp")} for c in coll
        ]
        defaults["guarantors"] = [
            {k: g[k] for k in ("guarantor_client_id", "person_name", "id_number", "relation", "amount_fen")} for g in guars
        ]
    return defaults


def start_renewal(
    db: sqlite_utils.Database,
    actor: str,
    loan_id: int,
    kind: str,
    *,
    justification: str | None = None,
    needs_funds: bool | None = None,
    good_conduct: bool | None = None,
    today: date | None = None,
    rules: renewal_rules.RenewalRules | None = None,
    **changes,
) -> int:
    """Open a renewal application for ``loan_id``; returns the application id.

    ``changes`` override the pre-filled fields (``amount_fen``, ``term_months``,
    ``spread_bp``, ``repayment_method``, ``purpose`` …). For ``no_principal``
    every failed eligibility rule needs ``justification`` (at least the rule
    file's ``min_justification_chars`` characters). Raises ValidationError:
    ``loan_closed``, ``renewal_open`` (one already under way), ``bad_kind``,
    ``justification_required`` (with ``failed`` rule ids), ``rule_not_overridable``
    (a failed rule no justification overrides, with ``failed`` rule ids), ``extension_too_long``.
    """
    _check_kind(kind)
    today = today or date.today()
    rules = rules or renewal_rules.default_rules()
    loan = _loan(db, loan_id)
    if loan["status"] != "active":
        raise ValidationError("loan_closed", f"贷款 {loan['loan_no']} 已结清，不能续贷", f"loan {loan['loan_no']} is closed", "loan_id")
    existing = open_renewal(db, loan_id)
    if existing:
        raise ValidationError(
            "renewal_open",
            f"贷款 {loan['loan_no']} 已有进行中的续贷申请 {existing['app_no']}（{applications.STATUS_LABELS_ZH.get(existing['application_status'], '')}）",
            f"loan {loan['loan_no']} already has a renewal under way: {existing['app_no']} ({existing['application_status']})",
            "loan_id",
            application_id=existing["application_id"],
        )
    values = renewal_defaults(db, loan_id, kind)
    values.pop("client_id")
    unknown = set(changes) - set(values)
    if unknown:
        raise ValidationError("unknown_field", f"无法预填字段：{', '.join(sorted(unknown))}", f"unknown fields: {', '.join(sorted(unknown))}", min(unknown))
    values.update(changes)
    if kind == "extension":
        check_extension_term(db, loan_id, values["term_months"])
    results: list[renewal_rules.RuleResult] = []
    justification = (justification or "").strip() or None
    if kind == "no_principal":
        results = eligibility(db, loan_id, needs_funds=needs_funds, good_conduct=good_conduct, today=today, rules=rules)
        refuse_blocking(results)
        failed = renewal_rules.failed(results)
        if failed and (justification is None or len(justification) < rules.min_justification_chars):
            raise ValidationError(
                "justification_required",
                f"以下无还本续贷条件未满足，须填写书面理由（至少 {rules.min_justification_chars} 字）方可继续："
                + "；".join(f"{r.label_zh}：{r.reason_zh}" for r in failed),
                f"these 无还本续贷 rules failed; a written justification (at least {rules.min_justification_chars} characters) is needed: "
                + "; ".join(f"{r.label_en}: {r.reason_en}" for r in failed),
                "justification",
                failed=[r.rule_id for r in failed],
            )
        if not failed:
            justification = None  # nothing to override
    now = audit.utc_now()
    eligibility_json = json.dumps(
        {"kind": kind, "evaluated_on": today.isoformat(), "rules": [r.as_dict() for r in results]}, ensure_ascii=False
    ) if results else None
    with db.atomic():
        token = _STARTING.set(loan_id)
        try:
            app_id = applications.create_application(
                db, actor, loan["client_id"], kind=kind, renews_loan_id=loan_id, today=today, **values
            )
        finally:
            _STARTING.reset(token)
        extra = {"eligibility_json": eligibility_json, "override_justification": justification}
        db["applications"].update(app_id, extra)
        renewal_id = db["renewals"].insert(
            {"old_loan_id": loan_id, "new_loan_id": None, "application_id": app_id, "kind": kind, "created_at": now}
        ).last_pk
        failed_ids = [r.rule_id for r in renewal_rules.failed(results)]
        audit.record(
            db, actor, "renewal.start", "renewals", renewal_id, None,
            {"old_loan_id": loan_id, "application_id": app_id, "kind": kind, "failed_rules": failed_ids,
             "override_justification": justification},
            reason=justification, client_id=loan["client_id"],
        )
        if justification:
            audit.record(
                db, actor, "application.eligibility_override", "applications", app_id, None,
                {"failed_rules": failed_ids, "override_justification": justification},
                reason=justification, client_id=loan["client_id"],
            )
    return app_id


def complete_renewal(db: sqlite_utils.Database, actor: str, application: dict, new_loan_id: int) -> None:
    """Link the renewal's new loan and close the old one (called inside the drawdown's transaction).

    The old loan's balance counts as repaid by the new loan; its status
    becomes closed on the new loan's drawdown date. The new loan takes the
    old one's classification when that is more severe (renewal does not
    cure). A second drawdown on the same renewal line links nothing more.
    """
    old_id = application["renews_loan_id"]
    if not old_id:
        return
    rows = list(db.query(
        "SELECT * FROM renewals WHERE application_id = ? ORDER BY id DESC LIMIT 1", [application["id"]]))
    new = _loan(db, new_loan_id)
    old = _loan(db, old_id)
    now = audit.utc_now()
    with db.atomic():
        if rows and rows[0]["new_loan_id"] is not None:
            return  # already completed by an earlier drawdown on this line
        if rows:
            renewal_id = rows[0]["id"]
            db["renewals"].update(renewal_id, {"new_loan_id": new_loan_id, "completed_at": now})
        else:  # application made without start_renewal (e.g. by hand): link it now
            renewal_id = db["renewals"].insert({
                "old_loan_id": old_id, "new_loan_id": new_loan_id, "application_id": application["id"],
                "kind": application["kind"] if application["kind"] in KINDS else "renewal",
                "created_at": now, "completed_at": now,
            }).last_pk
        audit.record(db, actor, "renewal.complete", "renewals", renewal_id, {"new_loan_id": None},
                     {"new_loan_id": new_loan_id, "old_loan_id": old_id, "completed_at": now}, client_id=old["client_id"])
        if old["status"] == "active":
            closed = {"balance_fen": 0, "status": "closed", "closed_on": new["drawdown_date"],
                      "balance_as_of": new["drawdown_date"], "updated_at": now}
            db["loans"].update(old_id, closed)
            db["balance_history"].insert({
                "loan_id": old_id, "as_of": new["drawdown_date"], "balance_fen": 0, "overdue_days": old["overdue_days"],
                "classification": old["classification"], "source": "renewal",
            })
            audit.record(db, actor, "loan.close_by_renewal", "loans", old_id,
                         {k: old[k] for k in closed if k != "updated_at"},
                         {**{k: v for k, v in closed.items() if k != "updated_at"}, "replaced_by_loan_id": new_loan_id},
                         client_id=old["client_id"])
        if severity(old["classification"]) > severity(new["classification"]):
            db["classification_history"].insert({
                "loan_id": new_loan_id, "changed_at": now, "from_class": new["classification"],
                "to_class": old["classification"], "floor_class": floor_for_overdue_days(new["overdue_days"]),
                "reason": f"续贷承继原贷款 {old['loan_no']} 的分类 / inherited from renewed loan {old['loan_no']}",
                "source": "renewal", "changed_by": actor,
            })
            db["loans"].update(new_loan_id, {"classification": old["classification"], "updated_at": now})
            audit.record(db, actor, "loan.classify", "loans", new_loan_id, {"classification": new["classification"]},
                         {"classification": old["classification"]}, reason="inherited from renewed loan",
                         client_id=new["client_id"])


_HISTORY_SQL = (
    "SELECT r.id, r.kind, r.created_at, r.completed_at, r.old_loan_id, o.loan_no AS old_loan_no,"
    " o.maturity_date AS old_maturity_date, o.amount_fen AS old_amount_fen, r.new_loan_id, n.loan_no AS new_loan_no,"
    " n.drawdown_date AS new_drawdown_date, n.maturity_date AS new_maturity_date, n.amount_fen AS new_amount_fen,"
    " r.application_id, a.app_no, a.status AS application_status, a.override_justification"
    " FROM renewals r JOIN loans o ON o.id = r.old_loan_id LEFT JOIN loans n ON n.id = r.new_loan_id"
    " LEFT JOIN applications a ON a.id = r.application_id"
)


def renewal_history(db: sqlite_utils.Database, *, loan_id: int | None = None, client_id: int | None = None) -> list[dict]:
    """Renewal links (old loan → new loan) for a loan (either side) or a client, oldest first.

    Each row: ``kind``, ``created_at``/``completed_at`` (UTC), ``old_loan_id``/``old_loan_no``,
    ``old_maturity_date``, ``old_amount_fen``, ``new_loan_id``/``new_loan_no`` (None until drawn),
    ``new_drawdown_date``, ``new_maturity_date``, ``new_amount_fen``, ``application_id``, ``app_no``,
    ``application_status``, ``override_justification``. Money in fen.
    """
    where, params = [], []
    if loan_id is not None:
        where.append("(r.old_loan_id = ? OR r.new_loan_id = ?)")
        params += [loan_id, loan_id]
    if client_id is not None:
        where.append("o.client_id = ?")
        params.append(client_id)
    sql = _HISTORY_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY r.id"
    return list(db.query(sql, params))


def renewal_chain(db: sqlite_utils.Database, loan_id: int) -> list[dict]:
    """Every renewal link in the chain through ``loan_id``, oldest first (rows as :func:`renewal_history`).

    The chain runs back through the loans this one replaced and forward
    through the loans that replaced it, so A → B → C shows both links on
    each of A, B and C. Attempts that never produced a loan (e.g. a rejected
    renewal application) are included with ``new_loan_id`` None.
    """
    sql = (
        "WITH RECURSIVE back(id) AS (SELECT ? UNION SELECT r.old_loan_id FROM renewals r JOIN back b ON r.new_loan_id = b.id),"
        " fwd(id) AS (SELECT ? UNION SELECT r.new_loan_id FROM renewals r JOIN fwd f ON r.old_loan_id = f.id"
        " WHERE r.new_loan_id IS NOT NULL) "
        + _HISTORY_SQL
        + " WHERE r.old_loan_id IN (SELECT id FROM back UNION SELECT id FROM fwd) ORDER BY r.id"
    )
    return list(db.query(sql, [loan_id, loan_id]))
