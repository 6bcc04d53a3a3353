"""Menu actions that keep their source text, so a language switch can retranslate them.

Mark the text for lupdate where it is written::

    translatable_action(window, "ToolMenu", QT_TRANSLATE_NOOP("ToolMenu", "&Audit log…"))
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction

_CONTEXT = "tr_context"
_SOURCE = "tr_source"


def translatable_action(parent: QObject, context: str, source: str) -> QAction:
    """A QAction showing ``source`` translated in ``context``, remembering both."""
    action = QAction(QCoreApplication.translate(context, source), parent)
    action.setProperty(_CONTEXT, context)
    action.setProperty(_SOURCE, source)
    return action


def retranslate_action(action: QAction) -> None:
    """Translate the action's text again in the installed language (no-op for other actions)."""
    context, source = action.property(_CONTEXT), action.property(_SOURCE)
    if context and source:
        action.setText(QCoreApplication.translate(context, source))
