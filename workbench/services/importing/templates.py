"""Named column mappings (field → header text) kept in ``import_templates``.

A branch that sends the same odd layout every month maps it once by hand,
saves it under a name, and picks the name next time.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from workbench import paths
from workbench.services.errors import NotFound, ValidationError
from workbench.services.importing.fields import field_map
from workbench.store import audit


def save_template(db: sqlite_utils.Database, name: str, kind: str, mapping: dict[str, str], actor: str) -> int:
    """Create or replace the template ``name``; returns its id. Raises ``ValidationError``."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("template-name", "模板名称不能为空", "the template needs a name", field="name")
    known = field_map(kind)
    unknown = [k for k in mapping if k not in known]
    if unknown:
        raise ValidationError(
            "template-field", f"模板含有未知字段：{', '.join(unknown)}", f"unknown fields in template: {', '.join(unknown)}", field="mapping"
        )
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    now = audit.utc_now()
    with db.atomic():
        old = db.execute("SELECT id, kind, mapping_json FROM import_templates WHERE name = ?", [name]).fetchone()
        if old:
            db.execute("UPDATE import_templates SET kind = ?, mapping_json = ? WHERE id = ?", [kind, text, old[0]])
            template_id = old[0]
            before = {"kind": old[1], "mapping": json.loads(old[2])}
        else:
            template_id = db.execute(
                "INSERT INTO import_templates (name, kind, mapping_json, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                [name, kind, text, actor, now],
            ).lastrowid
            before = None
        audit.record(db, actor, "import_template.save", "import_templates", template_id, before, {"name": name, "kind": kind, "mapping": mapping})
    return template_id


def load_template(db: sqlite_utils.Database, name: str) -> tuple[str, dict[str, str]]:
    """(kind, mapping) of the template ``name``; raises ``NotFound``."""
    row = db.execute("SELECT kind, mapping_json FROM import_templates WHERE name = ?", [name]).fetchone()
    if row is None:
        raise NotFound("template-not-found", f"没有名为“{name}”的导入模板", f"no import template named {name!r}", field="template")
    return row[0], json.loads(row[1])


def list_templates(db: sqlite_utils.Database, kind: str | None = None) -> list[str]:
    """Template names, optionally only those of ``kind``."""
    if kind:
        rows = db.execute("SELECT name FROM import_templates WHERE kind = ? ORDER BY name", [kind])
    else:
        rows = db.execute("SELECT name FROM import_templates ORDER BY name")
    return [r[0] for r in rows]


ERRORS_FOLDER = "import_errors"
KEEP_ERROR_WORKBOOKS = 20
ERROR_WORKBOOK_MAX_AGE_DAYS = 30
_ERRORS_PATTERN = "*-errors-*.xlsx"


def prune_error_workbooks(
    folder: Path, keep: int = KEEP_ERROR_WORKBOOKS, max_age_days: int = ERROR_WORKBOOK_MAX_AGE_DAYS, now: float | None = None
) -> list[Path]:
    """Delete error workbooks in ``folder`` older than ``max_age_days`` and all but the
    newest ``keep``; returns those deleted. They hold rows as they were, personal data
    included, so they must not pile up."""
    now = time.time() if now is None else now
    found = []
    for path in folder.glob(_ERRORS_PATTERN):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    found.sort(reverse=True)
    removed = []
    for i, (mtime, path) in enumerate(found):
        if i >= keep or now - mtime > max_age_days * 86400:
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


def default_errors_path(source: str | Path) -> Path:
    """Where the error workbook of importing ``source`` goes when no path is given
    (the data folder's ``import_errors``, pruned here of old ones: see :func:`prune_error_workbooks`)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = paths.data_home() / ERRORS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # room for the new one within the newest KEEP_ERROR_WORKBOOKS
    prune_error_workbooks(folder, keep=KEEP_ERROR_WORKBOOKS - 1)
    return folder / f"{Path(source).stem}-errors-{stamp}.xlsx"
