"""Reading a spreadsheet file into rows of raw cell values, refusing hostile files.

The format is decided by the file's bytes, not its extension: a zip with
``xl/workbook.xml`` is xlsx, one with ``content.xml`` is ods, an OLE2
compound file is xls (or an encrypted OOXML package), anything else must
decode as text and is read as CSV (UTF-8 with or without BOM, else GB18030,
a superset of GBK). Workbooks are read with python-calamine, which returns
numbers as floats and dates as ``date``/``datetime``; :mod:`.cleaning` is
the one place those types are normalised.

Checks before any reading: empty file, zip bomb (declared sizes and
compression ratios), XML with a DTD or entity declarations (parsed with
defusedxml), encrypted workbooks.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from python_calamine import CalamineWorkbook

from workbench.services.importing.errors import ImportFileError

MAX_UNCOMPRESSED_BYTES = 1_500_000_000  # the xml inside one workbook, all parts
MAX_RATIO = 200  # compression ratio that no real sheet reaches at size
RATIO_MIN_BYTES = 20_000_000  # ratios only matter for big parts
HEAD_BYTES = 65536  # of each XML part, scanned for DTDs and entities
LARGE_FILE_BYTES = 40_000_000  # warn: calamine holds the whole sheet in memory
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_XML_DANGER = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _fail(code: str, zh: str, en: str, **values) -> ImportFileError:
    return ImportFileError(code, zh, en, field="file", **values)


@dataclass
class Workbook:
    """An opened file: its format, sheet names and rows (read on demand, cached)."""

    path: Path
    format: str  # xlsx | xls | ods | csv
    sheet_names: list[str]
    encoding: str | None = None
    memory_warning: str | None = None
    _calamine: CalamineWorkbook | None = None
    _rows: dict[str, list[list]] = field(default_factory=dict)
    _parsed: dict[str, object] = field(default_factory=dict)
    _merged: dict[str, list | None] = field(default_factory=dict)

    def _sheet(self, sheet: str):
        """The parsed calamine sheet (parsing is the expensive part: once per sheet)."""
        if sheet not in self.sheet_names:
            raise _fail("no-sheet", f"文件中没有名为“{sheet}”的工作表", f"the file has no sheet named {sheet!r}", sheet=sheet)
        if sheet not in self._parsed:
            assert self._calamine is not None
            try:
                parsed = self._calamine.get_sheet_by_name(sheet)
            except Exception as exc:
                raise _fail(
                    "unreadable", f"无法读取工作表“{sheet}”：{exc}", f"cannot read sheet {sheet!r}: {exc}"
                ) from exc
            try:
                self._merged[sheet] = list(parsed.merged_cell_ranges or [])
            except Exception:  # noqa: BLE001 - xls/ods may not report merges
                self._merged[sheet] = None
            self._parsed[sheet] = parsed
        return self._parsed[sheet]

    def rows(self, sheet: str) -> list[list]:
        """All rows of ``sheet`` from A1 (row i is spreadsheet row i+1), raw values."""
        if sheet not in self._rows:
            parsed = self._sheet(sheet)
            try:
                self._rows[sheet] = parsed.to_python(skip_empty_area=False)
            except Exception as exc:
                raise _fail(
                    "unreadable", f"无法读取工作表“{sheet}”：{exc}", f"cannot read sheet {sheet!r}: {exc}"
                ) from exc
            del self._parsed[sheet]  # the Python lists are what we keep; free calamine's copy
        return self._rows[sheet]

    def head(self, sheet: str, n: int = 30) -> list[list]:
        """The first ``n`` rows of ``sheet`` (to find the header)."""
        if sheet in self._rows:
            return self._rows[sheet][:n]
        try:
            return self._sheet(sheet).to_python(skip_empty_area=False, nrows=n)
        except ImportFileError:
            raise
        except Exception:  # noqa: BLE001 - fall back to the full read, which reports errors
            return self.rows(sheet)[:n]

    def merged_ranges(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
        """Merged cells as ((row, col), (row, col)) pairs, or None when the format has none (CSV)."""
        if self._calamine is None:
            return None
        if sheet not in self._merged:
            self._sheet(sheet)
        return self._merged.get(sheet)

    def release(self, sheet: str) -> None:
        """Drop the cached rows of ``sheet`` (read again from the file if asked for)."""
        if self.format != "csv":  # a CSV cannot be read again from calamine
            self._rows.pop(sheet, None)

    def close(self) -> None:
        if self._calamine is not None:
            with contextlib.suppress(Exception):  # closing twice is harmless
                self._calamine.close()
        self._rows.clear()
        self._parsed.clear()


def _lying_sizes() -> ImportFileError:
    return _fail(
        "zip-bomb",
        "文件中声明的解压大小与实际内容不符（疑似压缩炸弹），已拒绝读取",
        "the file's declared sizes do not match its contents (a zip bomb); it was not read",
    )


def _part_head(path: Path, info: zipfile.ZipInfo) -> bytes:
    """The first :data:`HEAD_BYTES` of a zip member, inflating at most that much.

    The declared sizes are not trusted: the member's own deflate stream is read
    from its local header, and a stream that yields more than its declared size
    (an under-declared part, which passes the size checks above) is refused;
    a corrupt stream is refused as unreadable instead of raising zlib/zip errors.
    """
    if info.flag_bits & 0x1:
        raise _fail("encrypted", "工作簿有密码保护，请先在 Excel 中去除密码再导入", "the workbook is password-protected; remove the password in Excel first")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _fail("unreadable", "文件使用了不支持的压缩方式", "the file uses an unsupported compression method")
    # deflate never grows data by more than a few bytes per 16 KB block
    if info.compress_size > info.file_size + info.file_size // 100 + 1024:
        raise _lying_sizes()
    limit = min(HEAD_BYTES, info.file_size + 1)  # one byte past the declared size shows a lie
    try:
        with path.open("rb") as fh:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) != 30 or local[:4] != b"PK\x03\x04":
                raise _fail("unreadable", "文件已损坏，无法读取", "the file is damaged and cannot be read")
            fh.seek(info.header_offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little"))
            left = info.compress_size
            if info.compress_type == zipfile.ZIP_STORED:
                out = fh.read(min(left, limit))
            else:
                inflater = zlib.decompressobj(-15)
                parts: list[bytes] = []
                got = 0
                while left > 0 and got < limit and not inflater.eof:
                    chunk = fh.read(min(left, 16384))
                    if not chunk:
                        break
                    left -= len(chunk)
                    data = inflater.decompress(chunk, limit - got)
                    while True:  # input held back by max_length, still within the cap
                        parts.append(data)
                        got += len(data)
                        if got >= limit or not inflater.unconsumed_tail:
                            break
                        data = inflater.decompress(inflater.unconsumed_tail, limit - got)
                out = b"".join(parts)
    except (OSError, zlib.error) as exc:
        raise _fail("unreadable", f"文件已损坏，无法读取：{exc}", f"the file is damaged and cannot be read: {exc}") from exc
    if len(out) > info.file_size:
        raise _lying_sizes()
    return out[:HEAD_BYTES]


def _check_zip(path: Path) -> str:
    """Zip-bomb and XML-safety checks; returns 'xlsx' or 'ods'."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail("unreadable", f"文件已损坏，无法打开：{exc}", f"the file is damaged and cannot be opened: {exc}") from exc
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or (info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO):
                raise _fail(
                    "zip-bomb",
                    "文件解压后异常巨大（疑似压缩炸弹），已拒绝读取",
                    "the file would expand to an abnormal size (a zip bomb); it was not read",
                )
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                head = _part_head(path, info)
                if _XML_DANGER.search(head):
                    raise _fail(
                        "unsafe-xml",
                        "文件中的 XML 含有 DTD 或实体声明（可能是实体炸弹），已拒绝读取",
                        "the file's XML declares a DTD or entities (possibly an entity bomb); it was not read",
                    )
        if "xl/workbook.xml" in names:
            try:
                SafeET.fromstring(archive.read("xl/workbook.xml"))
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise _fail("unreadable", f"文件已损坏，无法读取：{exc}", f"the file is damaged and cannot be read: {exc}") from exc
            except (DefusedXmlException, SafeET.ParseError) as exc:
                raise _fail("unsafe-xml", f"工作簿 XML 无法安全解析：{exc}", f"the workbook XML cannot be parsed safely: {exc}") from exc
            return "xlsx"
        if "content.xml" in names:
            return "ods"
    raise _fail(
        "unsupported-format",
        "文件不是 Excel 工作簿或 CSV（请使用 .xlsx、.xls 或 .csv）",
        "the file is not an Excel workbook or CSV (use .xlsx, .xls or .csv)",
    )


