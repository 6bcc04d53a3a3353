"""Use cases. No Qt here: progress and cancel travel as plain callables."""
