"""Makers of crafted hostile input files, shared by the tests and the benchmark."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'
)


def _zip(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def zip_bomb(path: Path, megabytes: int = 64) -> Path:
    """An xlsx whose sheet part inflates ``megabytes`` MB of blanks from ~100 KB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
    return path


def entity_bomb(path: Path) -> Path:
    """An xlsx whose sheet XML is a 'billion laughs' entity expansion."""
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ) + "]>"
    sheet = f'<?xml version="1.0"?>{lol}<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    return _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK, "xl/worksheets/sheet1.xml": sheet})


def external_entity(path: Path) -> Path:
    """An xlsx whose workbook XML pulls in /etc/passwd (XXE)."""
    wb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
          '<workbook><sheets><sheet name="&xxe;" sheetId="1"/></sheets></workbook>')
    return _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": wb})


def header(ws) -> None:
    ws.write_row(0, 0, ["企业名称", "统一社会信用代码", "法定代表人", "联系电话", "备注"])


def max_rows_sheet(path: Path, rows: int = 1_048_576) -> Path:
    """A sheet filled to Excel's last row (written with constant memory)."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("客户")
    header(ws)
    for r in range(1, rows):
        ws.write_number(r, 0, r)
    wb.close()
    return path


def long_cells(path: Path, rows: int = 50) -> Path:
    """Every text cell at Excel's 32,767-character limit."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("客户")
    header(ws)
    big = ("企" * 16383) + ("x" * 16384)
    for r in range(1, rows + 1):
        for c in range(5):
            ws.write_string(r, c, big)
    wb.close()
    return path


def control_chars(path: Path) -> Path:
    """Cells full of C0 control characters, bidi overrides and a BOM."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("客户")
    header(ws)
    nasty = "".join(chr(i) for i in range(32)) + "\u202e\ufeff\u200b"
    for r in range(1, 20):
        ws.write_string(r, 0, f"企业{r}{nasty}")
        ws.write_string(r, 1, nasty + "91330100MA2XXXXX0X")
        ws.write_string(r, 3, "138\x00\x07" + nasty)
    wb.close()
    return path


FORMULA_TEXTS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"y\")", "\t=1"]


def formula_text(path: Path) -> Path:
    """Text that a spreadsheet would run as a formula, and real formulas."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("客户")
    header(ws)
    for r, t in enumerate(FORMULA_TEXTS, start=1):
        ws.write_string(r, 0, t)
        ws.write_string(r, 4, t)
        ws.write_formula(r, 2, '=WEBSERVICE("http://example.invalid")', None, "cached")
    wb.close()
    return path


def csv_long_field(path: Path, chars: int = 200_000) -> Path:
    """A CSV with one field longer than Python's default csv field limit (131,072)."""
    path.write_text("企业名称,统一社会信用代码\n" + "x" * chars + ",1\n", encoding="utf-8")
    return path


def csv_with_nul(path: Path) -> Path:
    path.write_bytes("企业名称,统一社会信用代码\n".encode() + b"a\x00b,c\n" * 10)
    return path


def truncated_xlsx(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def fake_encrypted(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 4096)
    return path


def gbk_csv_with_bad_bytes(path: Path) -> Path:
    path.write_bytes("企业名称,统一社会信用代码\n".encode("gbk") + b"\xff\xfe\xfd\x80,1\n")
    return path


def _patch_declared_size(data: bytearray, name: bytes, declared: int) -> None:
    """Overwrite the uncompressed size of member ``name`` in its local and central headers."""
    pos = 0
    while True:  # local headers: signature, name at offset 30, size at 22
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        n = int.from_bytes(data[pos + 26 : pos + 28], "little")
        if bytes(data[pos + 30 : pos + 30 + n]) == name:
            data[pos + 22 : pos + 26] = declared.to_bytes(4, "little")
        pos += 4
    pos = 0
    while True:  # central directory: signature, name at offset 46, size at 24
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if bytes(data[pos + 46 : pos + 46 + n]) == name:
            data[pos + 24 : pos + 28] = declared.to_bytes(4, "little")
        pos += 4


def under_declared_bomb(path: Path, megabytes: int = 16, declared: int = 1000) -> Path:
    """An xlsx whose sheet part declares ``declared`` bytes but inflates to ``megabytes`` MB
    (QA 8: passes the declared-size checks; zipfile then fails with 'Bad CRC-32')."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>'
        + b" " * (megabytes << 20)
        + b"</sheetData></worksheet>"
    )
    _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK, "xl/worksheets/sheet1.xml": sheet})
    data = bytearray(path.read_bytes())
    _patch_declared_size(data, b"xl/worksheets/sheet1.xml", declared)
    path.write_bytes(bytes(data))
    return path


def corrupt_deflate(path: Path) -> Path:
    """An xlsx whose workbook part's deflate stream is garbage (sizes honest)."""
    _zip(path, {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": WORKBOOK * 50})
    data = bytearray(path.read_bytes())
    name = b"xl/workbook.xml"
    pos = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        n = int.from_bytes(data[pos + 26 : pos + 28], "little")
        if bytes(data[pos + 30 : pos + 30 + n]) == name:
            start = pos + 30 + n + int.from_bytes(data[pos + 28 : pos + 30], "little")
            data[start : start + 40] = b"\xff" * 40
            break
        pos += 4
    path.write_bytes(bytes(data))
    return path
