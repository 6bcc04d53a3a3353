"""Running service work off the GUI thread, with progress and Cancel.

The one module that knows about threads. A task is a plain function
``fn(progress, cancel) -> result`` from the services layer: ``progress(done,
total, message)`` reports, ``cancel()`` returns True once the user asked to
stop (the service then raises ``Cancelled`` after rolling back). The function
opens its own database connection: a connection belongs to its thread.

All tasks run on one single-thread pool, so database writes are serialised
(several writers at once is how "database is locked" happens). Results and
errors come back on the GUI thread through queued signals.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from workbench.services.errors import Cancelled

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]

_POOL: QThreadPool | None = None
_LIVE: set[TaskHandle] = set()
_PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress updates a second


def task_pool() -> QThreadPool:
    """The single-thread pool every task runs on."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
    return _POOL


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runner(QRunnable):
    def __init__(self, handle: TaskHandle, fn: Callable[[Progress, CancelCheck], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._handle = handle
        self._fn = fn

    def run(self) -> None:  # worker thread
        handle = self._handle
        last = 0.0

        def progress(done: int, total: int, message: str = "") -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= _PROGRESS_INTERVAL_S or done >= total:
                last = now
                handle._signals.progressed.emit(int(done), int(total), str(message))

        try:
            result = self._fn(progress, handle.is_cancelled)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            exc.__dict__.setdefault("formatted_traceback", traceback.format_exc())
            handle._signals.failed.emit(exc)
        else:
            handle._signals.succeeded.emit(result)
        finally:
            handle._done.set()


class TaskHandle:
    """A running task: ask it to stop, wait for it, see whether it ended."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._signals = _Signals()
        self.dialog: QProgressDialog | None = None
        self.result: Any = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        """Ask the task to stop; it rolls back and ends with ``Cancelled``."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the worker thread has finished (not for use in normal GUI flow)."""
        return self._done.wait(timeout_s)


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[[Progress, CancelCheck], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    show_progress: bool = True,
    on_cancelled: Callable[[], None] | None = None,
) -> TaskHandle:
    """Run ``fn(progress, cancel)`` on the worker thread; call back on the GUI thread.

    ``on_done(result)`` on success; ``on_cancelled()`` (or nothing) when the
    user cancelled; ``on_error(exc)`` for any other failure (the exception
    carries ``formatted_traceback``). A window-modal progress dialog with
    Cancel is shown unless the task finishes within its minimum duration.
    """
    handle = TaskHandle()
    _LIVE.add(handle)

    if show_progress:
        dialog = QProgressDialog(title, QProgressDialog.tr("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(handle.cancel)
        handle.dialog = dialog

        def show_progress_update(done: int, total: int, message: str) -> None:
            # A local reference: setValue() on a modal dialog processes events,
            # which may run finish() and clear handle.dialog under our feet.
            box = handle.dialog
            if box is None:
                return
            if message:
                box.setLabelText(message)
            box.setMaximum(max(total, 0))
            box.setValue(min(done, total) if total > 0 else 0)

        handle._signals.progressed.connect(show_progress_update)

    def finish() -> None:
        _LIVE.discard(handle)
        if handle.dialog is not None:
            handle.dialog.canceled.disconnect(handle.cancel)
            handle.dialog.close()
            handle.dialog.deleteLater()
            handle.dialog = None

    def succeeded(result: Any) -> None:
        handle.result = result
        finish()
        on_done(result)

    def failed(exc: BaseException) -> None:
        handle.error = exc
        finish()
        if isinstance(exc, Cancelled):
            if on_cancelled is not None:
                on_cancelled()
            return
        if on_error is not None:
            on_error(exc)
        else:
            raise exc

    handle._signals.succeeded.connect(succeeded)
    handle._signals.failed.connect(failed)
    task_pool().start(_Runner(handle, fn))
    return handle


def shutdown_tasks(timeout_s: float = 30.0) -> None:
    """Cancel every running task and wait for the workers (call when the window closes)."""
    for handle in list(_LIVE):
        handle.cancel()
    task_pool().waitForDone(int(timeout_s * 1000))
