"""Screenshots for the README, taken from the real window on the demo portfolio.

    xvfb-run -s "-screen 0 1440x900x24" python tools/screenshots.py [--db DEMO.db] [--out docs/screenshots]

Writes dashboard.png, clients.png and client_record.png. Without ``--db`` the
demo portfolio is generated into a temporary file first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _wait(app, until, timeout_s: float = 20.0) -> None:
    end = time.monotonic() + timeout_s
    while not until() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"))
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.store import open_db
    from workbench.ui.context import AppContext, CurrentUser
    from workbench.ui.dialogs.client import ClientDialog
    from workbench.ui.fonts import install_app_font
    from workbench.ui.main_window import MainWindow

    db_path = args.db
    if db_path is None or not db_path.exists():
        from workbench.services.demo import build_demo_portfolio

        db_path = db_path or Path(tempfile.mkdtemp()) / "demo.db"
        build_demo_portfolio(db_path)
    args.out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    install_app_font(app)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", args.language)
    settings.setValue("profile/officer", "王芳")
    settings.setValue("profile/branch", "杭州西湖支行")
    db = open_db(db_path)
    ctx = AppContext(db_path=db_path, db=db, user=CurrentUser("wangfang", "王芳", "officer"), settings=settings)
    window = MainWindow(ctx, start_page="dashboard")
    window.resize(1400, 860)
    window.show()
    dash = window.pages["dashboard"]
    _wait(app, lambda: dash.loaded)
    window.grab().save(str(args.out / "dashboard.png"))

    window.navigate("clients")
    _wait(app, lambda: window.pages["clients"].model.rowCount() > 0)
    window.grab().save(str(args.out / "clients.png"))

    # The client with the most history makes the fullest record.
    client_id = db.execute(
        "SELECT c.id FROM clients c WHERE c.phone IS NOT NULL AND c.industry IS NOT NULL ORDER BY"
        " (SELECT count(*) FROM visits v WHERE v.client_id = c.id) +"
        " (SELECT count(*) FROM loans n WHERE n.client_id = c.id) +"
        " (SELECT count(*) FROM applications a WHERE a.client_id = c.id) DESC LIMIT 1"
    ).fetchone()[0]
    dialog = ClientDialog(ctx, client_id, window)
    dialog.resize(900, 760)
    dialog.show()
    _wait(app, lambda: dialog.isVisible())
    dialog.grab().save(str(args.out / "client_record.png"))
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # its loans
    _wait(app, lambda: True)
    dialog.grab().save(str(args.out / "client_record_loans.png"))
    dialog.close()
    window.close()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
