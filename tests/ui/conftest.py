"""UI tests start in the source language (English) whatever an earlier test installed."""

import pytest

from workbench.ui import i18n


@pytest.fixture(autouse=True)
def _source_language():
    i18n.install_language("en")
    yield
    i18n.install_language("en")
