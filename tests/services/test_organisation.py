from workbench.services.organisation import reporting_unit, set_reporting_unit
from workbench.services.reports.common import reporting_unit as report_unit


def test_reporting_unit_is_stored_audited_and_read_by_reports(db):
    assert reporting_unit(db).bank == "" and reporting_unit(db).branch == ""
    assert set_reporting_unit(db, "admin", " 示例银行 ", "西湖支行")
    assert reporting_unit(db).bank == "示例银行" and reporting_unit(db).branch == "西湖支行"
    row = db.execute("SELECT actor, action, after_json FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "admin" and row[1] == "settings.reporting_unit" and "西湖支行" in row[2]
    assert not set_reporting_unit(db, "admin", "示例银行", "西湖支行")  # unchanged: nothing written
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
    assert report_unit(db) == "示例银行 西湖支行"
