"""The SQLite file: connection, schema migrations, audit log, queries."""

from sqlite_utils import Database

from workbench.store.db import SCHEMA_VERSION_KEY, open_db

__all__ = ["SCHEMA_VERSION_KEY", "Database", "open_db"]
