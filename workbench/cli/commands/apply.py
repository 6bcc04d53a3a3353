"""``workbench application …`` (alias ``apply``): credit applications, lines and loans, headless.

    workbench application list [--status S] [--queue] [--json]
    workbench application show APP [--json]            (APP: id or number SQ…)
    workbench application create --client ID --amount 50万 --term 12 --method 等额本息 ...
    workbench application submit|resubmit|take-review|pass-review|return|reject|approve APP
          [--opinion TEXT] [--amount X] [--term N] [--spread BP]
    workbench application drawdown LINE_ID --amount X [--date YYYY-MM-DD]
    workbench application repay LOAN_ID --principal X [--interest X] [--date YYYY-MM-DD]
    workbench application loan LOAN_ID [--json]
    workbench application lpr [--on DATE] [--json]     workbench application lpr-set DATE 1Y|5Y RATE_BP (admin)

Acts as ``--user`` (default: the OS account name). Commands that write create that
account as an officer if unknown; read-only commands (list, show, loan, lpr) never
create accounts. Output masks guarantors' ID numbers; people are shown by display name.
"""

from __future__ import annotations

import argparse
from datetime import date

from workbench.cli import READS, WRITES, resolve_db, resolve_user
from workbench.cli.output import fail, print_json
from workbench.domain.money import MoneyError, parse_fen
from workbench.domain.schedule import ScheduleError, parse_method
from workbench.services import applications as apps
from workbench.services import lending, lpr, repayments, users, workflow
from workbench.services.application_context import application_context
from workbench.services.errors import ServiceError
from workbench.store import open_db

_ACTIONS = {"submit": "submit", "resubmit": "resubmit", "take-review": "take_review", "pass-review": "pass_review",
            "return": "return", "reject": "reject", "approve": "approve"}
_GUARANTEE_NAMES = {**{v: k for k, v in apps.GUARANTEE_LABELS_ZH.items()}, **{k: k for k in apps.GUARANTEE_TYPES}}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("application", aliases=["apply"], help="credit applications and loans / 授信申请与贷款")
    cmds = p.add_subparsers(dest="app_command", metavar="ACTION", required=True)

    ls = cmds.add_parser("list", help="list applications / 申请列表")
    ls.add_argument("--status", choices=tuple(apps.STATUS_LABELS_ZH))
    ls.add_argument("--queue", action="store_true", help="only those waiting for --user / 待我处理")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list, db_access=READS)

    show = cmds.add_parser("show", help="one application with its history / 申请详情")
    show.add_argument("app")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=_show, db_access=READS)

    create = cmds.add_parser("create", help="draft an application / 新建申请")
    create.add_argument("--client", type=int, required=True, help="client id")
    create.add_argument("--product", default="流动资金贷款")
    create.add_argument("--amount", required=True, help="元, e.g. 500000 or 50万")
    create.add_argument("--term", type=int, required=True, help="months")
    create.add_argument("--method", default="annuity", help="等额本息 / annuity …")
    create.add_argument("--guarantee", default="credit", help="信用/保证/抵押/质押 or credit/guarantee/mortgage/pledge")
    create.add_argument("--lpr", default="1Y", choices=("1Y", "5Y"))
    create.add_argument("--spread", type=int, default=0, help="basis points over the LPR")
    create.add_argument("--purpose")
    create.add_argument("--json", action="store_true")
    create.set_defaults(func=_create, db_access=WRITES)

    for name, action in _ACTIONS.items():
        a = cmds.add_parser(name, help=f"{workflow.ACTION_LABELS_EN[action]} / {workflow.ACTION_LABELS_ZH[action]}")
        a.add_argument("app")
        a.add_argument("--opinion")
        if action in ("pass_review", "approve"):
            a.add_argument("--amount", help="changed amount, 元")
            a.add_argument("--term", type=int, help="changed term, months")
            a.add_argument("--spread", type=int, help="changed spread, bp")
        a.set_defaults(func=_act, action=action, db_access=WRITES)

    dd = cmds.add_parser("drawdown", help="draw a loan on a credit line / 放款")
    dd.add_argument("line", type=int)
    dd.add_argument("--amount", required=True)
    dd.add_argument("--date", type=date.fromisoformat)
    dd.add_argument("--term", type=int, help="months, at most the approved term (default: the approved term)")
    dd.set_defaults(func=_drawdown, db_access=WRITES)

    repay = cmds.add_parser("repay", help="record a repayment / 登记还款")
    repay.add_argument("loan", type=int)
    repay.add_argument("--principal", default="0")
    repay.add_argument("--interest", default="0")
    repay.add_argument("--date", type=date.fromisoformat)
    repay.set_defaults(func=_repay, db_access=WRITES)

    rates = cmds.add_parser("lpr", help="the LPR history / LPR历史")
    rates.add_argument("--on", type=date.fromisoformat, help="only the rates in force on this date")
    rates.add_argument("--json", action="store_true")
    rates.set_defaults(func=_lpr, db_access=READS)

    set_rate = cmds.add_parser("lpr-set", help="admin adds or corrects a publication / 管理员维护LPR")
    set_rate.add_argument("published_on", type=date.fromisoformat)
    set_rate.add_argument("tenor", choices=lpr.TENORS)
    set_rate.add_argument("rate_bp", type=int, help="basis points, e.g. 300 for 3.00 %%")
    set_rate.set_defaults(func=_lpr_set, db_access=WRITES)

    loan = cmds.add_parser("loan", help="a loan with its schedule / 借据详情")
    loan.add_argument("loan", type=int)
    loan.add_argument("--json", action="store_true")
    loan.set_defaults(func=_loan, db_access=READS)


