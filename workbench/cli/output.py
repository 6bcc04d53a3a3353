"""Shared output helpers for headless commands."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any) -> None:
    """Print ``value`` as JSON (UTF-8, Chinese kept readable)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 2) -> int:
    """Print an error for the user and return the exit code."""
    print(message, file=sys.stderr)
    return code
