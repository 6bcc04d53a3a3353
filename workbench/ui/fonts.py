"""The bundled CJK font, so Chinese never shows as empty boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from workbench import paths

FONT_FILE = ("fonts", "wqy-microhei.ttc")


def install_app_font(app: QApplication, point_size: int = 10) -> str:
    """Load the bundled font and make it the application's default; returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(paths.resource(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return app.font().family()
    font = QFont(families[0], point_size)
    app.setFont(font)
    return families[0]