def _run(args: argparse.Namespace, work, *, writes: bool = True) -> int:
    """Run ``work(db, actor)``; only commands that write resolve (and if unknown, create) the headless user.

    A read-only command acts as the existing account of that name, or as an
    unsaved officer of that name: listing never creates accounts.
    """
    db = open_db(resolve_db(args))
    try:
        name = resolve_user(args)
        if writes:
            actor = users.ensure_headless_user(db, name)
        else:
            actor = users.find_user(db, name) or users.User(id=0, username=name, display_name=name, role="officer",
                                                              active=True)
        return work(db, actor) or 0
    except ServiceError as exc:
        return fail(f"{exc.message_zh} / {exc.message_en}")
    except (MoneyError, ScheduleError) as exc:
        return fail(f"{exc.reason_zh} / {exc.reason_en}")
    finally:
        db.close()


def _app_id(db, text: str) -> int:
    if text.isdigit():
        return int(text)
    row = db.execute("SELECT id FROM applications WHERE app_no = ?", [text.strip().upper()]).fetchone()
    if row is None:
        raise ServiceError("application_not_found", f"授信申请“{text}”不存在", f"application {text!r} does not exist")
    return row[0]


def _list(args):
    def work(db, actor):
        rows = apps.list_applications(db, status=args.status, waiting_for=(actor.username, actor.role) if args.queue else None)
        if args.json:
            print_json(rows)
            return 0
        for r in rows:
            print(f"{r['app_no']}  {apps.STATUS_LABELS_ZH[r['status']]:<4} {apps.yuan_text(r['amount_fen']):>16} 元"
                  f"  {r['term_months']:>3}月  {r['client_name']}  ({r['created_by_name']})")
        return 0
    return _run(args, work, writes=False)


def _names(db) -> dict[str, str]:
    return {u.username: u.display_name for u in users.list_users(db)}


def _print_app(app: dict, names: dict[str, str]) -> None:
    """Print an application (already passed through ``apps.for_export``); ``names``: username → display name."""
    print(f"{app['app_no']}  {app['client_name']}  [{apps.STATUS_LABELS_ZH[app['status']]} {app['status']}]")
    print(f"  {app['product']}  {apps.yuan_text(app['amount_fen'])} 元  {app['term_months']} 月"
          f"  LPR {app['lpr_tenor']} {app['lpr_bp']}bp + {app['spread_bp']}bp = {app['rate_bp'] / 100:.2f}%")
    if app["approved_amount_fen"] is not None:
        print(f"  approved 批准: {apps.yuan_text(app['approved_amount_fen'])} 元  {app['approved_term_months']} 月"
              f"  {app['approved_rate_bp'] / 100:.2f}%")
    for s in app["steps"]:
        print(f"  {s['acted_at']}  {names.get(s['actor'], s['actor'])} ({s['actor_role']})"
              f"  {workflow.ACTION_LABELS_ZH[s['action']]}  {s['from_status']}→{s['to_status']}  {s['opinion'] or ''}")
    for g in app["guarantors"]:
        print(f"  guarantor 保证人: {g.get('client_name') or g.get('person_name') or ''}  {g.get('id_number') or ''}"
              f"  {g.get('relation') or ''}")
    if app["credit_line"]:
        line = app["credit_line"]
        print(f"  credit line 授信: {line['line_no']} (id {line['id']})  {apps.yuan_text(line['limit_fen'])} 元"
              f"  {line['start_date']}–{line['expiry_date']}")


