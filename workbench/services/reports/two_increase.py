"""Report 3, two-increase monitor (两增两控监测表) for the period ending D.

Dates: D = the period's end; Y0 = 31 December of the year before D (the
start-of-year balance); D1 = the end of the same period a year before
(2024-02-29 for 2025-02). Balances,
inclusiveness and NPL status at each date follow
:mod:`workbench.services.reports.snapshot` (inclusive uses the client's total
credit at that date). Filtered to one officer when asked.

Figures (money in fen; ratios exact fractions, shown to 0.01 %):

1. inclusive balance at D, Y0 and D1; all-loans balance at D and Y0.
2. growth since the start of the year = (balance D − balance Y0) / balance
   Y0, for inclusive loans and for all loans. Target: inclusive ≥ all loans
   (not assessable when a Y0 balance is 0).
3. inclusive borrowers = distinct clients with an inclusive loan outstanding;
   at D against D1. Target: D ≥ D1.
4. NPL ratio = balance of substandard + doubtful + loss loans / balance, for
   inclusive loans and for all loans at D. Target: inclusive ≤ all loans +
   tolerance; the tolerance is the setting ``two_increase_npl_tolerance_bp``
   (basis points, default 300 = 3 percentage points, the regulator's
   tolerance).
5. weighted average rate of inclusive loans issued in the period =
   Σ(amount × rate) / Σ amount over loans drawn down in the period and
   inclusive at the period's end; against the same period a year before.
   Target: not above last year's.

Also shown for information: year-on-year growth (D against D1).

No comparable data: the portfolio's history may start after Y0 or D1 (a
first core-banking import dated 2025-03-31 carries no earlier balances).
When no balance can be known at such a date — no ``balance_history`` row on
or before it and no loan without history drawn by then
(:func:`has_data_at`) — its figures are None, shown as "无可比数据 / no
comparable data", and the targets that need them are None: "not
assessable" (不可评估), never met or missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import sqlite_utils

from workbench.services.reports import labels
from workbench.services.reports.common import ReportJob, ReportRequest, ReportResult, setting
from workbench.services.reports.periods import Period, end_of_previous_year
from workbench.services.reports.snapshot import (
    OFFICER_SQL,
    client_credit_totals,
    effective_size_class,
    inclusive_flag,
    materialized,
    outstanding_loans,
    with_inclusive,
)
from workbench.services.reports.workbook import CancelCheck, Column, Progress, Ticker

NAME = "two_increase"
TOLERANCE_KEY = "two_increase_npl_tolerance_bp"
DEFAULT_TOLERANCE_BP = 300

COLUMNS = [
    Column("seq", "序号", "No.", "int", 6),
    Column("indicator", "指标", "Indicator", "text", 40),
    Column("value", "本期数", "This period", "money", 16),
    Column("basis", "比较基准", "Compared with", "text", 28),
    Column("compare", "比较值", "Comparison value", "money", 16),
    Column("target", "监管目标", "Target", "text", 30),
    Column("met", "是否达标", "Met", "flag", 9),
]


@dataclass
class Measure:
    """Portfolio figures at one date (fen, counts)."""

    all_fen: int = 0
    inclusive_fen: int = 0
    inclusive_clients: int = 0
    npl_fen: int = 0
    inclusive_npl_fen: int = 0


def measure(db: sqlite_utils.Database, d: date, officer: str | None = None, cancel: CancelCheck | None = None) -> Measure:
    """Balances, inclusive borrowers and NPL balances at ``d``."""
    m = Measure()
    clients: set[int] = set()
    ticker = Ticker(None, cancel, 0, "", step=2000)
    ticker.check()
    with materialized(db, d) as table:
        totals = client_credit_totals(db, d, table)
        for row in outstanding_loans(db, d, officer, order=False, table=table):
            with_inclusive(row, totals)
            bal = row["balance_fen"]
            m.all_fen += bal
            if row["npl"]:
                m.npl_fen += bal
            if row["inclusive"]:
                m.inclusive_fen += bal
                clients.add(row["client_id"])
                if row["npl"]:
                    m.inclusive_npl_fen += bal
            ticker.tick()
    m.inclusive_clients = len(clients)
    return m


def has_data_at(db: sqlite_utils.Database, d: date) -> bool:
    """True when balances at ``d`` are known: a balance-history row on or before ``d``, or a loan without
    any history (measured from its own record) drawn on or before ``d``."""
    return bool(
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM balance_history WHERE as_of <= :d)"
            " OR EXISTS (SELECT 1 FROM loans l WHERE l.drawdown_date <= :d"
            "            AND NOT EXISTS (SELECT 1 FROM balance_history b WHERE b.loan_id = l.id))",
            {"d": d.isoformat()},
        ).fetchone()[0]
    )


def weighted_rate_bp(db: sqlite_utils.Database, period: Period, officer: str | None = None) -> Fraction | None:
    """Σ(amount × rate_bp) / Σ amount of inclusive loans drawn in ``period`` (None if none)."""
    totals = client_credit_totals(db, period.end)
    params: dict = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    extra = ""
    if officer:
        extra = f" AND {OFFICER_SQL} = :officer"
        params["officer"] = officer
    sql = f"""
    SELECT l.client_id, l.amount_fen, l.rate_bp, c.size_class, c.industry, c.employees, c.revenue_fen,
           c.assets_fen, c.entity_type
      FROM loans l JOIN clients c ON c.id = l.client_id
     WHERE l.drawdown_date BETWEEN :start AND :end{extra}
    """
    weighted = amount = 0
    for r in db.query(sql, params):
        size = effective_size_class(r["size_class"], r["industry"], r["employees"], r["revenue_fen"], r["assets_fen"])
        if inclusive_flag(size, r["entity_type"], totals.get(r["client_id"], 0)):
            weighted += r["amount_fen"] * r["rate_bp"]
            amount += r["amount_fen"]
    return Fraction(weighted, amount) if amount else None


def _ratio(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _growth(now: int, then: int) -> Fraction | None:
    return Fraction(now - then, then) if then else None


def _num(x: Fraction | None, places: int = 6) -> float | None:
    return None if x is None else round(float(x), places)


def figures(
    db: sqlite_utils.Database, request: ReportRequest, cancel: CancelCheck | None = None, progress: Progress | None = None
) -> dict:
    """All the monitor's figures for ``request`` (see the module docstring); None where not comparable."""
    period = request.parsed_period()
    d, y0, d1 = period.end, end_of_previous_year(period.end), period.year_earlier().end
    tolerance_bp = int(setting(db, TOLERANCE_KEY, str(DEFAULT_TOLERANCE_BP)))
    steps = 5
    at: dict[str, Measure | None] = {}
    for i, (key, day) in enumerate((("now", d), ("year_start", y0), ("year_earlier", d1))):
        if progress:
            progress(i, steps, NAME)
        at[key] = measure(db, day, request.officer, cancel) if key == "now" or has_data_at(db, day) else None
    rate_now = weighted_rate_bp(db, period, request.officer)
    rate_before = weighted_rate_bp(db, period.year_earlier(), request.officer)
    if progress:
        progress(steps, steps, NAME)
    now, ys, ye = at["now"], at["year_start"], at["year_earlier"]
    assert now is not None
    g_inc = _growth(now.inclusive_fen, ys.inclusive_fen) if ys else None
    g_all = _growth(now.all_fen, ys.all_fen) if ys else None
    npl_inc, npl_all = _ratio(now.inclusive_npl_fen, now.inclusive_fen), _ratio(now.npl_fen, now.all_fen)
    return {
        "as_of": d.isoformat(),
        "year_start": y0.isoformat(),
        "year_earlier": d1.isoformat(),
        "year_start_comparable": ys is not None,
        "year_earlier_comparable": ye is not None,
        "inclusive_balance_fen": now.inclusive_fen,
        "inclusive_balance_year_start_fen": ys.inclusive_fen if ys else None,
        "inclusive_balance_year_earlier_fen": ye.inclusive_fen if ye else None,
        "all_balance_fen": now.all_fen,
        "all_balance_year_start_fen": ys.all_fen if ys else None,
        "all_balance_year_earlier_fen": ye.all_fen if ye else None,
        "inclusive_growth_ytd": g_inc,
        "all_growth_ytd": g_all,
        "growth_target_met": None if g_inc is None or g_all is None else g_inc >= g_all,
        "inclusive_growth_yoy": _growth(now.inclusive_fen, ye.inclusive_fen) if ye else None,
        "all_growth_yoy": _growth(now.all_fen, ye.all_fen) if ye else None,
        "inclusive_borrowers": now.inclusive_clients,
        "inclusive_borrowers_year_earlier": ye.inclusive_clients if ye else None,
        "borrowers_target_met": now.inclusive_clients >= ye.inclusive_clients if ye else None,
        "inclusive_npl_fen": now.inclusive_npl_fen,
        "all_npl_fen": now.npl_fen,
        "inclusive_npl_ratio": npl_inc,
        "all_npl_ratio": npl_all,
        "npl_tolerance_bp": tolerance_bp,
        "npl_target_met": None
        if npl_inc is None
        else npl_inc <= (npl_all or Fraction(0)) + Fraction(tolerance_bp, 10_000),
        "inclusive_rate_bp": rate_now,
        "inclusive_rate_year_earlier_bp": rate_before,
        "rate_target_met": None if rate_now is None or rate_before is None else rate_now <= rate_before,
    }


