"""Languages: Simplified Chinese (default) and English (the source text).

Installs our ``resources/translations/workbench_zh_CN.qm`` and Qt's own
``qtbase_zh_CN.qm`` (so standard dialogs and buttons speak Chinese too).
The choice is kept in QSettings under ``ui/language``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from workbench import paths

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
SETTINGS_KEY = "ui/language"

_installed: list[QTranslator] = []
_current: str | None = None


def saved_language(settings: QSettings) -> str:
    """The language the user chose (Chinese unless they chose English)."""
    value = str(settings.value(SETTINGS_KEY, DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str | None:
    """The language whose translators are installed now (None before the first install)."""
    return _current


def qm_path():
    return paths.resource("translations", "workbench_zh_CN.qm")


def install_language(language: str, app: QCoreApplication | None = None) -> bool:
    """Replace the installed translators with ``language``'s; True when ours loaded (or English)."""
    global _current
    app = app or QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if _current == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    loaded = ours.load(str(qm_path()))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return loaded


def ensure_language(settings: QSettings) -> str:
    """Install the saved language unless it is already installed; returns it."""
    language = saved_language(settings)
    if _current != language:
        install_language(language)
    return language


def set_language(settings: QSettings, language: str) -> None:
    """Persist ``language`` and install it."""
    settings.setValue(SETTINGS_KEY, language)
    install_language(language)
