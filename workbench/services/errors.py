"""Structured errors that services raise; the UI and CLI turn them into words.

Every message exists in Chinese and English so the UI can show the user's language.
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base: ``code`` is stable for tests; ``field`` names the input at fault, if any."""

    def __init__(self, code: str, message_zh: str, message_en: str, field: str | None = None, **values) -> None:
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field
        self.values = values
        super().__init__(f"{message_en} / {message_zh}")

    def message(self, language: str = "zh") -> str:
        """The message in ``language`` ('zh' or 'en')."""
        return self.message_en if language.startswith("en") else self.message_zh


class ValidationError(ServiceError):
    """Input that cannot be accepted; nothing was written."""


class NotFound(ServiceError):
    """The record asked for does not exist."""


class PermissionDenied(ServiceError):
    """The current user's role may not do this."""


class IllegalTransition(ServiceError):
    """A workflow step that the current state does not allow; nothing changed."""


class Cancelled(Exception):
    """The user cancelled a long task; everything it did was rolled back."""
