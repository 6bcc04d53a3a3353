"""PDF pages as images (pypdfium2; QtPdf is not in PySide6-Essentials) and printing them.

Rendering is fast (a five-page packet at 110 dpi takes ~25 ms, at 300 dpi
~100 ms on the reference machine) but still runs in the worker: pdfium is not
thread-safe, and every task runs on the one task thread, so calls never overlap.
QImage (unlike QPixmap) may be built off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from workbench.services.errors import Cancelled

PREVIEW_DPI = 110
MAX_PRINT_DPI = 300


def render_pages(pdf_path: str | Path, dpi: int, cancel: Callable[[], bool] | None = None) -> list[QImage]:
    """Every page of ``pdf_path`` as an RGB image at ``dpi``. Raises ``Cancelled``."""
    document = pdfium.PdfDocument(str(pdf_path))
    images: list[QImage] = []
    try:
        for index in range(len(document)):
            if cancel is not None and cancel():
                raise Cancelled()
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB byte order, no alpha
                image = QImage(
                    bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
                )
                images.append(image.copy())  # own the pixels: the bytes object goes away
            finally:
                page.close()
    finally:
        document.close()
    return images


def print_images(printer: QPrinter, images: list[QImage]) -> int:
    """Paint each image on its own printer page, fitted and centred. Returns pages printed."""
    if not images:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("the printer could not be opened")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for n, image in enumerate(images):
            if n:
                printer.newPage()
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            size = image.size().scaled(area.width(), area.height(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (area.width() - size.width()) / 2
            y = (area.height() - size.height()) / 2
            painter.drawImage(QRectF(x, y, size.width(), size.height()), image)
    finally:
        painter.end()
    return len(images)
