"""lupdate files every string under the class it is written in; a string it cannot place
(context '' or a variable name such as 'dialog') is never translated at run time."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "workbench_zh_CN.ts"


def test_every_context_is_a_class_or_a_named_table():
    names = {c.findtext("name") for c in ET.parse(TS).getroot().iter("context")}
    assert names, "no contexts"
    bad = sorted(n for n in names if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n or ""))
    assert bad == []
