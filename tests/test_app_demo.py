from datetime import date

from workbench.app import ensure_demo_portfolio
from workbench.services.demo import demo_date
from workbench.services.portfolio import summary
from workbench.store import open_db


def test_demo_is_built_once_a_day_and_rebuilt_on_a_later_day(tmp_path):
    path = tmp_path / "demo.db"
    ensure_demo_portfolio(path, today=date(2025, 3, 31))
    assert demo_date(path) == date(2025, 3, 31)
    db = open_db(path)
    first = summary(db)
    assert first.clients >= 1000 and first.loans > 0
    db["settings"].upsert({"key": "marker", "value": "kept"}, pk="key")
    db.close()

    ensure_demo_portfolio(path, today=date(2025, 3, 31))  # same day: reused as it is
    assert open_db(path)["settings"].get("marker")["value"] == "kept"

    ensure_demo_portfolio(path, today=date(2025, 4, 1))  # next day: generated afresh
    assert demo_date(path) == date(2025, 4, 1)
    assert open_db(path).execute("SELECT count(*) FROM settings WHERE key = 'marker'").fetchone()[0] == 0


def test_demo_date_of_a_file_that_is_not_a_demo(tmp_path):
    assert demo_date(tmp_path / "missing.db") is None
    plain = tmp_path / "plain.db"
    open_db(plain).close()
    assert demo_date(plain) is None
