"""Shared fixtures. Qt runs offscreen; every test gets its own data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    return home


@pytest.fixture
def db_path(tmp_path) -> Path:
    """Path of a fresh, migrated portfolio database in a temp folder."""
    from workbench.store import open_db

    path = tmp_path / "portfolio.db"
    open_db(path).close()
    return path


@pytest.fixture
def db(db_path):
    """An open connection to a fresh portfolio database."""
    from workbench.store import open_db

    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def data_dir() -> Path:
    """tests/data: sample spreadsheets and their expected results."""
    return DATA