def _show(args):
    def work(db, actor):
        app = apps.for_export(apps.get_application(db, _app_id(db, args.app)))  # ID numbers masked
        if args.json:
            print_json(app | {"context": application_context(db, app["id"]).as_dict()})
        else:
            _print_app(app, _names(db))
        return 0
    return _run(args, work, writes=False)


def _create(args):
    def work(db, actor):
        guarantee = _GUARANTEE_NAMES.get(args.guarantee.strip())
        if guarantee is None:
            return fail(f"担保方式“{args.guarantee}”无效 / unknown guarantee type {args.guarantee!r}")
        app_id = apps.create_application(
            db, actor.username, args.client, product=args.product, amount_fen=parse_fen(args.amount),
            term_months=args.term, repayment_method=parse_method(args.method), guarantee_type=guarantee,
            lpr_tenor=args.lpr, spread_bp=args.spread, purpose=args.purpose)
        app = apps.get_application(db, app_id)
        print_json({"id": app_id, "app_no": app["app_no"]}) if args.json else print(f"created 已创建: {app['app_no']} (id {app_id})")
        return 0
    return _run(args, work)


def _act(args):
    def work(db, actor):
        changes = {}
        if getattr(args, "amount", None):
            changes["amount_fen"] = parse_fen(args.amount)
        if getattr(args, "term", None):
            changes["term_months"] = args.term
        if getattr(args, "spread", None) is not None:
            changes["spread_bp"] = args.spread
        app = workflow.act(db, actor.username, _app_id(db, args.app), args.action, opinion=args.opinion, **changes)
        _print_app(apps.for_export(app), _names(db))
        return 0
    return _run(args, work)


def _drawdown(args):
    def work(db, actor):
        loan_id = lending.drawdown(db, actor.username, args.line, parse_fen(args.amount), drawdown_date=args.date,
                                   term_months=args.term)
        loan = lending.loan_detail(db, loan_id)
        print(f"loan 借据: {loan['loan_no']} (id {loan_id})  LPR {loan['lpr_bp'] / 100:.2f}% + {loan['spread_bp']}bp"
              f" = {loan['rate_bp'] / 100:.2f}%  {loan['drawdown_date']}–{loan['maturity_date']}")
        return 0
    return _run(args, work)


def _repay(args):
    def work(db, actor):
        repayments.record_repayment(db, actor.username, args.loan, args.date or date.today(),
                                 parse_fen(args.principal), parse_fen(args.interest))
        loan = lending.loan_detail(db, args.loan)
        print(f"balance 余额: {apps.yuan_text(loan['balance_fen'])} 元 ({loan['status']})")
        return 0
    return _run(args, work)


def _loan(args):
    def work(db, actor):
        loan = lending.loan_detail(db, args.loan)
        if args.json:
            print_json(loan)
            return 0
        print(f"{loan['loan_no']}  {loan['client_name']}  {apps.yuan_text(loan['amount_fen'])} 元"
              f"  余额 {apps.yuan_text(loan['balance_fen'])} 元  {loan['drawdown_date']}–{loan['maturity_date']}")
        for i in loan["instalments"]:
            paid = "✓" if i["paid_on"] else ""
            print(f"  {i['seq']:>3} {i['due_date']} {apps.yuan_text(i['principal_fen']):>14} {apps.yuan_text(i['interest_fen']):>12}"
                  f" {apps.yuan_text(i['balance_fen']):>14} {paid}")
        return 0
    return _run(args, work, writes=False)


def _lpr(args):
    def work(db, actor):
        if args.on:
            rows = []
            for tenor in lpr.TENORS:
                published, rate = lpr.rate_in_force(db, tenor, args.on)
                rows.append({"tenor": tenor, "published_on": published.isoformat(), "rate_bp": rate})
        else:
            rows = [{k: r[k] for k in ("published_on", "tenor", "rate_bp")} for r in lpr.list_rates(db)]
        if args.json:
            print_json(rows)
            return 0
        for r in rows:
            print(f"{r['published_on']}  {r['tenor']}  {r['rate_bp'] / 100:.2f}%")
        return 0
    return _run(args, work, writes=False)


def _lpr_set(args):
    def work(db, actor):
        lpr.set_rate(db, actor.username, args.published_on, args.tenor, args.rate_bp)
        print(f"LPR {args.tenor} {args.published_on.isoformat()}: {args.rate_bp / 100:.2f}%")
        return 0
    return _run(args, work)
