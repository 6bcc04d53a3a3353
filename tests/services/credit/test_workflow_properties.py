"""Property: any sequence of attempted steps keeps the chain's invariants."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workbench.services import applications as apps
from workbench.services import workflow
from workbench.services.errors import IllegalTransition, PermissionDenied, ValidationError
from workbench.store import audit, open_db

from .conftest import USERS, add_client, draft

ACTORS = [u for u, _, _ in USERS]
RANDOM_STEP = st.tuples(st.sampled_from(ACTORS), st.sampled_from(workflow.ACTIONS), st.booleans())
# "next": some user who may act takes one of their allowed actions (reaches the deep states).
NEXT_STEP = st.tuples(st.just("*"), st.integers(0, 6), st.just(True))
STEPS = st.lists(st.one_of(NEXT_STEP, NEXT_STEP, RANDOM_STEP), max_size=16)


def _resolve(db, app_id: int, actor: str, action, pick: int) -> tuple[str, str]:
    if actor != "*":
        return actor, action
    options = [(u, a) for u in ACTORS for a in workflow.allowed_actions(db, u, app_id)]
    return options[pick % len(options)] if options else ("wangfang", "submit")


def _fresh_db(password_hash: str):
    folder = Path(tempfile.mkdtemp(prefix="wf-"))
    db = open_db(folder / "p.db")
    now = audit.utc_now()
    db["users"].insert_all([{"username": u, "display_name": d, "role": r, "password_hash": password_hash,
                             "created_at": now} for u, d, r in USERS])
    db.client_id = add_client(db)
    return db, folder


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
@example(steps=[("wangfang", "submit", False), ("lijun", "take_review", False), ("lijun", "pass_review", True),
                ("zhaomin", "approve", True)])
@example(steps=[("wangfang", "submit", False), ("lijun", "take_review", False), ("lijun", "return", True),
                ("wangfang", "resubmit", False), ("zhouyu", "take_review", False), ("zhouyu", "pass_review", False),
                ("lijun", "approve", True), ("admin", "approve", True)])
def test_random_steps_keep_the_invariants(password_hash, steps):
    db, folder = _fresh_db(password_hash)
    try:
        app_id = draft(db)
        for actor, action, with_opinion in steps:
            actor, action = _resolve(db, app_id, actor, action, action if actor == "*" else 0)
            before = apps.get_application(db, app_id)
            audit_rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
            try:
                after = workflow.act(db, actor, app_id, action, opinion="意见" if with_opinion else None)
            except (IllegalTransition, PermissionDenied, ValidationError):
                # refused: nothing changed
                assert apps.get_application(db, app_id) == before
                assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows
                continue
            # allowed: exactly the table's transition, one step row, audit rows written
            assert after["status"] == workflow.TRANSITIONS[(before["status"], action)].to_status
            assert len(after["steps"]) == len(before["steps"]) + 1
            assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] > audit_rows
        final = apps.get_application(db, app_id)
        reviewers = {s["actor"] for s in final["steps"] if s["action"] in ("take_review", "pass_review")}
        if final["status"] == "approved":
            assert final["approved_by"] not in reviewers | {final["created_by"]}
            assert final["credit_line"]["limit_fen"] == final["approved_amount_fen"]
        else:
            assert final["credit_line"] is None
        assert final["created_by"] not in reviewers
        assert audit.verify(db) is None
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)

