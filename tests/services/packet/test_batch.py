"""Batch packets (folder and combined file, progress, cancel) and the headless commands."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.services.packet.fixtures import TODAY
from workbench.cli import main
from workbench.services.errors import Cancelled, ValidationError
from workbench.services.packet import (
    application_ids_with_status,
    build_packets,
    packet_file_name,
)


def _texts(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_folder_one_file_each_with_progress(db, apps, tmp_path):
    ids = application_ids_with_status(db, "under_approval")
    assert ids == [apps.short_id, apps.long_id]
    seen = []
    written = build_packets(db, ids, out_dir=tmp_path / "out", progress=lambda d, t, m: seen.append((d, t, m)),
                            today=TODAY)
    assert [p.name for p in written] == [
        "SQ-2025-0012_杭州鑫瑞智能科技有限公司.pdf", "SQ-2025-0013_杭州鑫瑞智能科技有限公司.pdf"]
    assert [(d, t) for d, t, _ in seen] == [(1, 2), (2, 2)]
    assert "SQ-2025-0013" in _texts(written[1])[0]


def test_combined_numbers_each_packet_on_its_own(db, apps, tmp_path):
    combined = tmp_path / "all.pdf"
    written = build_packets(db, [apps.short_id, apps.long_id], combined=combined, today=TODAY)
    assert written == [combined]
    pages = _texts(combined)
    footers = [re.search(r"申请编号：(\S+) 第 (\d+) 页 / 共 (\d+) 页", p).groups() for p in pages]
    short = [f for f in footers if f[0] == "SQ-2025-0012"]
    long = [f for f in footers if f[0] == "SQ-2025-0013"]
    assert len(short) + len(long) == len(pages)
    for group in (short, long):
        assert [int(n) for _, n, _ in group] == list(range(1, len(group) + 1))
        assert {int(t) for _, _, t in group} == {len(group)}
    # each packet starts on a fresh page with its own cover
    assert pages[len(short)].startswith("浙江示范银行") and "SQ-2025-0013" in pages[len(short)]


def test_cancel_removes_what_was_written(db, apps, tmp_path):
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1  # let the first packet finish, then stop

    with pytest.raises(Cancelled):
        build_packets(db, [apps.short_id, apps.long_id], out_dir=tmp_path / "out", cancel=cancel, today=TODAY)
    assert list((tmp_path / "out").iterdir()) == []


def test_cancel_combined_leaves_no_file(db, apps, tmp_path):
    with pytest.raises(Cancelled):
        build_packets(db, [apps.short_id, apps.long_id], combined=tmp_path / "all.pdf",
                      cancel=lambda: True, today=TODAY)
    assert list(tmp_path.glob("*.pdf*")) == []


def test_needs_a_target(db, apps):
    with pytest.raises(ValidationError):
        build_packets(db, [apps.short_id])


def test_file_name_is_safe():
    assert packet_file_name("SQ-1", "杭州 鑫瑞") == "SQ-1_杭州_鑫瑞.pdf"
    name = packet_file_name("SQ/1", 'A:B*C "D"')
    assert not set('/\\:*?"<>| ') & set(name)


def test_cli_packet_by_app_no_and_id(db_path, db, apps, tmp_path, capsys):
    out = tmp_path / "one.pdf"
    assert main(["--db", str(db_path), "packet", "SQ-2025-0012", "--out", str(out)]) == 0
    assert "SQ-2025-0012" in _texts(out)[0]
    out2 = tmp_path / "two.pdf"
    assert main(["--db", str(db_path), "packet", str(apps.long_id), "--out", str(out2)]) == 0
    assert "SQ-2025-0013" in _texts(out2)[0]
    assert main(["--db", str(db_path), "packet", "NOPE", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "NOPE" in capsys.readouterr().err


def test_cli_packets_folder_and_combined(db_path, db, apps, tmp_path, capsys):
    folder, combined = tmp_path / "dir", tmp_path / "all.pdf"
    code = main(["--db", str(db_path), "packets", "--status", "under_approval", "--out", str(folder),
                 "--combined", str(combined)])
    assert code == 0
    assert len(list(folder.glob("*.pdf"))) == 2
    assert combined.exists()
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3
