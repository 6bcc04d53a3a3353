from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.text import clean_text, digits_only, header_key, is_blank, neutralize_formula, to_halfwidth


def test_halfwidth_and_clean():
    assert to_halfwidth("ＡＢＣ１２３（）") == "ABC123()"
    assert to_halfwidth("中文、。") == "中文、。"
    assert clean_text("  杭州\u3000 鑫瑞  ") == "杭州 鑫瑞"
    assert clean_text(None) == ""
    assert clean_text(12) == "12"
    assert digits_only("138-0000 1234") == "13800001234"
    assert is_blank("  \u3000") and is_blank(None) and not is_blank("x")


def test_header_key():
    assert header_key("年营业收入（万元）") == "年营业收入"
    assert header_key(" Company name ") == "companyname"
    assert header_key("贷款金额(元)") == "贷款金额"


def test_neutralize_formula():
    assert neutralize_formula("=1+1") == "'=1+1"
    assert neutralize_formula("@SUM(A1)") == "'@SUM(A1)"
    assert neutralize_formula("-2") == "'-2"
    assert neutralize_formula("abc") == "abc"
    assert neutralize_formula(-2) == -2


@given(st.text())
def test_clean_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


def test_control_and_bidi_characters_are_dropped():
    assert clean_text("甲\u202e公司\x00\x07") == "甲公司"
    assert clean_text("a\tb\nc\r\nd") == "a b c d"
    assert clean_text("\u200b杭州\u2066鑫瑞\u2069") == "杭州鑫瑞"
