"""The one search engine: name substring (FTS5), USCC prefix, legal representative, pinyin initials."""

from __future__ import annotations

import pytest

from tests.services.shell_fixtures import add_client, make_uscc
from workbench.cli import main
from workbench.services.search import search_clients


@pytest.fixture
def three(db):
    ids = {
        "hz": add_client(db, "杭州鑫瑞科技有限公司", 1, legal_rep="李明"),
        "nb": add_client(db, "宁波海通贸易有限公司", 2, legal_rep="王五"),
        "wz": add_client(db, "温州鑫达鞋业有限公司", 3, legal_rep="李四"),
    }
    return ids


@pytest.mark.parametrize(
    "query, expected",
    [
        ("鑫", {"hz", "wz"}),            # one character
        ("鑫瑞", {"hz"}),                # two characters inside the name
        ("有限公司", {"hz", "nb", "wz"}),
        ("海通贸", {"nb"}),
        ("瑞科鑫", set()),               # characters present but not as a substring
        ("hzxr", {"hz"}),                # pinyin initials prefix
        ("HZXR", {"hz"}),
        ("xrkj", {"hz"}),                # initials substring
        ("李", {"hz", "wz"}),            # legal representative prefix
        ("王五", {"nb"}),
        ("９１３３０１００００００００００２", {"nb"}),  # full-width USCC prefix
        ("", set()),
    ],
)
def test_search_matches(db, three, query, expected):
    names = {v: k for k, v in three.items()}
    assert {names[h.id] for h in search_clients(db, query)} == expected


def test_uscc_prefix_and_limit(db, three):
    hits = search_clients(db, "91330100", limit=2)
    assert len(hits) == 2
    exact = search_clients(db, make_uscc(3))
    assert [h.id for h in exact] == [three["wz"]]


def test_renamed_client_is_found_by_new_name_only(db, three):
    from workbench.services.clients import get_client, save_client
    save_client(db, "wangfang", get_client(db, three["nb"]) | {"name": "舟山远洋渔业公司"}, client_id=three["nb"])
    assert [h.id for h in search_clients(db, "远洋")] == [three["nb"]]
    assert search_clients(db, "海通") == []
    assert [h.id for h in search_clients(db, "zsyy")] == [three["nb"]]


def test_cli_search_json(db_path, capsys):
    import json

    from workbench.store import open_db
    db = open_db(db_path)
    add_client(db, "杭州鑫瑞科技有限公司", 1)
    db.close()
    assert main(["--db", str(db_path), "clients", "search", "hzxr", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["name"] == "杭州鑫瑞科技有限公司" and out[0]["uscc"] == make_uscc(1)
    assert main(["--db", str(db_path), "clients", "search", "鑫瑞", "--limit", "5"]) == 0
    assert "杭州鑫瑞科技有限公司" in capsys.readouterr().out


# ---- property: any substring of any name finds that client, and only names containing it

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

POOL = "杭州鑫瑞科技宁波海通贸易温州达鞋业有限公司华美纺织重庆长乐"
NAMES = [
    "杭州鑫瑞科技有限公司", "宁波海通贸易有限公司", "温州鑫达鞋业有限公司", "重庆长乐纺织有限公司",
    "华美科技", "海通达贸易", "乐乐乐", "鑫", "州州杭州",
]


@pytest.fixture(scope="module")
def named_db(tmp_path_factory):
    from workbench.store import open_db

    db = open_db(tmp_path_factory.mktemp("search") / "p.db")
    for i, name in enumerate(NAMES):
        add_client(db, name, 500 + i, legal_rep="Q")  # a legal representative no query matches
    yield db
    db.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_substring_finds_exactly_the_names_containing_it(named_db, data):
    name = data.draw(st.sampled_from(NAMES))
    start = data.draw(st.integers(0, len(name) - 1))
    end = data.draw(st.integers(start + 1, len(name)))
    query = name[start:end]
    found = {h.name for h in search_clients(named_db, query, limit=100)}
    assert found == {n for n in NAMES if query in n}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=POOL, min_size=1, max_size=4))
def test_arbitrary_cjk_queries_never_return_non_matching_names(named_db, query):
    found = {h.name for h in search_clients(named_db, query, limit=100)}
    assert found == {n for n in NAMES if query in n}
