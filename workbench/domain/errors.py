"""The base of the domain's input errors: what was given, and why it is refused in Chinese and English."""

from __future__ import annotations


class DomainError(ValueError):
    """Bad input to a domain rule; ``value`` is what was given, ``str(error)`` is ``reason_en``."""

    def __init__(self, value: object, reason_zh: str, reason_en: str) -> None:
        self.value = value
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(reason_en)
