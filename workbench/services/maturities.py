"""The maturity tickler: loans maturing soon, past maturity or overdue, with their renewal status.

Buckets (``bucket``):

- ``overdue``: overdue days > 0 (whatever the maturity) or already past maturity;
- ``d30``: maturing within 0–30 days; ``d60``: 31–60; ``d90``: 61–90 (up to ``within_days``).

Narrowing filters for the dashboard's drill-down (each gives exactly the rows
the dashboard counts): ``maturing_only`` (maturity from today to the horizon,
overdue or not), ``overdue_band`` (overdue days in one band), ``newly_overdue``
(overdue now, not at the last state before the last balance import);
``within_days=None`` drops the horizon (every active loan).

Each row: loan, client, officer, balance (fen), maturity date, days left
(negative once past), classification, overdue days and band, and the latest
renewal's kind and application status (``renewal_status``: ``none`` or the
application's status). Filtering and sorting happen in SQL; pages are
keyset-paged so a 300,000-loan portfolio fills the first screen quickly.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from workbench.services.errors import ValidationError

BUCKETS: tuple[str, ...] = ("overdue", "d30", "d60", "d90")
BUCKET_LABELS_ZH = {"overdue": "逾期/已到期", "d30": "30天内到期", "d60": "31–60天到期", "d90": "61–90天到期"}
BUCKET_LABELS_EN = {"overdue": "Overdue / past maturity", "d30": "Within 30 days", "d60": "31–60 days", "d90": "61–90 days"}
RENEWAL_OPEN = ("draft", "submitted", "under_review", "under_approval", "returned", "approved")
RENEWAL_FILTERS = ("none", "in_progress", "completed", "rejected")
DEFAULT_WITHIN_DAYS = 90
# Overdue bands follow the classification floors (1–90 关注, >90 次级, >270 可疑, >360 损失): (min, max) days.
OVERDUE_BANDS: dict[str, tuple[int, int | None]] = {"1-90": (1, 90), "91-270": (91, 270), "271-360": (271, 360),
                                                    "361+": (361, None)}
SORT_COLUMNS = {
    "maturity_date": "maturity_date",
    "days_left": "maturity_date",
    "balance_fen": "balance_fen",
    "client": "client",
    "loan_no": "loan_no",
    "officer": "officer",
    "classification": "class_rank",
    "overdue_days": "overdue_days",
    "bucket": "(bucket_rank || maturity_date)",  # bucket, then maturity within it
}


def overdue_band(overdue_days: int, days_left: int) -> str | None:
    """"1-90" / "91-270" / "271-360" / "361+" by overdue days; "past_maturity" when past maturity but not overdue."""
    if overdue_days > 360:
        return "361+"
    if overdue_days > 270:
        return "271-360"
    if overdue_days > 90:
        return "91-270"
    if overdue_days > 0:
        return "1-90"
    if days_left < 0:
        return "past_maturity"
    return None


@dataclass(frozen=True)
class TicklerFilter:
    """What the tickler shows. ``within_days`` bounds the maturing buckets (overdue loans always show);
    None: no bound."""

    today: date
    within_days: int | None = DEFAULT_WITHIN_DAYS
    officer: str | None = None
    bucket: str | None = None
    renewal: str | None = None  # none | in_progress | completed | rejected
    search: str | None = None
    maturing_only: bool = False  # only loans maturing from today to the horizon
    overdue_band: str | None = None  # a key of OVERDUE_BANDS
    newly_overdue: bool = False  # overdue since the last balance import


def _check(f: TicklerFilter) -> None:
    if f.within_days is not None and (isinstance(f.within_days, bool) or not isinstance(f.within_days, int)
                                      or f.within_days < 0):
        raise ValidationError("bad_within", f"天数应为非负整数，收到 {f.within_days!r}", f"within days must be a non-negative integer, got {f.within_days!r}", "within_days")
    if f.bucket is not None and f.bucket not in BUCKETS:
        raise ValidationError("bad_bucket", f"分组“{f.bucket}”无效", f"unknown bucket {f.bucket!r} (expected {', '.join(BUCKETS)})", "bucket")
    if f.renewal is not None and f.renewal not in RENEWAL_FILTERS:
        raise ValidationError("bad_renewal_filter", f"续贷状态“{f.renewal}”无效", f"unknown renewal filter {f.renewal!r} (expected {', '.join(RENEWAL_FILTERS)})", "renewal")
    if f.overdue_band is not None and f.overdue_band not in OVERDUE_BANDS:
        raise ValidationError("bad_overdue_band", f"逾期区间“{f.overdue_band}”无效", f"unknown overdue band {f.overdue_band!r} (expected {', '.join(OVERDUE_BANDS)})", "overdue_band")


# The loan's latest renewal application (any application with renews_loan_id, however it was
# made) and its latest renewal link; "completed" once a new loan replaced it.
_RENEWAL_JOIN = (
    " LEFT JOIN applications a ON a.id = (SELECT max(a2.id) FROM applications a2 WHERE a2.renews_loan_id = l.id)"
    " LEFT JOIN renewals r ON r.id = (SELECT max(r2.id) FROM renewals r2 WHERE r2.old_loan_id = l.id)"
)
_RENEWAL_STATUS = (
    "CASE WHEN r.new_loan_id IS NOT NULL THEN 'completed' WHEN a.id IS NULL THEN 'none' ELSE a.status END"
)


# Loans overdue now that were not overdue at their last known state before the import of ``?``
# (params: since, since) — and whose overdue days began after that state: a loan 400 days
# overdue whose last earlier row is a repayment a year ago is not "new".
_NEWLY_OVERDUE_IDS = (
    "SELECT x.id FROM (SELECT l2.id, l2.overdue_days AS od, (SELECT b.id FROM balance_history b"
    " WHERE b.loan_id = l2.id AND b.as_of < ? ORDER BY b.as_of DESC, b.id DESC LIMIT 1) AS prev_id"
    " FROM loans l2 WHERE l2.status = 'active' AND l2.overdue_days > 0) x"
    " LEFT JOIN balance_history p ON p.id = x.prev_id"
    " WHERE p.id IS NULL OR (p.overdue_days = 0 AND x.od <= julianday(?) - julianday(p.as_of))"
)


def _core_sql(f: TicklerFilter, *, since: str | None = None, need_client: bool = False, need_renewal: bool = False,
              need_loan_no: bool = False, need_class: bool = False) -> tuple[str, list]:
    """One row per tickler loan with what buckets, filters and sorting need: ``loan_id``,
    ``officer``, ``balance_fen``, ``maturity_date``, ``overdue_days``, ``bucket_rank`` (+ asked extras).

    Two disjoint index range scans — maturing by the horizon (index-only on
    ``idx_loans_tickler``), and overdue beyond it — instead of an OR over the
    table; buckets by comparing ISO date text. Clients and renewals are joined
    only when a filter or the sort needs them: on a big portfolio those
    lookups cost more than the rest. ``since`` is the last balance import's date
    for ``newly_overdue`` (None: no loan is newly overdue).
    """
    _check(f)
    t = f.today
    horizon = None if f.within_days is None else (t + timedelta(days=f.within_days)).isoformat()
    d30, d60 = (t + timedelta(days=30)).isoformat(), (t + timedelta(days=60)).isoformat()
    need_client = need_client or bool(f.search)
    need_loan_no = need_loan_no or bool(f.search)
    need_renewal = need_renewal or f.renewal is not None
    cols = ["l.id AS loan_id", "coalesce(l.officer, '') AS officer", "l.balance_fen", "l.maturity_date", "l.overdue_days",
            "CASE WHEN l.overdue_days > 0 OR l.maturity_date < ? THEN 0 WHEN l.maturity_date <= ? THEN 1"
            " WHEN l.maturity_date <= ? THEN 2 ELSE 3 END AS bucket_rank"]
    col_params: list = [t.isoformat(), d30, d60]
    if need_loan_no:
        cols.append("l.loan_no")
    if need_class:
        cols.append("CASE l.classification WHEN 'normal' THEN 0 WHEN 'special' THEN 1 WHEN 'substandard' THEN 2"
                    " WHEN 'doubtful' THEN 3 ELSE 4 END AS class_rank")
    if need_client:
        cols.append("c.name AS client")
    if need_renewal:
        cols.append(f"{_RENEWAL_STATUS} AS renewal_status")
    joins = (" JOIN clients c ON c.id = l.client_id" if need_client else "") + (_RENEWAL_JOIN if need_renewal else "")
    extra, extra_p = "", []  # conditions every branch carries
    if f.officer:
        extra += " AND l.officer = ?"
        extra_p.append(f.officer)
    if f.overdue_band:
        low, high = OVERDUE_BANDS[f.overdue_band]
        extra += " AND l.overdue_days >= ?" + ("" if high is None else " AND l.overdue_days <= ?")
        extra_p += [low] if high is None else [low, high]
    if f.newly_overdue:
        extra += f" AND l.id IN ({_NEWLY_OVERDUE_IDS})" if since else " AND 0"
        extra_p += [since, since] if since else []
    if f.renewal == "in_progress":  # drive from the few open applications instead of every loan
        extra += (" AND l.id IN (SELECT a3.renews_loan_id FROM applications a3 WHERE a3.renews_loan_id IS NOT NULL"
                  f" AND a3.status IN ({','.join('?' * len(RENEWAL_OPEN))}))")
        extra_p += list(RENEWAL_OPEN)
    select = f"SELECT {', '.join(cols)} FROM loans l{joins}"
    if f.maturing_only:
        until = "" if horizon is None else " AND l.maturity_date <= ?"
        sql = f"{select} WHERE l.status = 'active' AND l.maturity_date >= ?{until}{extra}"
        params: list = [*col_params, t.isoformat(), *([] if horizon is None else [horizon]), *extra_p]
    elif horizon is None:
        sql = f"{select} WHERE l.status = 'active'{extra}"
        params = [*col_params, *extra_p]
    else:
        sql = (
            f"{select} WHERE l.status = 'active' AND l.maturity_date <= ?{extra}"
            f" UNION ALL {select} WHERE l.status = 'active' AND l.overdue_days > 0 AND l.maturity_date > ?{extra}"
        )
        params = [*col_params, horizon, *extra_p, *col_params, horizon, *extra_p]
    where = []
    if f.bucket:
        where.append("bucket_rank = ?")
        params.append(BUCKETS.index(f.bucket))
    if f.renewal == "none":
        where.append("renewal_status IN ('none', 'rejected')")
    elif f.renewal == "in_progress":
        where.append(f"renewal_status IN ({','.join('?' * len(RENEWAL_OPEN))})")
        params += list(RENEWAL_OPEN)
    elif f.renewal in ("completed", "rejected"):
        where.append("renewal_status = ?")
        params.append(f.renewal)
    if f.search:
        where.append("(loan_no LIKE ? OR client LIKE ?)")
        params += [f"%{f.search.strip()}%"] * 2
    if where:
        sql = f"SELECT * FROM ({sql}) WHERE " + " AND ".join(where)
    return sql, params


def _finish(row: dict, today: date) -> dict:
    row["bucket"] = BUCKETS[row.pop("bucket_rank")]
    row["days_left"] = (date.fromisoformat(row["maturity_date"]) - today).days
    row["overdue_band"] = overdue_band(row["overdue_days"], row["days_left"])
    return row


def _since(db: sqlite_utils.Database, f: TicklerFilter) -> str | None:
    return _last_balance_import(db) if f.newly_overdue else None


def tickler_filter(today: date | None = None, **filters) -> TicklerFilter:
    """The :class:`TicklerFilter` for ``today`` (None: the real date) and ``filters``, its other fields by name.

    Raises TypeError for a name that is not a field (as a keyword argument would).
    """
    return TicklerFilter(today or date.today(), **filters)


def tickler(
    db: sqlite_utils.Database,
    today: date | None = None,
    *,
    order_by: str = "maturity_date",
    descending: bool = False,
    after: tuple | None = None,
    limit: int | None = None,
    **filters,
) -> list[dict]:
    """Tickler rows, sorted (``order_by`` one of SORT_COLUMNS, then loan id), keyset-paged.

    ``filters`` are :class:`TicklerFilter`'s fields (within_days, officer, bucket, renewal, search,
    maturing_only, overdue_band, newly_overdue). ``after`` is the ``_key`` of the last row of the
    previous page; ``limit`` None returns everything. Raises ValidationError for a bad filter or sort.
    """
    f = tickler_filter(today, **filters)
    if order_by not in SORT_COLUMNS:
        raise ValidationError("bad_sort", f"不能按“{order_by}”排序", f"cannot sort by {order_by!r}", "order_by")
    col = SORT_COLUMNS[order_by]
    core, params = _core_sql(f, since=_since(db, f), need_client=order_by == "client", need_loan_no=order_by == "loan_no",
                             need_class=order_by == "classification")
    direction = "DESC" if descending else "ASC"
    page = f"SELECT loan_id, bucket_rank, {col} AS _sort FROM ({core})"
    if after is not None:
        page += f" WHERE (_sort, loan_id) {'<' if descending else '>'} (?, ?)"
        params = params + list(after)
    page += f" ORDER BY _sort {direction}, loan_id {direction}"
    if limit is not None:
        page += " LIMIT ?"
        params = params + [limit]
    # Details (client, renewal, …) only for the rows of this page.
    sql = (
        "SELECT p.loan_id, l.loan_no, l.client_id, c.name AS client, coalesce(l.officer, '') AS officer, l.amount_fen,"
        " l.balance_fen, l.maturity_date, l.drawdown_date, l.classification, l.overdue_days, l.overdue_principal_fen,"
        " l.overdue_interest_fen, l.product, p.bucket_rank, p._sort,"
        " r.id AS renewal_id, coalesce(a.kind, r.kind) AS renewal_kind, r.new_loan_id AS renewal_new_loan_id,"
        f" a.id AS renewal_application_id, a.app_no AS renewal_app_no, {_RENEWAL_STATUS} AS renewal_status"
        f" FROM ({page}) p JOIN loans l ON l.id = p.loan_id JOIN clients c ON c.id = l.client_id{_RENEWAL_JOIN}"
        f" ORDER BY p._sort {direction}, p.loan_id {direction}"
    )
    rows = []
    for row in db.query(sql, params):
        row["_key"] = (row.pop("_sort"), row["loan_id"])
        rows.append(_finish(row, f.today))
    return rows


def tickler_counts(db: sqlite_utils.Database, today: date | None = None, **filters) -> dict[str, dict[str, int]]:
    """``{bucket: {"count": n, "balance_fen": b}}`` for every bucket, plus ``"total"``, under the same filters."""
    f = tickler_filter(today, **filters)
    core, params = _core_sql(f, since=_since(db, f))
    out = {b: {"count": 0, "balance_fen": 0} for b in BUCKETS}
    for rank, n, balance in db.execute(
        f"SELECT bucket_rank, count(*), coalesce(sum(balance_fen), 0) FROM ({core}) GROUP BY bucket_rank", params
    ):
        out[BUCKETS[rank]] = {"count": n, "balance_fen": balance}
    out["total"] = {"count": sum(v["count"] for v in out.values()), "balance_fen": sum(v["balance_fen"] for v in out.values())}
    return out


def officers(db: sqlite_utils.Database) -> list[str]:
    """Officers named on loans, sorted (for the filter).

    A skip scan over ``idx_loans_officer``: one index seek per officer
    instead of reading every loan.
    """
    rows = db.execute(
        "WITH RECURSIVE o(name) AS (SELECT min(officer) FROM loans WHERE officer > ''"
        " UNION ALL SELECT (SELECT min(officer) FROM loans WHERE officer > o.name) FROM o WHERE o.name IS NOT NULL)"
        " SELECT name FROM o WHERE name IS NOT NULL"
    ).fetchall()
    return [r[0] for r in rows]


def _last_balance_import(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT max(coalesce(as_of, substr(imported_at, 1, 10))) FROM imports WHERE kind = 'loans'").fetchone()
    if row and row[0]:
        return row[0]
    row = db.execute("SELECT max(as_of) FROM balance_history WHERE source = 'import'").fetchone()
    return row[0] if row else None


def maturity_alerts(db: sqlite_utils.Database, today: date | None = None) -> dict:
    """Counts for the dashboard, each with the tickler ``filters`` that list exactly those loans.

    - ``this_week``: active loans maturing from today to this Sunday;
    - ``this_month``: maturing from today to the month's last day;
    - ``renewals_waiting``: active loans whose latest renewal application is open (drafted, in
      the chain, or approved and not yet drawn), whatever their maturity;
    - ``newly_overdue``: loans overdue now that were not overdue at their last known state before
      the last balance import (``newly_overdue_since``: that import's as-of date, else the latest
      imported balance date), their overdue days having begun after that state;
    - ``overdue``: all overdue or past-maturity active loans.
    Counted by :func:`tickler_counts` under those very filters, so a figure and its list agree.
    """
    today = today or date.today()
    sunday = today + timedelta(days=6 - today.weekday())
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    filters: dict[str, dict] = {
        "this_week": {"within_days": (sunday - today).days, "maturing_only": True},
        "this_month": {"within_days": (month_end - today).days, "maturing_only": True},
        "renewals_waiting": {"within_days": None, "renewal": "in_progress"},
        "newly_overdue": {"within_days": None, "newly_overdue": True},
        "overdue": {"bucket": "overdue"},
    }
    out: dict = {key: tickler_counts(db, today, **f)["total"]["count"] for key, f in filters.items()}
    out["newly_overdue_since"] = _last_balance_import(db)
    out["filters"] = filters
    return out
