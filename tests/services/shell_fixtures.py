"""Helpers for the shell engineer's tests: valid USCCs and small portfolios."""

from __future__ import annotations

from stdnum.cn import uscc as _uscc

from workbench.services.clients import save_client


def make_uscc(n: int) -> str:
    """A valid USCC numbered ``n`` (GB 32100-2015 checksum via python-stdnum)."""
    body = f"91330100{n:09d}"
    return body + _uscc.calc_check_digit(body)


def add_client(db, name: str, n: int, **extra) -> int:
    data = {"name": name, "uscc": make_uscc(n), "industry": "工业", "employees": 50,
            "revenue_fen": 500_000_000, "legal_rep": "张三", "officer": "王芳"} | extra
    return save_client(db, "wangfang", data)
