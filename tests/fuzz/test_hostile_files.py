"""Crafted hostile files: each gets a clear refusal, or is read within bounded memory.

Memory is measured as the peak RSS of a fresh subprocess that opens the file,
finds its header and reads its rows (the import's reading stage).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import hostile_files as H
import pytest

from workbench.services.importing.errors import ImportFileError
from workbench.services.importing.headers import detect_layout
from workbench.services.importing.reading import open_workbook

HERE = Path(__file__).parent
RSS_LIMIT_MB = 700  # a 1,048,576-row sheet needs ~200 MB; a bomb must not get near a laptop's RAM

_READER = r"""
import json, resource, sys
from workbench.services.importing.errors import ImportFileError
from workbench.services.importing.headers import detect_layout
from workbench.services.importing.reading import open_workbook
out = {}
try:
    book = open_workbook(sys.argv[1])
    layout = detect_layout(book, "clients")
    rows = book.rows(layout.sheet)
    out = {"outcome": "read", "rows": len(rows), "longest": max((len(str(c)) for r in rows[:100] for c in r), default=0)}
except ImportFileError as exc:
    out = {"outcome": "refused", "code": exc.code, "en": exc.message_en, "zh": exc.message_zh}
# VmHWM is this process's own peak; Linux carries ru_maxrss over from the parent across
# fork/exec, so under a big pytest process it reported the parent's size, not the reader's.
try:
    out["maxrss_mb"] = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) // 1024
