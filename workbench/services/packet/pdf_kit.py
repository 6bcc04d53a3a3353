"""The packet's reportlab plumbing: the embedded CJK font, paragraph and table
styles that use it, and the canvas that numbers pages and marks drafts.

Every text path names the bundled font: reportlab otherwise falls back to
Helvetica (canvas preamble, table styles), a standard-14 font that is not
embedded. The font is registered once per process; reportlab embeds only the
glyphs used, as subsets, so a packet stays small.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from workbench import paths

FONT = "WQYMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
PAGE_SIZE = A4
MARGIN = 18 * mm
WATERMARK_TEXT = "草稿 DRAFT"
_lock = threading.Lock()
GRID = colors.HexColor("#8c8c8c")
LABEL_BG = colors.HexColor("#eef2f7")
LABEL_FG = colors.HexColor("#333333")
HEADER_BG = colors.HexColor("#d9e2ef")


def register_font() -> str:
    """Register the bundled TTC (first face) under :data:`FONT`, once; returns the name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(paths.resource(*FONT_FILE)), subfontIndex=0))
            # <b>/<i> markup maps to the same face: no bold face is bundled, and a
            # missing mapping would fall back to Helvetica-Bold.
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    sign_title: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_label: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle


def make_styles() -> Styles:
    """Paragraph styles, all in the bundled font, wrapping CJK text anywhere."""
    register_font()

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    return Styles(
        title=style("title", 22, 30, alignment=TA_CENTER, spaceAfter=6),
        subtitle=style("subtitle", 13, 18, alignment=TA_CENTER, textColor=colors.HexColor("#333333")),
        heading=style(
            "heading", 12.5, 17, spaceBefore=9, spaceAfter=4, keepWithNext=1, textColor=colors.HexColor("#0b3d6b")
        ),
        subheading=style(
            "subheading", 10, 14, spaceBefore=3, spaceAfter=2, keepWithNext=1, textColor=colors.HexColor("#0b3d6b")
        ),
        sign_title=style("sign_title", 11, 15, alignment=TA_CENTER, textColor=colors.HexColor("#0b3d6b")),
        body=style("body", 9.5, 14, alignment=TA_LEFT, spaceAfter=3),
        note=style("note", 8, 11, textColor=colors.HexColor("#555555")),
        cell=style("cell", 9, 12.5),
        cell_label=style("cell_label", 9, 12.5, textColor=LABEL_FG),
        cell_right=style("cell_right", 9, 12.5, alignment=TA_RIGHT),
        cell_center=style("cell_center", 9, 12.5, alignment=TA_CENTER),
    )


def base_table_style(font_size: float = 9) -> list[tuple]:
    """Table style commands every packet table starts from (font set for all cells)."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size + 3),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]


@dataclass(frozen=True)
class Section:
    """What the footer and watermark of a page need: one packet's identity."""

    app_no: str
    draft: bool
    header: str


class SectionStart(Flowable):
    """Zero-size marker at the top of a packet's first page: later pages belong to it.

    ``on_start`` (optional) runs when it is drawn, e.g. a cancel check or progress.
    """

    def __init__(self, section: Section, on_start=None) -> None:
        super().__init__()
        self.section = section
        self.on_start = on_start
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.packet_section = self.section
        if self.on_start is not None:
            self.on_start(self.section)


class PacketCanvas(Canvas):
    """Two-pass canvas: keeps each page until the end, then writes "第 x 页 / 共 y 页"
    (counted per packet, so a combined file numbers each packet on its own),
    the application number, the running header and the draft watermark.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_font()
        # the doc template passes these explicitly as None, meaning Helvetica
        for key, value in (("initialFontName", FONT), ("initialFontSize", 9), ("initialLeading", 12)):
            if kwargs.get(key) is None:
                kwargs[key] = value
        super().__init__(*args, **kwargs)
        self.packet_section: Section | None = None
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals: dict[int, int] = {}
        for state in self._pages:
            key = id(state["packet_section"])
            totals[key] = totals.get(key, 0) + 1
        seen: dict[int, int] = {}
        for state in self._pages:
            self.__dict__.update(state)
            section = self.packet_section
            key = id(section)
            seen[key] = seen.get(key, 0) + 1
            if section is not None:
                self._decorate(section, seen[key], totals[key])
            Canvas.showPage(self)
        Canvas.save(self)

    def _decorate(self, section: Section, page: int, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setStrokeColor(GRID)
        self.setLineWidth(0.5)
        self.line(MARGIN, height - MARGIN + 4 * mm, width - MARGIN, height - MARGIN + 4 * mm)
        self.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
        self.setFillColor(colors.HexColor("#555555"))
        self.setFont(FONT, 8)
        self.drawString(MARGIN, height - MARGIN + 6 * mm, section.header)
        self.drawRightString(width - MARGIN, height - MARGIN + 6 * mm, f"申请编号 {section.app_no}")
        self.setFont(FONT, 9)
        self.drawString(MARGIN, MARGIN - 9 * mm, f"申请编号：{section.app_no}")
        self.drawRightString(width - MARGIN, MARGIN - 9 * mm, f"第 {page} 页 / 共 {total} 页")
        if section.draft:
            # drawn last, over the content, so translucent: text stays readable
            self.setFillColor(colors.Color(0.80, 0.10, 0.10, alpha=0.16))
            self.setFont(FONT, 84)
            self.translate(width / 2, height / 2)
            self.rotate(45)
            self.drawCentredString(0, -30, WATERMARK_TEXT)
        self.restoreState()
