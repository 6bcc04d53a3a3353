"""The SQLite file: connection, schema migrations, audit log, queries."""

from sqlite3 import Error as StoreError

from sqlite_utils import Database

from workbench.store.db import SCHEMA_VERSION_KEY, open_db

__all__ = ["SCHEMA_VERSION_KEY", "Database", "StoreError", "open_db"]
