"""Building approval packets: one application to one PDF, or many in a batch.

A packet is written to a temporary file beside the target and renamed into
place, so a failed or cancelled build never leaves a half-written PDF.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import sqlite_utils
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from workbench.domain.schedule import ScheduleError, build_schedule
from workbench.services.errors import Cancelled, ValidationError
from workbench.services.packet import sections
from workbench.services.packet.data import PacketData, load_packet_data
from workbench.services.packet.pdf_kit import (
    FONT,
    MARGIN,
    PAGE_SIZE,
    PacketCanvas,
    Section,
    SectionStart,
    Styles,
    make_styles,
)

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
_NUMERALS = "一二三四五六七八九十"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def packet_story(d: PacketData, st: Styles, on_start: Callable[[Section], None] | None = None) -> list:
    """The flowables of one packet, starting with its :class:`SectionStart` marker."""
    header = " ".join(x for x in (d.bank_name, d.branch_name) if x) + " · 小微企业授信审批报告"
    story: list = [SectionStart(Section(d.app_no, d.is_draft, header), on_start)]
    story += sections.cover(d, st)
    story.append(PageBreak())
    start = d.today
    try:
        sched = build_schedule(d.terms.amount_fen, d.terms.rate_bp, d.terms.term_months, d.terms.method, start)
        schedule_part = sections.schedule_table(d, sched, start, st)
    except ScheduleError as exc:
        schedule_part = [Paragraph("无法生成还款计划：" + getattr(exc, "reason_zh", str(exc)), st.body)]
    parts: list[tuple[str, list]] = [
        ("客户基本情况", sections.client_info(d, st)),
        ("信用信息", sections.credit_info(d, st)),
    ]
    if sections.has_supply_chain(d):
        parts.append(("供应链背景", sections.supply_chain(d, st)))
    parts += [
        ("授信申请", sections.request(d, st)),
        ("担保及抵（质）押", sections.guarantee(d, st)),
        ("授信敞口", sections.exposure(d, st)),
        ("客户经理分析意见", sections.analysis(d, st)),
        ("还款计划", schedule_part),
        ("审批记录", sections.approval_history(d, st)),
        ("签字", sections.signatures(d, st)),
    ]
    for number, (title, flowables) in enumerate(parts):
        story.append(Paragraph(f"{_NUMERALS[number] if number < 10 else number + 1}、{title}", st.heading))
        story += flowables
    return story


def _template(target: str | os.PathLike, title: str, author: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(target),
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject="小微企业授信审批报告",
        creator="SME Loan Workbench 小微信贷工作台",
        initialFontName=FONT,
        initialFontSize=9,
    )


def _write_atomically(out_path: Path, story: list, title: str, author: str) -> Path:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".packet-", suffix=".pdf.part", dir=out_path.parent)
    os.close(fd)
    try:
        _template(tmp_name, title, author).build(story, canvasmaker=PacketCanvas)
        os.chmod(tmp_name, 0o644)  # mkstemp makes it 0600; a packet is an ordinary document
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return out_path


def build_packet(
    db: sqlite_utils.Database, application_id: int | str, out_path: str | os.PathLike, today: date | None = None
) -> Path:
    """Write the approval packet of one application (id or app_no) to ``out_path``.

    Raises ``NotFound`` for an unknown application.
    """
    d = load_packet_data(db, application_id, today)
    story = packet_story(d, make_styles())
    return _write_atomically(Path(out_path), story, f"授信审批报告 {d.app_no}", d.bank_name)


def packet_file_name(app_no: str, client_name: str) -> str:
    """``APP-2025-0001_杭州鑫瑞科技有限公司.pdf``, with characters unsafe in file names replaced."""
    return _UNSAFE.sub("_", f"{app_no}_{client_name}").strip("._") + ".pdf"


def application_ids_with_status(db: sqlite_utils.Database, status: str) -> list[int]:
    """Ids of the applications in ``status``, in application-number order."""
    return [r["id"] for r in db.query("SELECT id FROM applications WHERE status = ? ORDER BY app_no", (status,))]


def build_packets(
    db: sqlite_utils.Database,
    ids: Iterable[int | str],
    out_dir: str | os.PathLike | None = None,
    combined: str | os.PathLike | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    today: date | None = None,
) -> list[Path]:
    """Packets for many applications: one file each in ``out_dir``, and/or all in one
    ``combined`` PDF (each packet numbered on its own). Returns the files written.

    Cancel raises ``Cancelled`` and removes every file this call wrote.
    Raises ``ValidationError`` when neither target is given, ``NotFound`` for an unknown id.
    """
    if out_dir is None and combined is None:
        raise ValidationError(
            "packet-no-target", "请指定输出文件夹或合并文件", "give an output folder or a combined file", field="out_dir"
        )
    ids = list(ids)
    total = len(ids) * ((out_dir is not None) + (combined is not None))
    done = 0
    written: list[Path] = []
    report = progress or (lambda _d, _t, _m: None)

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise Cancelled()

    styles = make_styles()
    try:
        if out_dir is not None:
            folder = Path(out_dir)
            for key in ids:
                check_cancel()
                d = load_packet_data(db, key, today)
                target = folder / packet_file_name(d.app_no, d.client["name"])
                written.append(_write_atomically(target, packet_story(d, styles), f"授信审批报告 {d.app_no}", d.bank_name))
                done += 1
                report(done, total, f"{d.app_no} {d.client['name']}")
        if combined is not None:
            story: list = []
            bank = ""

            def started(section: Section) -> None:
                nonlocal done
                check_cancel()
                done += 1
                report(done, total, section.app_no)

            for key in ids:
                check_cancel()
                d = load_packet_data(db, key, today)
                bank = d.bank_name
                if story:
                    story.append(PageBreak())
                story += packet_story(d, styles, on_start=started)
            if not story:
                story = [Paragraph("没有需要打印的授信申请。", styles.body)]
            written.append(_write_atomically(Path(combined), story, "授信审批报告（合并）", bank))
    except Cancelled:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
