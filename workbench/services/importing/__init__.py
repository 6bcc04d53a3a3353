"""Spreadsheet import: client lists and core-banking loan exports.

Modules, in the order the work flows:

- :mod:`.reading` — bytes on disk → sheets of raw cell values (calamine, csv), hostile-file checks.
- :mod:`.headers` — which sheet, which row is the header, which column is which field, units.
- :mod:`.fields` — the fields each kind of import knows, with their synonyms (resources/import).
- :mod:`.cleaning` — one raw row → clean values or a rejection with reasons zh/en.
- :mod:`.clients` — preview (diff against the database) and commit of client lists.
- :mod:`.loans` — preview and commit of core-banking loan exports.
- :mod:`.error_workbook` — the rejected rows as they were, plus a reason column.
- :mod:`.templates` — named column mappings saved in ``import_templates``.
"""

from workbench.services.importing.errors import ImportFileError
from workbench.services.importing.headers import SheetLayout, detect_layout
from workbench.services.importing.reading import Workbook, open_workbook

__all__ = ["ImportFileError", "SheetLayout", "Workbook", "detect_layout", "open_workbook"]
