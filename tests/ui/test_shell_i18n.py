"""Translations: every message in the .ts is translated, the .qm matches it, the .ts matches the code."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import update_translations as ut  # noqa: E402

HINT = "run: python tools/update_translations.py (and add the missing English → Chinese to zh_CN_strings.json)"


def test_every_message_in_the_ts_is_translated():
    unfinished = [
        (ctx, src) for ctx, src, tr in ut.messages() if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip()
    ]
    assert not unfinished, f"untranslated: {unfinished[:20]} — {HINT}"


def test_qm_is_built_from_the_ts():
    translator = QTranslator()
    assert translator.load(str(ut.QM))
    wrong = [
        (ctx, src) for ctx, src, tr in ut.messages()
        if tr is not None and tr.text and translator.translate(ctx, src) != tr.text
    ]
    assert not wrong, f"the .qm is stale for {wrong[:10]} — {HINT}"


def test_ts_holds_every_string_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(ut.TS, fresh)
    ut.run_lupdate(fresh)
    current = {(c, s) for c, s, _ in ut.messages(ut.TS)}
    in_code = {(c, s) for c, s, _ in ut.messages(fresh)}
    assert in_code <= current, f"strings not in the .ts yet: {sorted(in_code - current)[:20]} — {HINT}"


def test_chinese_is_the_default_and_english_is_the_source(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication, QSettings

    from workbench.ui import i18n

    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    assert i18n.saved_language(settings) == "zh_CN"
    i18n.install_language("zh_CN")
    assert QCoreApplication.translate("MainWindow", "Clients") == "客户"
    assert QCoreApplication.translate("QDialogButtonBox", "Cancel") in ("取消", "Cancel")
    i18n.install_language("en")
    assert QCoreApplication.translate("MainWindow", "Clients") == "Clients"
    ET.parse(ut.TS)  # well-formed
