"""Pieces of the demo portfolio generator (:mod:`workbench.services.demo`).

Each module turns a seeded ``random.Random`` into plain row tuples; nothing
here touches the database except :mod:`.writer`.
"""
