"""Exports of the objectives of the adopted standard: their measurements, or their progress, as
CSV, JSON or Excel (docs/exports.md). The objectives are those of the dashboard.

* measurements: what managers entered, one row per value (CSV and a `measurements` sheet);
  JSON schema "feedback_app.measurements/1", an objective at a time with its values;
* progress: where each objective stands as the dashboard reads it (`measurements.progress`),
  so values computed from mystery shopping count here too. CSV: one row per objective and
  month (an objective not measured yet has one row without a month); Excel: an `objectives`
  sheet (one row each), a `trend` sheet (the CSV's rows) and a `teams` sheet (each team's
  latest month); JSON schema "feedback_app.objective_progress/1".

Days and months, never a time; who entered a value is not said.
"""

import json
from collections.abc import Iterator
from datetime import date

import marshmallow as ma

from feedback_app.clock import utc_now
from feedback_app.models import Objective
from feedback_app.models.standards import DIRECTIONS, MEASURED_FROM
from feedback_app.services import measurements
from feedback_app.services.exports import MEDIA_TYPES, ExportFile
from feedback_app.services.exports.csv_file import rows_csv_chunks
from feedback_app.services.exports.tables import Table
from feedback_app.services.exports.xlsx import workbook_chunks

MEASUREMENT_FORMATS = ("csv", "json", "xlsx")
PARTS = ("measurements", "progress")
SCHEMA_IDS = {
    "measurements": "feedback_app.measurements/1",
    "progress": "feedback_app.objective_progress/1",
}
MEAN_DIGITS = 4  # monthly means of shoppers' scores run to many decimals; values as entered
OBJECTIVE_COLUMNS = [
    "objective",
    "standard",
    "protocol_stage",
    "metric",
    "target",
    "direction",
    "unit",
    "measured_from",
]
MEASUREMENT_COLUMNS = [*OBJECTIVE_COLUMNS, "measured_on", "value", "team", "source"]
STANDING_COLUMNS = ["status", "current", "current_month"]
PROGRESS_COLUMNS = [*OBJECTIVE_COLUMNS, "review_date", *STANDING_COLUMNS]
TREND_COLUMNS = [*OBJECTIVE_COLUMNS, *STANDING_COLUMNS, "month", "mean", "readings"]
TEAM_COLUMNS = ["objective", "standard", "metric", "unit", "team", "current", "month", "status"]


class MeasurementExportSchema(ma.Schema):
    """A value a manager entered."""

    measured_on = ma.fields.Date(required=True)
    value = ma.fields.Float(required=True, metadata={"description": "In the objective's unit."})
    team = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "null: the whole organisation."}
    )
    source = ma.fields.String(required=True)


class ObjectiveExportSchema(ma.Schema):
    """An objective of the adopted standard: what is measured and its target."""

    objective = ma.fields.Integer(required=True, metadata={"description": "The objective's id."})
    standard = ma.fields.String(required=True, metadata={"description": "The standard's title."})
    protocol_stage = ma.fields.String(required=True)
    metric = ma.fields.String(required=True)
    target = ma.fields.Float(required=True)
    direction = ma.fields.String(required=True, metadata={"enum": list(DIRECTIONS)})
    unit = ma.fields.String(required=True)
    measured_from = ma.fields.String(required=True, metadata={"enum": list(MEASURED_FROM)})


class ObjectiveMeasurementsExportSchema(ObjectiveExportSchema):
    """An objective with the values entered for it, oldest first."""

    measurements = ma.fields.List(ma.fields.Nested(MeasurementExportSchema), required=True)


class MeasurementsDocumentSchema(ma.Schema):
    """The JSON export of the objectives' measurements."""

    schema = ma.fields.String(required=True, metadata={"example": SCHEMA_IDS["measurements"]})
    exported_on = ma.fields.Date(required=True)
    objectives = ma.fields.List(ma.fields.Nested(ObjectiveMeasurementsExportSchema), required=True)


class MonthExportSchema(ma.Schema):
    """The mean of one month's readings."""

    month = ma.fields.Date(required=True, metadata={"description": "The month's first day."})
    mean = ma.fields.Float(required=True)
    readings = ma.fields.Integer(required=True)


class TeamStandingExportSchema(ma.Schema):
    """A team's latest month against the target."""

    team = ma.fields.String(required=True)
    current = ma.fields.Float(required=True)
    month = ma.fields.Date(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(measurements.STATUSES)})


class ObjectiveProgressExportSchema(ObjectiveExportSchema):
    """Where an objective stands: its status, its latest month, its trend and its teams."""

    review_date = ma.fields.Date(required=True, allow_none=True)
    status = ma.fields.String(required=True, metadata={"enum": list(measurements.STATUSES)})
    current = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "The latest month's mean."}
    )
    current_month = ma.fields.Date(required=True, allow_none=True)
    trend = ma.fields.List(ma.fields.Nested(MonthExportSchema), required=True)
    teams = ma.fields.List(ma.fields.Nested(TeamStandingExportSchema), required=True)


