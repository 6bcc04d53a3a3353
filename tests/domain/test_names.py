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


def _reference_initials(name: str) -> str:
    """The character-by-character definition the fast table must reproduce."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    from workbench.domain.names import _phrase_reading

    out = []
    for i, ch in enumerate(name):
        readings = pinyin_dict.get(ord(ch))
        if readings is None:
            if ch.isascii() and ch.isalnum():
                out.append(ch.lower())
            continue
        reading = (_phrase_reading(name, i) or readings.split(",", 1)[0]) if "," in readings else readings
        out.append(unicodedata.normalize("NFD", reading)[0].lower())
    return "".join(out)


# characters with several readings (some decided by the phrase), plus ASCII and punctuation
_MIXED = "重庆长安行长银行盛有限公司音乐快乐调查单于曾朝阳会计参差都市厦门广东AbZ09 -（）·、々\u3000²é"


@given(st.text(alphabet=_MIXED, min_size=1, max_size=10))
def test_initials_equal_the_per_character_definition(name):
    assert name_initials(name) == _reference_initials(name)


@given(st.text(min_size=1, max_size=8))
def test_name_chars_tokens_are_ascii_runs_or_single_letters(name):
    tokens = name_chars(name).split(" ") if name_chars(name) else []
    for token in tokens:
        assert (token.isascii() and token.isalnum()) or (len(token) == 1 and token.isalnum())
    assert "".join(tokens) == "".join(ch for ch in name if ch.isalnum() and not ch.isspace())
