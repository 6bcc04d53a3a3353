"""Refresh the Chinese translation: lupdate → fill from zh_CN_strings.json → lrelease.

    python tools/update_translations.py            # update .ts and .qm, list what is missing
    python tools/update_translations.py --check    # exit 1 when a message has no translation

``resources/translations/zh_CN_strings.json`` maps English source text to
Chinese. A key ``"Context|source"`` overrides the plain ``"source"`` key for
one context (when the same English needs different Chinese).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
TS = TRANSLATIONS / "workbench_zh_CN.ts"
QM = TRANSLATIONS / "workbench_zh_CN.qm"
STRINGS = TRANSLATIONS / "zh_CN_strings.json"
SOURCES = ("workbench/ui",)


def _tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(found).exists() and not shutil.which(found):
        raise SystemExit(f"{name} not found (install PySide6)")
    return found


def run_lupdate(ts: Path = TS) -> None:
    """Collect every tr()/translate()/QT_TRANSLATE_NOOP string under workbench/ui into ``ts``."""
    subprocess.run(
        [_tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none", "-silent",
         *SOURCES, "-ts", str(ts)],
        cwd=ROOT, check=True,
    )


def run_lrelease(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def messages(ts: Path = TS):
    """(context, source, translation element) for every message in ``ts``."""
    tree = ET.parse(ts)
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message.find("translation")


def fill(ts: Path = TS, strings: Path = STRINGS) -> list[tuple[str, str]]:
    """Write translations from ``strings`` into ``ts``; returns the (context, source) still missing."""
    table: dict[str, str] = json.loads(strings.read_text(encoding="utf-8")) if strings.exists() else {}
    tree = ET.parse(ts)
    root = tree.getroot()
    missing = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = table.get(f"{name}|{source}") or table.get(source)
            if message.get("numerus") == "yes":
                for child in list(translation):
                    translation.remove(child)
                if text:
                    ET.SubElement(translation, "numerusform").text = text
            elif text:
                translation.text = text
            if text:
                translation.attrib.pop("type", None)
            else:
                translation.set("type", "unfinished")
                missing.append((name, source))
    body = ET.tostring(root, encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a message is untranslated")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    run_lupdate()
    missing = fill()
    run_lrelease()
    total = sum(1 for _ in messages())
    print(f"{total} messages, {total - len(missing)} translated, {len(missing)} missing -> {QM.relative_to(ROOT)}")
    for context, source in missing:
        print(f"  missing [{context}] {source!r}")
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