class ProgressDocumentSchema(ma.Schema):
    """The JSON export of where each objective stands."""

    schema = ma.fields.String(required=True, metadata={"example": SCHEMA_IDS["progress"]})
    exported_on = ma.fields.Date(required=True)
    objectives = ma.fields.List(ma.fields.Nested(ObjectiveProgressExportSchema), required=True)


DOCUMENT_SCHEMAS = {"measurements": MeasurementsDocumentSchema, "progress": ProgressDocumentSchema}


def _mean(value: float | None) -> float | None:
    return None if value is None else round(value, MEAN_DIGITS)


def _objective_facts(objective: Objective) -> dict:
    return {
        "objective": objective.id,
        "standard": objective.standard.title,
        "protocol_stage": objective.standard.protocol_stage,
        "metric": objective.metric,
        "target": objective.target,
        "direction": objective.direction,
        "unit": objective.unit,
        "measured_from": objective.measured_from,
    }


def measurement_records() -> list[dict]:
    """Each objective of the dashboard with the values entered for it, as plain values (read
    within the request, written later by the stream)."""
    return [
        _objective_facts(objective)
        | {
            "measurements": [
                {
                    "measured_on": measurement.measured_on,
                    "value": measurement.value,
                    "team": measurement.team.name if measurement.team else None,
                    "source": measurement.source,
                }
                for measurement in objective.measurements
            ]
        }
        for objective in measurements.adopted_objectives()
    ]


def progress_records() -> list[dict]:
    """Where each objective of the dashboard stands, as the dashboard reads it."""
    return [
        _objective_facts(item.objective)
        | {
            "review_date": item.objective.review_date,
            "status": item.status,
            "current": _mean(item.current),
            "current_month": item.month,
            "trend": [
                {"month": point.month, "mean": _mean(point.value), "readings": point.count}
                for point in item.trend
            ],
            "teams": [
                {
                    "team": result.team.name,
                    "current": _mean(result.current),
                    "month": result.month,
                    "status": result.status,
                }
                for result in item.teams
            ],
        }
        for item in measurements.dashboard()
    ]


def _measurement_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        lead = [record[name] for name in OBJECTIVE_COLUMNS]
        for value in record["measurements"]:
            yield lead + [value[name] for name in MEASUREMENT_COLUMNS[len(OBJECTIVE_COLUMNS) :]]


def _progress_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        yield [record[name] for name in PROGRESS_COLUMNS]


def _trend_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        lead = [record[name] for name in OBJECTIVE_COLUMNS + STANDING_COLUMNS]
        months = record["trend"] or [{"month": None, "mean": None, "readings": None}]
        for point in months:
            yield lead + [point["month"], point["mean"], point["readings"]]


def _team_rows(records: list[dict]) -> Iterator[list]:
    for record in records:
        lead = [record[name] for name in TEAM_COLUMNS[:4]]
        for result in record["teams"]:
            yield lead + [result[name] for name in TEAM_COLUMNS[4:]]


def _tables(part: str, records: list[dict]) -> list[Table]:
    """The part's tables in workbook order."""
    if part == "measurements":
        return [_csv_table(part, records)]
    return [
        Table("objectives", PROGRESS_COLUMNS, _progress_rows(records)),
        _csv_table(part, records),
        Table("teams", TEAM_COLUMNS, _team_rows(records)),
    ]


def _csv_table(part: str, records: list[dict]) -> Table:
    """The part's long table: one row per value entered, or per objective and month."""
    if part == "measurements":
        return Table("measurements", MEASUREMENT_COLUMNS, _measurement_rows(records))
    return Table("trend", TREND_COLUMNS, _trend_rows(records))


def _json_chunks(part: str, records: list[dict], exported_on: date) -> Iterator[bytes]:
    document = {"schema": SCHEMA_IDS[part], "exported_on": exported_on, "objectives": records}
    text = json.dumps(DOCUMENT_SCHEMAS[part]().dump(document), ensure_ascii=False)
    yield text.encode("utf-8")


def export_objectives(part: str, export_format: str) -> ExportFile:
    """The objectives' measurements or progress in the format (the caller has checked that
    they may read them)."""
    if part not in PARTS or export_format not in MEASUREMENT_FORMATS:
        raise ValueError(f"unknown objectives export {part}.{export_format}")
    exported_on = utc_now().date()
    records = measurement_records() if part == "measurements" else progress_records()
    if export_format == "csv":
        table = _csv_table(part, records)
        chunks = rows_csv_chunks(table.header, table.rows)
    elif export_format == "json":
        chunks = _json_chunks(part, records, exported_on)
    else:
        chunks = workbook_chunks(_tables(part, records), exported_on)
    return ExportFile(
        filename=f"objectives-{part}-{exported_on.isoformat()}.{export_format}",
        media_type=MEDIA_TYPES[export_format],
        chunks=chunks,
    )
