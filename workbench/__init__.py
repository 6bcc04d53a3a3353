"""SME Loan Workbench (小微信贷工作台): an offline desktop workbench for SME loan officers."""

__version__ = "0.1.0"
