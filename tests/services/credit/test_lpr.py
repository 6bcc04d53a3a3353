"""LPR history: seeded values, the rate in force on a date, admin edits."""

from __future__ import annotations

import json
from datetime import date

import pytest

from workbench import paths
from workbench.services import lpr
from workbench.services.errors import NotFound, PermissionDenied


@pytest.mark.parametrize(
    "tenor, on, expected",
    [
        ("1Y", date(2019, 8, 20), (date(2019, 8, 20), 425)),
        ("5Y", date(2019, 8, 20), (date(2019, 8, 20), 485)),
        ("1Y", date(2020, 4, 19), (date(2020, 2, 20), 405)),
        ("1Y", date(2021, 6, 1), (date(2020, 4, 20), 385)),
        ("1Y", date(2024, 10, 20), (date(2024, 7, 22), 335)),
        ("1Y", date(2024, 10, 21), (date(2024, 10, 21), 310)),
        ("5Y", date(2024, 10, 21), (date(2024, 10, 21), 360)),
        ("1Y", date(2025, 5, 20), (date(2025, 5, 20), 300)),
        ("5Y", date(2025, 12, 31), (date(2025, 5, 20), 350)),
    ],
)
def test_rate_in_force_is_latest_publication_on_or_before(db, tenor, on, expected):
    assert lpr.rate_in_force(db, tenor, on) == expected


def test_no_lpr_before_the_reform(db):
    with pytest.raises(NotFound) as err:
        lpr.rate_in_force(db, "1Y", date(2019, 8, 19))
    assert err.value.code == "no_lpr"


def test_seed_is_ordered_and_plausible():
    data = json.loads(paths.resource("rules", "lpr_history.json").read_text(encoding="utf-8"))["rates"]
    dates = [r["published_on"] for r in data]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    for r in data:
        assert 200 < r["1Y"] < r["5Y"] < 600
        assert 20 <= date.fromisoformat(r["published_on"]).day <= 22


def test_admin_adds_a_publication_audited(cdb):
    lpr.set_rate(cdb, "admin", date(2026, 1, 20), "1Y", 290)
    assert lpr.rate_in_force(cdb, "1Y", date(2026, 2, 1)) == (date(2026, 1, 20), 290)
    assert lpr.rate_in_force(cdb, "5Y", date(2026, 2, 1)) == (date(2025, 5, 20), 350)
    row = cdb.execute("SELECT actor, action, after_json FROM audit_log WHERE table_name='lpr_rates'").fetchone()
    assert row[0] == "admin" and row[1] == "lpr.add" and "290" in row[2]
    lpr.set_rate(cdb, "admin", date(2026, 1, 20), "1Y", 295)
    assert lpr.rate_in_force(cdb, "1Y", date(2026, 1, 20))[1] == 295
    lpr.delete_rate(cdb, "admin", date(2026, 1, 20), "1Y")
    assert lpr.rate_in_force(cdb, "1Y", date(2026, 2, 1))[1] == 300


def test_only_admin_edits_the_lpr(cdb):
    with pytest.raises(PermissionDenied):
        lpr.set_rate(cdb, "wangfang", date(2026, 1, 20), "1Y", 290)
    assert lpr.rate_in_force(cdb, "1Y", date(2026, 2, 1))[1] == 300
