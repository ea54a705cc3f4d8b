"""Export of the customer-segment register: CSV, JSON and Excel (docs/exports.md).

* CSV: one row per segment, with how many sessions, standards and surveys are tagged with it;
* JSON: schema "feedback_app.segments/1", each segment with the sessions, standards and
  surveys tagged with it by id and title;
* Excel: a sheet of segments (the CSV's rows) and a sheet of tags (one row per tagged thing).

Only what the register holds and what is tagged with it: no count of survey responses per
segment (the survey results withhold a segment's figures under k), no time of day.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import marshmallow as ma
from sqlalchemy import select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, CandidateStandard
from feedback_app.models.segments import session_segments, standard_segments
from feedback_app.models.surveys import Survey
from feedback_app.services.exports import MEDIA_TYPES, ExportFile
from feedback_app.services.exports.csv_file import rows_csv_chunks
from feedback_app.services.exports.tables import Table
from feedback_app.services.exports.xlsx import workbook_chunks
from feedback_app.services.segments import list_segments

SEGMENT_FORMATS = ("csv", "json", "xlsx")
SCHEMA_ID = "feedback_app.segments/1"
CHANNEL_SEPARATOR = ", "  # as the import reads a cell of channels
TAG_KINDS = ("sessions", "standards", "surveys")
SEGMENT_COLUMNS = [
    "segment",
    "name",
    "description",
    "share_percent",
    "channels",
    "needs",
    "sessions",
    "standards",
    "surveys",
]
TAG_COLUMNS = ["segment", "name", "tagged", "id", "title"]
TAG_NAMES = {"sessions": "session", "standards": "standard", "surveys": "survey"}


class TaggedItemExportSchema(ma.Schema):
    """A session, standard or survey tagged with the segment."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)


class SegmentExportSchema(ma.Schema):
    """A segment of the register and what is tagged with it."""

    segment = ma.fields.Integer(required=True, metadata={"description": "The segment's id."})
    name = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    share_percent = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "Share of customers, 0-100."}
    )
    channels = ma.fields.List(ma.fields.String(), required=True)
    needs = ma.fields.String(required=True)
    sessions = ma.fields.List(ma.fields.Nested(TaggedItemExportSchema), required=True)
    standards = ma.fields.List(ma.fields.Nested(TaggedItemExportSchema), required=True)
    surveys = ma.fields.List(ma.fields.Nested(TaggedItemExportSchema), required=True)


class SegmentsDocumentSchema(ma.Schema):
    """The JSON export of the customer-segment register."""

    schema = ma.fields.String(required=True, metadata={"example": SCHEMA_ID})
    exported_on = ma.fields.Date(required=True)
    segments = ma.fields.List(ma.fields.Nested(SegmentExportSchema), required=True)


def _tagged_items() -> dict[str, dict[int, list[dict]]]:
    """Per kind, per segment id, what is tagged with it by title (one query per kind)."""
    queries = {
        "sessions": select(
            session_segments.c.segment_id, BrainstormSession.id, BrainstormSession.title
        )
        .join(BrainstormSession, BrainstormSession.id == session_segments.c.session_id)
        .order_by(BrainstormSession.id),
        "standards": select(
            standard_segments.c.segment_id, CandidateStandard.id, CandidateStandard.title
        )
        .join(CandidateStandard, CandidateStandard.id == standard_segments.c.standard_id)
        .order_by(CandidateStandard.id),
        "surveys": select(Survey.segment_id, Survey.id, Survey.title)
        .where(Survey.segment_id.is_not(None))
        .order_by(Survey.id),
    }
    found: dict[str, dict[int, list[dict]]] = {}
    for kind, query in queries.items():
        by_segment: dict[int, list[dict]] = defaultdict(list)
        for segment_id, id_, title in db.session.execute(query):
            by_segment[segment_id].append({"id": id_, "title": title})
        found[kind] = by_segment
    return found


def segment_records() -> list[dict]:
    """The register by name, each segment as plain values with what is tagged with it (read
    within the request, written later by the stream)."""
    tagged = _tagged_items()
    return [
        {
            "segment": segment.id,
            "name": segment.name,
            "description": segment.description,
            "share_percent": segment.share_percent,
            "channels": list(segment.channels),
            "needs": segment.needs,
            **{kind: tagged[kind].get(segment.id, []) for kind in TAG_KINDS},
        }
        for segment in list_segments()
    ]


def _segment_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        yield [
            record["segment"],
            record["name"],
            record["description"],
            record["share_percent"],
            CHANNEL_SEPARATOR.join(record["channels"]),
            record["needs"],
            *(len(record[kind]) for kind in TAG_KINDS),
        ]


def _tag_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        for kind in TAG_KINDS:
            for item in record[kind]:
                yield [
                    record["segment"],
                    record["name"],
                    TAG_NAMES[kind],
                    item["id"],
                    item["title"],
                ]


def _json_chunks(records: list[dict], exported_on: date) -> Iterator[bytes]:
    document = {"schema": SCHEMA_ID, "exported_on": exported_on, "segments": records}
    yield json.dumps(SegmentsDocumentSchema().dump(document), ensure_ascii=False).encode("utf-8")


def export_segments(export_format: str) -> ExportFile:
    """The export of the whole register (the caller has checked that they may read it)."""
    if export_format not in SEGMENT_FORMATS:
        raise ValueError(f"unknown export format {export_format!r}")
    exported_on = utc_now().date()
    records = segment_records()
    if export_format == "csv":
        chunks = rows_csv_chunks(SEGMENT_COLUMNS, _segment_rows(records))
    elif export_format == "json":
        chunks = _json_chunks(records, exported_on)
    else:
        tables = [
            Table("segments", SEGMENT_COLUMNS, _segment_rows(records)),
            Table("tags", TAG_COLUMNS, _tag_rows(records)),
        ]
        chunks = workbook_chunks(tables, exported_on)
    return ExportFile(
        filename=f"segments-{exported_on.isoformat()}.{export_format}",
        media_type=MEDIA_TYPES[export_format],
        chunks=chunks,
    )