def as_json(fig: dict) -> dict:
    """The figures with exact fractions turned into rounded numbers for JSON."""
    return {k: (_num(v) if isinstance(v, Fraction) else v) for k, v in fig.items()}


def build(job: ReportJob) -> ReportResult:
    """Write the two-increase monitor (see the module docstring); raises Cancelled (no file left)."""
    period = job.period
    fig = figures(job.db, job.request, job.cancel, job.progress)
    ticker = job.ticker(0, progress=False)
    ticker.check()
    with job.workbook() as book:
        t = book.text
        title = t(f"普惠型小微企业贷款“两增两控”监测表（{period.label}）", f"Inclusive SME loans: two-increase monitor ({period.label})")
        sheet = book.add_sheet(t("两增两控", "Two-increase"), title, COLUMNS, freeze_cols=2)
        rows = _rows(fig, t, job.lang)
        for seq, row in enumerate(rows, start=1):
            sheet.add_row({"seq": seq, **row})
        sheet.add_note(
            t(
                "注：金额按分精确计算，仅在显示时四舍五入；比率按精确值计算。普惠型：小型、微型企业及个体工商户、小微企业主，"
                "单户授信总额1000万元（含）以下。不良：次级、可疑、损失。不良率容忍度可在设置中调整。"
                "“无可比数据”：该日期前没有余额记录（如首次导入晚于该日期），相关目标不可评估。",
                "Note: amounts are exact in fen and rounded for display only; ratios are computed exactly. Inclusive: small and "
                "micro enterprises, individual businesses and owners with total credit of 10 million yuan or less. "
                "NPL: substandard, doubtful, loss. The NPL tolerance is a setting. \"No comparable data\": no balance is "
                "recorded on or before that date (e.g. the first import is later); targets that need it are not assessable.",
            )
        )
        ticker.check()  # the last moment a cancel leaves no file
    return job.result(len(rows), as_json(fig))


