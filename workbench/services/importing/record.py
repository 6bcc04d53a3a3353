"""The ``imports`` row for one committed import, and its audit entry."""

from __future__ import annotations

import sqlite_utils

from workbench.store import audit


def record_import(db: sqlite_utils.Database, result, actor: str, now: str) -> int:
    """Insert the imports row for ``result`` (an ImportResult) and audit it; returns its id.

    Call inside the import's transaction.
    """
    row = {
        "kind": result.kind,
        "file_name": result.file_name,
        "file_sha256": result.file_sha256,
        "sheet": result.sheet,
        "as_of": result.as_of,
        "rows_in_file": result.rows_in_file,
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "skipped_rows": result.skipped_rows,
        "duplicates_in_file": result.duplicates_in_file,
        "errors_file": result.errors_file,
        "imported_by": actor,
        "imported_at": now,
    }
    cols = list(row)
    cursor = db.execute(
        f"INSERT INTO imports ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols]
    )
    import_id = cursor.lastrowid
    audit.record(db, actor, f"import.{result.kind}", "imports", import_id, None, row, reason=result.file_name)
    return import_id
