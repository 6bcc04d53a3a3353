"""The LPR history (贷款市场报价利率): one-year and five-year rates with publication dates.

Seeded from ``resources/rules/lpr_history.json`` into ``lpr_rates`` the first
time the table is used while empty. The seed lists only publications that
changed a rate; the rate in force on a date is the latest publication on or
before that date (so unchanged months need no row). Admins may add or correct
publications; each edit is audited.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import sqlite_utils

from workbench import paths
from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.services.users import role_of
from workbench.store import audit

TENORS: tuple[str, ...] = ("1Y", "5Y")
TENOR_LABELS_ZH = {"1Y": "一年期LPR", "5Y": "五年期以上LPR"}


def seed_rows() -> list[dict]:
    """The bundled history as rows ``{published_on, tenor, rate_bp}``."""
    data = json.loads(paths.resource("rules", "lpr_history.json").read_text(encoding="utf-8"))
    rows = []
    for entry in data["rates"]:
        for tenor in TENORS:
            if tenor in entry:
                rows.append({"published_on": entry["published_on"], "tenor": tenor, "rate_bp": int(entry[tenor])})
    return rows


def ensure_seeded(db: sqlite_utils.Database) -> None:
    """Fill ``lpr_rates`` from the bundled history when it is empty (no audit: not a user's change)."""
    if db.execute("SELECT count(*) FROM lpr_rates").fetchone()[0]:
        return
    try:
        with db.atomic():
            db["lpr_rates"].insert_all(seed_rows(), ignore=True)
    except sqlite3.Error:  # a read-only file: work from what is there
        return


def _tenor(tenor: str) -> str:
    t = (tenor or "").strip().upper()
    if t in ("1", "1Y", "ONE_YEAR"):
        return "1Y"
    if t in ("5", "5Y", "FIVE_YEAR"):
        return "5Y"
    raise ValidationError("bad_tenor", f"LPR期限“{tenor}”无效（应为 1Y 或 5Y）", f"unknown LPR tenor {tenor!r} (expected 1Y or 5Y)", "lpr_tenor")


def rate_in_force(db: sqlite_utils.Database, tenor: str, on_date: date) -> tuple[date, int]:
    """``(published_on, rate_bp)`` of the latest ``tenor`` publication on or before ``on_date``.

    Raises NotFound before the first LPR (2019-08-20).
    """
    ensure_seeded(db)
    tenor = _tenor(tenor)
    row = db.execute(
        "SELECT published_on, rate_bp FROM lpr_rates WHERE tenor = ? AND published_on <= ?"
        " ORDER BY published_on DESC LIMIT 1",
        [tenor, on_date.isoformat()],
    ).fetchone()
    if row is None:
        raise NotFound(
            "no_lpr",
            f"{on_date.isoformat()} 之前没有发布过{TENOR_LABELS_ZH[tenor]}",
            f"no {tenor} LPR was published on or before {on_date.isoformat()}",
            "lpr_tenor",
        )
    return date.fromisoformat(row[0]), row[1]


def list_rates(db: sqlite_utils.Database, tenor: str | None = None) -> list[dict]:
    """All publications, newest first: ``{id, published_on, tenor, rate_bp}``."""
    ensure_seeded(db)
    if tenor:
        return list(db.query("SELECT * FROM lpr_rates WHERE tenor = ? ORDER BY published_on DESC", [_tenor(tenor)]))
    return list(db.query("SELECT * FROM lpr_rates ORDER BY published_on DESC, tenor"))


def _require_admin(db: sqlite_utils.Database, actor: str) -> None:
    if role_of(db, actor) != "admin":
        raise PermissionDenied("admin_only", "只有管理员可以修改LPR", "only an administrator may edit the LPR history", "actor")


def set_rate(db: sqlite_utils.Database, actor: str, published_on: date, tenor: str, rate_bp: int) -> int:
    """Add or correct one publication (admin only, audited); returns the row id."""
    _require_admin(db, actor)
    tenor = _tenor(tenor)
    if not isinstance(rate_bp, int) or isinstance(rate_bp, bool) or not 0 < rate_bp < 5000:
        raise ValidationError(
            "bad_rate", f"LPR利率“{rate_bp}”无效（基点，0–5000）", f"LPR rate {rate_bp!r} is not valid (basis points, 0–5000)", "rate_bp"
        )
    ensure_seeded(db)
    key = published_on.isoformat()
    with db.atomic():
        existing = db.execute(
            "SELECT id, rate_bp FROM lpr_rates WHERE published_on = ? AND tenor = ?", [key, tenor]
        ).fetchone()
        after = {"published_on": key, "tenor": tenor, "rate_bp": rate_bp}
        if existing:
            row_id = existing[0]
            db["lpr_rates"].update(row_id, {"rate_bp": rate_bp})
            audit.record(db, actor, "lpr.update", "lpr_rates", row_id, {"published_on": key, "tenor": tenor, "rate_bp": existing[1]}, after)
        else:
            row_id = db["lpr_rates"].insert(after).last_pk
            audit.record(db, actor, "lpr.add", "lpr_rates", row_id, None, after)
    return row_id


def delete_rate(db: sqlite_utils.Database, actor: str, published_on: date, tenor: str) -> None:
    """Remove a wrongly entered publication (admin only, audited)."""
    _require_admin(db, actor)
    tenor = _tenor(tenor)
    key = published_on.isoformat()
    row = db.execute("SELECT id, rate_bp FROM lpr_rates WHERE published_on = ? AND tenor = ?", [key, tenor]).fetchone()
    if row is None:
        raise NotFound("lpr_not_found", f"{key} 没有{TENOR_LABELS_ZH[tenor]}记录", f"no {tenor} LPR published on {key}", "published_on")
    with db.atomic():
        db.execute("DELETE FROM lpr_rates WHERE id = ?", [row[0]])
        audit.record(db, actor, "lpr.delete", "lpr_rates", row[0], {"published_on": key, "tenor": tenor, "rate_bp": row[1]}, None)
