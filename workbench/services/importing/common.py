"""Pieces shared by the client and loan imports: the loaded sheet and the result."""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.services.errors import Cancelled
from workbench.services.importing.cleaning import Cleaned, Rejection
from workbench.services.importing.errors import ImportFileError
from workbench.services.importing.headers import SheetLayout, detect_layout
from workbench.services.importing.reading import Workbook, open_workbook

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (restored after, if it was on).

    An import builds 100,000s of objects that hold no cycles while the whole sheet is
    alive; every full collection walks all of them (measured: ~0.5 s of a 100,000-row
    import). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


@dataclass
class LoadedSheet:
    """A file opened and laid out, ready for cleaning."""

    path: Path
    kind: str
    book: Workbook
    layout: SheetLayout
    sha256: str | None = None

    @property
    def rows(self) -> list[list]:
        return self.book.rows(self.layout.sheet)

    def release_rows(self, cleaned: Cleaned) -> None:
        """Forget the sheet's raw rows (rejected rows keep theirs for the error workbook)."""
        self.book.release(self.layout.sheet)
        for row in cleaned.rows:
            row.raw = None

    def require_columns(self) -> None:
        """Raise ``missing-columns`` when a required field has no column (the user must map it)."""
        if self.layout.missing_required:
            from workbench.services.importing.fields import field_map

            fields = field_map(self.kind)
            zh = "、".join(fields[k].label_zh for k in self.layout.missing_required)
            en = ", ".join(fields[k].label_en for k in self.layout.missing_required)
            raise ImportFileError(
                "missing-columns",
                f"工作表“{self.layout.sheet}”缺少必填列：{zh}（请手工指定对应列）",
                f"sheet {self.layout.sheet!r} lacks required columns: {en} (map them by hand)",
                field="mapping",
                missing=list(self.layout.missing_required),
            )


def load_sheet(
    path: str | Path,
    kind: str,
    sheet: str | None = None,
    mapping: dict[str, str | int] | None = None,
    header_row: int | None = None,
    fallback: bool = False,
) -> LoadedSheet:
    """Open ``path`` safely and find its header. Raises :class:`ImportFileError`.

    ``fallback``: see :func:`detect_layout` (lay out an unrecognised sheet for mapping by hand).
    """
    book = open_workbook(path)
    layout = detect_layout(book, kind, sheet=sheet, mapping=mapping, header_row=header_row, fallback=fallback)
    return LoadedSheet(Path(path), kind, book, layout)


@dataclass
class ImportResult:
    """What an import (or its dry run) found and did; ``as_dict`` is the CLI's JSON."""

    kind: str
    file_name: str
    file_sha256: str
    sheet: str
    dry_run: bool
    rows_in_file: int
    added: int
    updated: int
    unchanged: int
    rejected: int
    skipped_rows: int
    duplicates_in_file: int
    errors_file: str | None = None
    import_id: int | None = None
    as_of: str | None = None
    reject_reasons: dict[str, int] = field(default_factory=dict)
    updated_fields: dict[str, int] = field(default_factory=dict)
    duplicates: list[dict] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "file_name": self.file_name,
            "file_sha256": self.file_sha256,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "rows_in_file": self.rows_in_file,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "skipped_rows": self.skipped_rows,
            "duplicates_in_file": self.duplicates_in_file,
            "errors_file": self.errors_file,
            "import_id": self.import_id,
            "reject_reasons": dict(self.reject_reasons),
            "updated_fields": dict(self.updated_fields),
        }
        if self.kind == "loans":
            out["as_of"] = self.as_of
            # one shape: always the count; the rows themselves only with details
            out["disagreements"] = len(self.disagreements)
            if details:
                out["disagreement_rows"] = self.disagreements
        if details:
            out["duplicates"] = self.duplicates
            out["rejections"] = [r.as_dict() for r in self.rejections]
        if self.warnings:
            out["warnings"] = self.warnings
        return out


def last_wins(cleaned: Cleaned, key: str) -> tuple[dict[str, Any], list[dict]]:
    """Valid rows by ``key`` with the later row winning, and the rows it superseded."""
    by_key: dict[str, Any] = {}
    duplicates: list[dict] = []
    for row in cleaned.rows:
        k = row.values[key]
        earlier = by_key.get(k)
        if earlier is not None:
            duplicates.append({key: k, "row": earlier.row_no, "superseded_by_row": row.row_no})
        by_key[k] = row
    return by_key, duplicates


def reason_counts(rejections: list[Rejection]) -> dict[str, int]:
    return dict(sorted(Counter(r.code for r in rejections).items()))