def size_warning(path: str | Path) -> str | None:
    """A warning (zh / en) to show BEFORE reading a workbook big enough to need a lot of memory."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return None
    if size <= LARGE_FILE_BYTES:
        return None
    mb = size // 1_000_000
    # ~10 MB of xlsx holds ~100,000 rows × 15 columns, which calamine and Python lists hold in ~300 MB
    need = max(1, size * 30 // 1_000_000_000)
    return (
        f"文件较大（{mb} MB），读取时整张工作表会载入内存，约需 {need} GB 内存"
        f" / the file is large ({mb} MB): the whole sheet is held in memory while reading, about {need} GB"
    )


def _open_calamine(path: Path, fmt: str) -> Workbook:
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        text = f"{type(exc).__name__}: {exc}"
        if "password" in text.lower() or "encrypt" in text.lower():
            raise _fail("encrypted", "工作簿有密码保护，请先在 Excel 中去除密码再导入", "the workbook is password-protected; remove the password in Excel first") from exc
        raise _fail("unreadable", f"文件已损坏，无法读取：{exc}", f"the file is damaged and cannot be read: {exc}") from exc
    return Workbook(path, fmt, list(book.sheet_names), memory_warning=size_warning(path), _calamine=book)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with/without BOM, UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise _fail(
            "unreadable",
            "文本文件的编码无法识别（支持 UTF-8、GBK、GB18030）",
            "the text file's encoding is not recognised (UTF-8, GBK and GB18030 are supported)",
        ) from exc


def _read_csv(path: Path, data: bytes) -> Workbook:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _fail(
            "unsupported-format",
            "文件不是 Excel 工作簿或 CSV（请使用 .xlsx、.xls 或 .csv）",
            "the file is not an Excel workbook or CSV (use .xlsx, .xls or .csv)",
        )
    text, encoding = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:  # e.g. a field over the csv module's 128 KB limit
        raise _fail("unreadable", f"CSV 文件格式有误，无法读取：{exc}", f"the CSV file is malformed and cannot be read: {exc}") from exc
    name = path.stem or "csv"
    book = Workbook(path, "csv", [name], encoding=encoding)
    book._rows[name] = rows
    return book


def open_workbook(path: str | Path) -> Workbook:
    """Open ``path`` for import after the safety checks. Raises :class:`ImportFileError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _fail("unreadable", f"无法打开文件：{exc}", f"cannot open the file: {exc}") from exc
    if size == 0:
        raise _fail("empty-file", "文件是空的", "the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return _open_calamine(path, _check_zip(path))
    if head.startswith(_OLE_MAGIC):
        with path.open("rb") as fh:
            blob = fh.read(min(size, 2_000_000))
        if _ENCRYPTED_STREAM in blob:
            raise _fail("encrypted", "工作簿有密码保护，请先在 Excel 中去除密码再导入", "the workbook is password-protected; remove the password in Excel first")
        return _open_calamine(path, "xls")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise _fail(
            "unsupported-format",
            f"文件扩展名为“{suffix or '无'}”，但内容不是 Excel 工作簿（支持 .xlsx、.xls、.ods 和 .csv）",
            f"the file is named {suffix or '(no extension)'} but is not an Excel workbook (.xlsx, .xls, .ods and .csv are supported)",
        )
    if size > MAX_UNCOMPRESSED_BYTES:
        raise _fail("too-large", "文件过大", "the file is too large")
    return _read_csv(path, path.read_bytes())
