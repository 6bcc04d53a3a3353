"""Fixtures for the reliability tests: a small real portfolio on disk."""

from __future__ import annotations

import pytest
from reliability_helpers import populate

from workbench.store import open_db


@pytest.fixture
def portfolio(db_path):
    """A database file with 5 clients and 3 loans; returns its path (closed)."""
    db = open_db(db_path)
    populate(db)
    db.close()
    return db_path


@pytest.fixture(autouse=True)
def _forget_passphrases(monkeypatch):
    """The passphrase registry is per process: no test sees another's, nor the developer's variable."""
    from workbench.store.db import PASSPHRASE_ENV, clear_passphrase

    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    yield
    clear_passphrase()
