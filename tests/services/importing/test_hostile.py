"""Broken and hostile files get a clear message in both languages and write nothing."""

from __future__ import annotations

import zipfile

import pytest

from workbench.services.importing.clients import import_clients
from workbench.services.importing.errors import ImportFileError

from .conftest import make_uscc, table_counts, write_csv, write_xlsx


def _rejected(db, path, code):
    before = table_counts(db)
    with pytest.raises(ImportFileError) as info:
        import_clients(db, path, "wangfang")
    assert info.value.code == code
    assert info.value.message_zh and info.value.message_en
    assert table_counts(db) == before
    return info.value


def test_empty_file(db, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    _rejected(db, path, "empty-file")


def test_text_named_xlsx(db, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text("企业名称,统一社会信用代码\n", encoding="utf-8")
    err = _rejected(db, path, "unsupported-format")
    assert ".xlsx" in err.message_en


def test_binary_junk(db, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _rejected(db, path, "unsupported-format")


def test_damaged_zip(db, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    _rejected(db, path, "unreadable")


def test_password_protected_workbook(db, tmp_path):
    # An encrypted OOXML file is an OLE2 compound file holding an "EncryptedPackage" stream.
    blob = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    blob += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes(blob))
    err = _rejected(db, path, "encrypted")
    assert "密码" in err.message_zh and "password" in err.message_en


def test_corrupt_xls(db, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 4000)
    _rejected(db, path, "unreadable")


def test_zip_bomb(db, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["企业名称", "统一社会信用代码"], ["甲公司", make_uscc(1)]]})
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        with dst.open("xl/worksheets/padding.xml", "w") as fh:
            chunk = b"\x00" * (1 << 20)
            for _ in range(30):  # 30 MB of zeros, ~30 KB compressed
                fh.write(chunk)
    assert path.stat().st_size < 1_000_000
    err = _rejected(db, path, "zip-bomb")
    assert "zip bomb" in err.message_en


def test_xml_entity_bomb(db, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["企业名称", "统一社会信用代码"], ["甲公司", make_uscc(1)]]})
    path = tmp_path / "laughs.xlsx"
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
        + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&lol9;</sheets></workbook>'
    )
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = bomb if item.filename == "xl/workbook.xml" else src.read(item.filename)
            dst.writestr(item, data)
    _rejected(db, path, "unsafe-xml")


def test_sheet_without_header(db, tmp_path):
    path = write_xlsx(tmp_path / "numbers.xlsx", {"Sheet1": [[1, 2, 3], ["a", "b", "c"], [4, 5, 6]]})
    err = _rejected(db, path, "no-header")
    assert "表头" in err.message_zh and "header" in err.message_en


def test_csv_without_header(db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["foo", "bar"], ["1", "2"]])
    _rejected(db, path, "no-header")


def test_header_without_required_column(db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["企业名称", "联系电话", "所属行业"], ["甲公司", "138", "工业"]])
    err = _rejected(db, path, "missing-columns")
    assert err.values["missing"] == ["uscc"]
    assert "统一社会信用代码" in err.message_zh


def test_missing_named_sheet(db, data_dir):
    with pytest.raises(ImportFileError) as info:
        import_clients(db, data_dir / "branch_clients_clean.xlsx", "wangfang", sheet="nope")
    assert info.value.code == "no-sheet"