except (OSError, StopIteration):
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(out, ensure_ascii=False))
"""


def read_in_subprocess(path: Path) -> dict:
    r = subprocess.run([sys.executable, "-c", _READER, str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_zip_bomb_is_refused_without_inflating(tmp_path):
    got = read_in_subprocess(H.zip_bomb(tmp_path / "bomb.xlsx", megabytes=64))
    assert got["outcome"] == "refused" and got["code"] == "zip-bomb", got
    assert "zip bomb" in got["en"] and "压缩炸弹" in got["zh"]
    assert got["maxrss_mb"] < 200


def test_an_under_declared_zip_bomb_is_refused(tmp_path):
    # QA 8: sizes declared 1,000 bytes passed the checks; zipfile then raised BadZipFile (Bad CRC-32).
    got = read_in_subprocess(H.under_declared_bomb(tmp_path / "liar.xlsx", megabytes=16))
    assert got["outcome"] == "refused" and got["code"] == "zip-bomb", got
    assert got["maxrss_mb"] < 200


def test_a_corrupt_deflate_stream_is_unreadable_not_a_crash(tmp_path):
    with pytest.raises(ImportFileError) as err:
        open_workbook(H.corrupt_deflate(tmp_path / "bad.xlsx"))
    assert err.value.code == "unreadable" and err.value.message_zh and err.value.message_en


@pytest.mark.parametrize("maker", [H.entity_bomb, H.external_entity], ids=["billion-laughs", "xxe"])
def test_xml_entities_are_refused(tmp_path, maker):
    with pytest.raises(ImportFileError) as err:
        open_workbook(maker(tmp_path / "x.xlsx"))
    assert err.value.code == "unsafe-xml" and "实体" in err.value.message_zh


@pytest.mark.slow
def test_a_sheet_filled_to_the_last_row_reads_in_bounded_memory(tmp_path):
    path = H.max_rows_sheet(tmp_path / "max.xlsx")  # ~4 s with constant_memory
    got = read_in_subprocess(path)
    assert got["outcome"] == "read" and got["rows"] == 1_048_576, got
    assert got["maxrss_mb"] < RSS_LIMIT_MB


def test_cells_of_32767_characters_are_kept_whole(tmp_path):
    got = read_in_subprocess(H.long_cells(tmp_path / "long.xlsx"))
    assert got["outcome"] == "read" and got["rows"] == 51 and got["longest"] == 32_767, got
    assert got["maxrss_mb"] < RSS_LIMIT_MB


def test_control_characters_are_read_as_text(tmp_path):
    book = open_workbook(H.control_chars(tmp_path / "ctrl.xlsx"))
    layout = detect_layout(book, "clients")
    rows = book.rows(layout.sheet)
    assert len(rows) == 20 and rows[1][0].startswith("企业1\x00")
    book.close()


def test_formula_text_is_data_not_a_formula(tmp_path):
    from workbench.domain.text import neutralize_formula

    book = open_workbook(H.formula_text(tmp_path / "f.xlsx"))
    rows = book.rows(detect_layout(book, "clients").sheet)
    texts = [r[0] for r in rows[1:]]
    assert texts == H.FORMULA_TEXTS  # read back as the text it was, never evaluated
    assert rows[1][2] == "cached"  # a real formula gives its cached value; nothing is fetched
    assert all(str(neutralize_formula(t)).startswith("'") for t in texts)
    book.close()


@pytest.mark.parametrize(
    "maker, code",
    [
        (H.csv_with_nul, "unsupported-format"),
        (H.fake_encrypted, "encrypted"),
        (H.gbk_csv_with_bad_bytes, "unreadable"),
        (lambda p: p.write_bytes(b"") or p, "empty-file"),
    ],
    ids=["nul-bytes", "encrypted", "bad-encoding", "empty"],
)
def test_unreadable_files_get_a_specific_refusal(tmp_path, maker, code):
    with pytest.raises(ImportFileError) as err:
        open_workbook(maker(tmp_path / "in.csv"))
    assert err.value.code == code and err.value.message_zh and err.value.message_en


def test_a_truncated_workbook_is_refused(tmp_path):
    good = H.long_cells(tmp_path / "good.xlsx", rows=2)
    with pytest.raises(ImportFileError) as err:
        open_workbook(H.truncated_xlsx(tmp_path / "cut.xlsx", good))
    assert err.value.code == "unreadable"


def test_a_csv_field_over_the_csv_limit_is_refused_or_read(tmp_path):
    try:
        book = open_workbook(H.csv_long_field(tmp_path / "long.csv"))
        book.rows(book.sheet_names[0])
    except ImportFileError as exc:
        assert exc.message_en


def _valid_rows_with_hostile_names(path: Path) -> Path:
    """Valid USCCs, names that are formula text, control characters and 32,767-character text."""
    import xlsxwriter
    from stdnum.cn import uscc

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("客户")
    H.header(ws)
    names = [*H.FORMULA_TEXTS, "企业\x00\x07\u202e名", "长" * 32_767]
    for r, name in enumerate(names, start=1):
        body = f"91330100{r:09d}"
        ws.write_string(r, 0, name)
        ws.write_string(r, 1, body + uscc.calc_check_digit(body))
    wb.close()
    return path


HOSTILE_FOR_CLI = {
    "zip-bomb": lambda p: H.zip_bomb(p, megabytes=32),
    "under-declared-zip": lambda p: H.under_declared_bomb(p, megabytes=16),
    "billion-laughs": H.entity_bomb,
    "xxe": H.external_entity,
    "nul-csv": H.csv_with_nul,
    "encrypted": H.fake_encrypted,
    "truncated": lambda p: H.truncated_xlsx(p, H.long_cells(p.with_name("src.xlsx"), rows=2)),
    "hostile-names": _valid_rows_with_hostile_names,
}


@pytest.mark.parametrize("kind", list(HOSTILE_FOR_CLI))
def test_the_import_command_refuses_or_handles_hostile_files(tmp_path, kind):
    from workbench.store import open_db

    db_path = tmp_path / "p.db"
    open_db(db_path).close()
    path = HOSTILE_FOR_CLI[kind](tmp_path / "in.xlsx")
    r = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "--db", str(db_path), "--user", "t", "import", "clients", str(path), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    conn = __import__("sqlite3").connect(db_path)
    clients = conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    if kind == "hostile-names":
        assert r.returncode == 0, r.stderr
        result = json.loads(r.stdout)
        assert result["added"] + result["rejected"] == len(H.FORMULA_TEXTS) + 2
        assert clients == result["added"]
    else:
        assert r.returncode == 2 and clients == 0, (r.returncode, r.stderr)
        assert json.loads(r.stdout)["error"]["message_zh"]


def test_imported_names_carry_no_control_or_bidi_characters(tmp_path):
    import re
    import sqlite3

    from workbench.store import open_db

    db_path = tmp_path / "p.db"
    open_db(db_path).close()
    path = _valid_rows_with_hostile_names(tmp_path / "in.xlsx")
    r = subprocess.run([sys.executable, "-m", "workbench.cli", "--db", str(db_path), "--user", "t", "import", "clients",
                        str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    names = [n for (n,) in sqlite3.connect(db_path).execute("SELECT name FROM clients")]
    assert names and not [n for n in names if re.search("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]", n)]
