"""The SQLite file: connection, schema migrations, audit log, queries."""

from workbench.store.db import open_db, SCHEMA_VERSION_KEY

__all__ = ["open_db", "SCHEMA_VERSION_KEY"]
