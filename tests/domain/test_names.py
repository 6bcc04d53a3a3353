import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from workbench.domain.names import fts_phrase, name_chars, name_initials


@pytest.mark.parametrize(
    "name, initials",
    [
        ("杭州鑫瑞贸易有限公司", "hzxrmyyxgs"),
        ("重庆长安汽车配件厂", "cqcaqcpjc"),  # 重 and 长 read by their phrase
        ("长沙重工机械有限公司", "cszgjxyxgs"),
        ("ABC科技(上海)有限公司", "abckjshyxgs"),
    ],
)
def test_initials(name, initials):
    assert name_initials(name) == initials


@given(st.text(alphabet="杭州鑫瑞贸易有限公司温岭机械厂宁波海曙区服装店", min_size=1, max_size=12))
def test_initials_agree_with_pypinyin_segmentation_on_unambiguous_characters(name):
    reference = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
    assert name_initials(name) == reference


def test_name_chars_spaces_cjk_and_keeps_ascii_words():
    assert name_chars("ABC科技 (上海)") == "ABC 科 技 上 海"


def test_fts_phrase_quotes_and_escapes():
    assert fts_phrase('鑫瑞"') == '"鑫 瑞"'
    assert fts_phrase("  ") == ""
