"""Qt widgets. PySide6 is imported here and nowhere below."""
