"""Display labels for the codes stored in the database (translated through Qt Linguist).

The English texts are marked with QT_TRANSLATE_NOOP so lupdate collects them
under the "Labels" context; :func:`label` translates at display time.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

SIZE_CLASS = {
    "large": QT_TRANSLATE_NOOP("Labels", "Large"),
    "medium": QT_TRANSLATE_NOOP("Labels", "Medium"),
    "small": QT_TRANSLATE_NOOP("Labels", "Small"),
    "micro": QT_TRANSLATE_NOOP("Labels", "Micro"),
}
ENTITY_TYPE = {
    "enterprise": QT_TRANSLATE_NOOP("Labels", "Enterprise"),
    "individual_business": QT_TRANSLATE_NOOP("Labels", "Individual business"),
    "owner": QT_TRANSLATE_NOOP("Labels", "Business owner"),
    "farmer": QT_TRANSLATE_NOOP("Labels", "Farmer"),
}
CHAIN_ROLE = {
    "core": QT_TRANSLATE_NOOP("Labels", "Core enterprise"),
    "supplier": QT_TRANSLATE_NOOP("Labels", "Supplier"),
    "distributor": QT_TRANSLATE_NOOP("Labels", "Distributor"),
}
FINDING = {
    "need": QT_TRANSLATE_NOOP("Labels", "Has financing need"),
    "no_need": QT_TRANSLATE_NOOP("Labels", "No need"),
    "unreachable": QT_TRANSLATE_NOOP("Labels", "Not reachable"),
}
APPLICATION_STATUS = {
    "draft": QT_TRANSLATE_NOOP("Labels", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("Labels", "Submitted"),
    "under_review": QT_TRANSLATE_NOOP("Labels", "Under risk review"),
    "under_approval": QT_TRANSLATE_NOOP("Labels", "Awaiting approval"),
    "approved": QT_TRANSLATE_NOOP("Labels", "Approved"),
    "rejected": QT_TRANSLATE_NOOP("Labels", "Rejected"),
    "returned": QT_TRANSLATE_NOOP("Labels", "Sent back"),
}
KIND = {
    "new": QT_TRANSLATE_NOOP("Labels", "New"),
    "renewal": QT_TRANSLATE_NOOP("Labels", "Renewal"),
    "no_principal": QT_TRANSLATE_NOOP("Labels", "Renewal without repaying principal"),
    "extension": QT_TRANSLATE_NOOP("Labels", "Extension"),
}
CLASSIFICATION = {
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "special": QT_TRANSLATE_NOOP("Labels", "Special mention"),
    "substandard": QT_TRANSLATE_NOOP("Labels", "Substandard"),
    "doubtful": QT_TRANSLATE_NOOP("Labels", "Doubtful"),
    "loss": QT_TRANSLATE_NOOP("Labels", "Loss"),
}
LOAN_STATUS = {
    "active": QT_TRANSLATE_NOOP("Labels", "Active"),
    "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
}
ROLE = {  # users.role
    "officer": QT_TRANSLATE_NOOP("Labels", "Loan officer"),
    "reviewer": QT_TRANSLATE_NOOP("Labels", "Risk reviewer"),
    "approver": QT_TRANSLATE_NOOP("Labels", "Approver"),
    "admin": QT_TRANSLATE_NOOP("Labels", "Administrator"),
}
YES_NO = {
    True: QT_TRANSLATE_NOOP("Labels", "Yes"),
    False: QT_TRANSLATE_NOOP("Labels", "No"),
}


def label(table: dict, code) -> str:
    """The translated label of ``code`` in ``table``; the code itself when unknown, '' for None."""
    if code is None or code == "":
        return ""
    text = table.get(code)
    return QCoreApplication.translate("Labels", text) if text else str(code)


def local_time_text(iso: str | None) -> str:
    """A stored UTC timestamp (ISO with offset) as the officer's local ``YYYY-MM-DD HH:MM``."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the machine's zone: a branch laptop runs on local time
    return moment.strftime("%Y-%m-%d %H:%M")
