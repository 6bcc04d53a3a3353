import threading
import time

from workbench.services.errors import Cancelled
from workbench.ui.tasks import run_task


def test_result_comes_back_on_the_gui_thread(qtbot):
    seen = {}
    gui_thread = threading.get_ident()

    def work(progress, cancel):
        for i in range(5):
            progress(i + 1, 5, "step")
        return threading.get_ident()

    def done(worker_thread):
        seen["worker"] = worker_thread
        seen["callback"] = threading.get_ident()

    handle = run_task(None, "t", work, done)
    qtbot.waitUntil(lambda: "callback" in seen, timeout=5000)
    assert seen["callback"] == gui_thread
    assert seen["worker"] != gui_thread
    assert handle.is_done() and handle.result == seen["worker"]


def test_cancel_ends_with_on_cancelled_not_on_done(qtbot):
    outcome = []
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while not cancel():
            time.sleep(0.01)
        raise Cancelled()

    handle = run_task(None, "t", work, lambda r: outcome.append("done"),
                      lambda e: outcome.append("error"), on_cancelled=lambda: outcome.append("cancelled"))
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == ["cancelled"]


def test_errors_reach_on_error_with_traceback(qtbot):
    errors = []

    def work(progress, cancel):
        raise ValueError("bad row 7")

    run_task(None, "t", work, lambda r: None, errors.append, show_progress=False)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "bad row 7"
    assert "ValueError" in errors[0].formatted_traceback
