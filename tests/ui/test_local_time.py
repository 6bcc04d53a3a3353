from datetime import UTC, datetime

from workbench.ui.models.columns import Column
from workbench.ui.widgets.labels import local_time_text


def test_stored_utc_times_show_in_local_time_to_the_minute():
    stored = "2026-11-26T02:13:31+00:00"
    expected = datetime(2026, 11, 26, 2, 13, 31, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    assert local_time_text(stored) == expected
    assert Column("acted_at", "Time", "time").text({"acted_at": stored}) == expected
    assert local_time_text(None) == "" and local_time_text("not a time") == "not a time"
