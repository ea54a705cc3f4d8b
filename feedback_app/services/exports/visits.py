"""Exports of mystery-shopping visit reports: CSV, JSON and Excel (docs/exports.md).

* CSV: one row per scored answer (long form, ready for a pivot table);
* JSON: schema "feedback_app.visits/1", a visit at a time with its answers;
* Excel: a sheet of visits (one row each, with its score) and a sheet of answers.

Who filed a report is said as "shopper" or "one-time link", never by name; days, not times.
"""

import csv
import io
import json
from collections.abc import Iterator
from datetime import date

import marshmallow as ma

from feedback_app.clock import utc_now
from feedback_app.models import Visit
from feedback_app.services.exports import MEDIA_TYPES, ExportFile
from feedback_app.services.exports.csv_file import BOM, neutralise
from feedback_app.services.exports.tables import Table
from feedback_app.services.exports.xlsx import workbook_chunks
from feedback_app.services.visits import visit_score

VISIT_FORMATS = ("csv", "json", "xlsx")
SCHEMA_ID = "feedback_app.visits/1"
VISIT_COLUMNS = [
    "visit",
    "visited_on",
    "team",
    "channel",
    "filed_by",
    "standard_version",
    "score_percent",
    "items_scored",
    "notes",
]
ANSWER_COLUMNS = [
    "visit",
    "visited_on",
    "team",
    "channel",
    "protocol_stage",
    "standard",
    "item",
    "value",
    "score_percent",
    "note",
]


def _percent(score: float | None) -> float | None:
    return None if score is None else round(score * 100, 1)


class AnswerExportSchema(ma.Schema):
    """One scored item of a visit."""

    protocol_stage = ma.fields.String(required=True, metadata={"example": "Greet and listen"})
    standard = ma.fields.String(required=True)
    item = ma.fields.String(required=True, metadata={"description": "The procedure step."})
    value = ma.fields.String(required=True, metadata={"description": "yes, partly, no or 1-5"})
    score_percent = ma.fields.Float(required=True, metadata={"description": "0 to 100."})
    note = ma.fields.String(required=True)


class VisitExportSchema(ma.Schema):
    """A visit report: where, when, how, its score and its answers."""

    visit = ma.fields.Integer(required=True)
    visited_on = ma.fields.Date(required=True)
    team = ma.fields.String(required=True)
    channel = ma.fields.String(required=True)
    filed_by = ma.fields.String(required=True, metadata={"enum": ["shopper", "one-time link"]})
    standard_version = ma.fields.Integer(required=True)
    score_percent = ma.fields.Float(allow_none=True, required=True)
    items_scored = ma.fields.Integer(required=True)
    notes = ma.fields.String(required=True)
    answers = ma.fields.List(ma.fields.Nested(AnswerExportSchema), required=True)


class VisitsDocumentSchema(ma.Schema):
    """The JSON export of visit reports."""

    schema = ma.fields.String(required=True, metadata={"example": SCHEMA_ID})
    exported_on = ma.fields.Date(required=True)
    visits = ma.fields.List(ma.fields.Nested(VisitExportSchema), required=True)


def visit_record(visit: Visit) -> dict:
    """A visit as plain values (read within the request, written later by the stream)."""
    return {
        "visit": visit.id,
        "visited_on": visit.visited_on,
        "team": visit.team.name,
        "channel": visit.channel,
        "filed_by": "one-time link" if visit.link_id else "shopper",
        "standard_version": visit.checklist.version_number,
        "score_percent": _percent(visit_score(visit)),
        "items_scored": len(visit.answers),
        "notes": visit.notes,
        "answers": [
            {
                "protocol_stage": answer.item.stage_label,
                "standard": answer.item.standard_title,
                "item": answer.item.text,
                "value": answer.value,
                "score_percent": _percent(answer.score),
                "note": answer.note,
            }
            for answer in visit.answers
        ],
    }


def _answer_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        lead = [record[name] for name in ANSWER_COLUMNS[:4]]
        for answer in record["answers"]:
            yield lead + [answer[name] for name in ANSWER_COLUMNS[4:]]


def _visit_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        yield [record[name] for name in VISIT_COLUMNS]


def _csv_chunks(records: list[dict]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(ANSWER_COLUMNS)
    for row in _answer_rows(records):
        writer.writerow([neutralise(cell) for cell in row])
    yield buffer.getvalue().encode("utf-8")


def _json_chunks(records: list[dict], exported_on: date) -> Iterator[bytes]:
    document = {"schema": SCHEMA_ID, "exported_on": exported_on, "visits": records}
    yield json.dumps(VisitsDocumentSchema().dump(document), ensure_ascii=False).encode("utf-8")


def export_visits(visits: list[Visit], export_format: str) -> ExportFile:
    """The export of these reports (the caller has checked that they may read them)."""
    if export_format not in VISIT_FORMATS:
        raise ValueError(f"unknown export format {export_format!r}")
    exported_on = utc_now().date()
    records = [visit_record(visit) for visit in visits]
    if export_format == "csv":
        chunks = _csv_chunks(records)
    elif export_format == "json":
        chunks = _json_chunks(records, exported_on)
    else:
        tables = [
            Table("visits", VISIT_COLUMNS, _visit_rows(records)),
            Table("answers", ANSWER_COLUMNS, _answer_rows(records)),
        ]
        chunks = workbook_chunks(tables, exported_on)
    return ExportFile(
        filename=f"visits-{exported_on.isoformat()}.{export_format}",
        media_type=MEDIA_TYPES[export_format],
        chunks=chunks,
    )
