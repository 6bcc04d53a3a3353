"""The PDF approval packet: the credit memo an approval committee reads and signs.

``build_packet(db, application_id, out_path, today=None)`` for one application;
``build_packets(db, ids, out_dir=..., combined=..., progress, cancel)`` for a batch.
"""

from workbench.services.packet.data import load_packet_data, resolve_application_id
from workbench.services.packet.document import (
    application_ids_with_status,
    build_packet,
    build_packets,
    packet_file_name,
)
from workbench.services.packet.pdf_kit import WATERMARK_TEXT

__all__ = [
    "WATERMARK_TEXT",
    "application_ids_with_status",
    "build_packet",
    "build_packets",
    "load_packet_data",
    "packet_file_name",
    "resolve_application_id",
]
