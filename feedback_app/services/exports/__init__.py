"""Exports of a session's results, or of a selection of sessions: CSV, JSON, Excel and PDF.

The content comes from the ranking, standards and breakdown services (see `content`); each
format has its writer, which yields bytes a chunk at a time so the web and API faces can stream
them. Formats and their layout: docs/exports.md.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from feedback_app.clock import utc_now
from feedback_app.models import BrainstormSession
from feedback_app.services.exports.content import SessionContent, collect, group_columns
from feedback_app.services.exports.csv_file import csv_chunks
from feedback_app.services.exports.json_document import json_chunks
from feedback_app.services.exports.report import pdf_chunks
from feedback_app.services.exports.xlsx import xlsx_chunks

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FORMATS = tuple(MEDIA_TYPES)
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "xlsx": "Excel", "pdf": "PDF"}
MAX_SESSIONS = 50  # a selection larger than this is refused (422)
IDS_IN_FILENAME = 5


@dataclass(frozen=True)
class ExportFile:
    """A file to send: its name, media type and content as a stream of byte chunks."""

    filename: str
    media_type: str
    chunks: Iterator[bytes]


def filename_for(session_ids: list[int], export_format: str) -> str:
    """ "session-3-results.csv", "sessions-3-4-results.csv" or "sessions-12-results.csv"."""
    if len(session_ids) == 1:
        stem = f"session-{session_ids[0]}"
    elif len(session_ids) <= IDS_IN_FILENAME:
        stem = "sessions-" + "-".join(str(id_) for id_ in session_ids)
    else:
        stem = f"sessions-{len(session_ids)}"
    return f"{stem}-results.{export_format}"


def _chunks(
    contents: list[SessionContent], export_format: str, exported_on: date
) -> Iterator[bytes]:
    """Write the gathered content in the format, a chunk at a time."""
    with_session = len(contents) > 1
    groups = group_columns([content.breakdown for content in contents])
    if export_format == "csv":
        yield from csv_chunks(contents, groups, with_session)
    elif export_format == "json":
        yield from json_chunks(contents, exported_on)
    elif export_format == "xlsx":
        yield from xlsx_chunks(contents, groups, with_session, exported_on)
    else:
        yield from pdf_chunks(contents, exported_on)


def export_sessions(sessions: list[BrainstormSession], export_format: str) -> ExportFile:
    """The export of these sessions' results (the caller has checked that they may see them).

    The content is read from the database here, within the request; only the writing is left
    to the stream, which may run after the request's database session is gone.
    """
    if export_format not in MEDIA_TYPES:
        raise ValueError(f"unknown export format {export_format!r}")
    exported_on = utc_now().date()
    return ExportFile(
        filename=filename_for([session.id for session in sessions], export_format),
        media_type=MEDIA_TYPES[export_format],
        chunks=_chunks([collect(session) for session in sessions], export_format, exported_on),
    )
