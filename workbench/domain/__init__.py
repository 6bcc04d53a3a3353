"""Pure rules and value types. Imports nothing else of the project; no Qt, no SQL."""
