"""Fixtures for the shell engineer's UI tests: a small portfolio and an AppContext."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from tests.services.shell_fixtures import add_client, make_uscc  # noqa: F401 - re-exported
from workbench.ui import i18n
from workbench.ui.context import AppContext, CurrentUser

NAMES = ("杭州鑫瑞科技有限公司", "宁波海通贸易有限公司", "温州鑫达鞋业有限公司", "嘉兴华美纺织有限公司")


def make_ctx(db, db_path, tmp_path, language: str = "zh_CN") -> AppContext:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", language)
    i18n.install_language(language)
    return AppContext(db_path=db_path, db=db, user=CurrentUser("wangfang", "王芳", "officer"), settings=settings)


@pytest.fixture
def portfolio(db):
    """Four clients; returns their ids by name."""
    return {name: add_client(db, name, i + 1, officer="王芳" if i % 2 == 0 else "刘强") for i, name in enumerate(NAMES)}


@pytest.fixture
def ctx(db, db_path, tmp_path, portfolio):
    yield make_ctx(db, db_path, tmp_path)
    # Leave the source language installed: other tests assert English texts.
    i18n.install_language("en")
