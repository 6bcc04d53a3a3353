"""Errors of the import: a file we cannot or will not read."""

from __future__ import annotations

from workbench.services.errors import ValidationError


class ImportFileError(ValidationError):
    """The file cannot be imported at all (nothing was written).

    ``code``: empty-file | unsupported-format | encrypted | too-large | zip-bomb |
    unsafe-xml | unreadable | no-header | missing-columns | no-sheet.
    """