def _rows(fig: dict, t, lang: str) -> list[dict]:
    """The sheet's rows (without ``seq``) for the figures; ``t(zh, en)`` picks the text for ``lang``."""
    na = t("无可比数据", "No comparable data")
    info = t("（参考）", "(for information)")
    tol_pp = Fraction(fig["npl_tolerance_bp"], 100)
    ys, ye = fig["year_start_comparable"], fig["year_earlier_comparable"]
    start_basis = t(f"年初余额（{fig['year_start']}）", f"Start of year ({fig['year_start']})")
    money, pct, count = {}, {"value": "pct", "compare": "pct"}, {"value": "int", "compare": "int"}
    rate = {"value": "rate_bp", "compare": "rate_bp"}
    # (indicator, value, value comparable, basis, compare, compare comparable, target, met, kinds)
    specs = [
        (t(f"普惠型小微企业贷款余额（{fig['as_of']}）", f"Inclusive SME loan balance ({fig['as_of']})"),
         fig["inclusive_balance_fen"], True, start_basis, fig["inclusive_balance_year_start_fen"], ys, "", None, money),
        (t(f"普惠型小微企业贷款余额（上年同期 {fig['year_earlier']}）", f"Inclusive SME loan balance a year earlier ({fig['year_earlier']})"),
         fig["inclusive_balance_year_earlier_fen"], ye, "", None, True, "", None, money),
        (t(f"各项贷款余额（{fig['as_of']}）", f"All loans balance ({fig['as_of']})"), fig["all_balance_fen"], True,
         start_basis, fig["all_balance_year_start_fen"], ys, "", None, money),
        (t("普惠型小微企业贷款较年初增速", "Inclusive SME loan growth since start of year"), fig["inclusive_growth_ytd"], ys,
         t("各项贷款较年初增速", "All loans growth since start of year"), fig["all_growth_ytd"], ys,
         t("不低于各项贷款增速", "Not below the growth of all loans"), fig["growth_target_met"], pct),
        (t("普惠型小微企业贷款同比增速", "Inclusive SME loan growth year on year"), fig["inclusive_growth_yoy"], ye,
         t("各项贷款同比增速", "All loans growth year on year"), fig["all_growth_yoy"], ye, info, None, pct),
        (t("普惠型小微企业贷款户数", "Inclusive SME borrowers"), fig["inclusive_borrowers"], True,
         t("上年同期户数", "Borrowers a year earlier"), fig["inclusive_borrowers_year_earlier"], ye,
         t("不少于上年同期", "Not fewer than a year earlier"), fig["borrowers_target_met"], count),
        (t("普惠型小微企业不良贷款余额", "Inclusive SME non-performing balance"), fig["inclusive_npl_fen"], True,
         t("各项贷款不良余额", "All loans non-performing balance"), fig["all_npl_fen"], True, "", None, money),
        (t("普惠型小微企业贷款不良率", "Inclusive SME NPL ratio"), fig["inclusive_npl_ratio"], True,
         t("各项贷款不良率", "All loans NPL ratio"), fig["all_npl_ratio"], True,
         t(f"不高于各项贷款不良率＋{float(tol_pp):g}个百分点", f"At most all loans' ratio + {float(tol_pp):g} percentage points"),
         fig["npl_target_met"], pct),
        (t("当期新发放普惠型小微企业贷款加权平均利率", "Weighted average rate of inclusive SME loans issued"),
         fig["inclusive_rate_bp"], True, t("上年同期", "Same period last year"), fig["inclusive_rate_year_earlier_bp"], True,
         t("不高于上年同期", "Not above last year's"), fig["rate_target_met"], rate),
    ]
    rows = []
    for indicator, value, value_ok, basis, compare, compare_ok, target, met, kinds in specs:
        kinds = dict(kinds)
        if not value_ok:
            value, kinds["value"] = na, "flag"
        if not compare_ok:
            compare, kinds["compare"] = na, "flag"
        shown = ""
        if target and target != info:
            shown = t("不可评估", "Not assessable") if met is None else labels.label(labels.YES_NO, met, lang)
        rows.append({"indicator": indicator, "value": value, "basis": basis, "compare": compare, "target": target,
                     "met": shown, "_kinds": kinds})
    return rows
