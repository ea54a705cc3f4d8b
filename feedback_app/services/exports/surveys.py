"""Exports of a customer survey: its responses, or its results, as CSV, JSON or Excel.

Responses carry the day, the source, the team and segment, the answers (steps as yes, partly
or no) and the comment; never a time of day or anything about the respondent. Results are the
per-question figures of ``survey_results`` (withheld below k) and the comment themes.
"""

import json
from collections.abc import Iterator
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.surveys import Survey, SurveyResponse
from feedback_app.services import survey_results
from feedback_app.services.exports import MEDIA_TYPES, ExportFile
from feedback_app.services.exports.csv_file import rows_csv_chunks
from feedback_app.services.exports.tables import Table
from feedback_app.services.exports.xlsx import workbook_chunks
from feedback_app.services.surveys import STEP_NAMES

SURVEY_FORMATS = ("csv", "json", "xlsx")
PARTS = ("responses", "results")
RESULT_COLUMNS = [
    "question",
    "kind",
    "protocol_stage",
    "count",
    "mean",
    "nps",
    "promoters",
    "passives",
    "detractors",
    "yes_percent",
    "partly_percent",
    "no_percent",
]
THEME_COLUMNS = ["theme", "key_phrases", "protocol_stage", "comments", "example"]


def _answer(question, value):
    if value is None:
        return None
    return STEP_NAMES[value] if question.kind == "step" else value


def response_records(survey: Survey) -> list[dict]:
    """Every response as a plain record, by day (the order within a day says nothing)."""
    query = (
        select(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id)
        .options(selectinload(SurveyResponse.answers))
        .order_by(SurveyResponse.answered_on, SurveyResponse.id)
    )
    records = []
    for response in db.session.scalars(query):
        values = {answer.question_id: answer.value for answer in response.answers}
        records.append(
            {
                "answered_on": response.answered_on.isoformat(),
                "source": response.source,
                "team_id": response.team_id,
                "segment_id": response.segment_id,
                "answers": {
                    str(q.id): _answer(q, values.get(q.id))
                    for q in survey.questions
                    if q.id in values
                },
                "comment": response.comment,
            }
        )
    return records


def _responses_table(survey: Survey, records: list[dict]) -> Table:
    header = ["answered_on", "source", "team_id", "segment_id"]
    header += [question.text for question in survey.questions] + ["comment"]
    rows = (
        [r["answered_on"], r["source"], r["team_id"], r["segment_id"]]
        + [r["answers"].get(str(q.id)) for q in survey.questions]
        + [r["comment"]]
        for r in records
    )
    return Table("responses", header, rows)


def _results_tables(figures, themes) -> list[Table]:
    questions = Table(
        "results",
        RESULT_COLUMNS,
        iter(
            [
                [q.text, q.kind, q.protocol_stage]
                + [getattr(q, name) for name in RESULT_COLUMNS[3:]]
                for q in figures.questions
            ]
        ),
    )
    theme_rows = [
        [t.label, ", ".join(t.key_phrases), t.protocol_stage, t.comments, t.example] for t in themes
    ]
    return [questions, Table("comment themes", THEME_COLUMNS, iter(theme_rows))]


def _survey_facts(survey: Survey, exported_on) -> dict:
    return {
        "survey_id": survey.id,
        "title": survey.title,
        "status": survey.status,
        "standard_version": survey.standard_version,
        "exported_on": exported_on.isoformat(),
        "questions": [
            {"id": q.id, "kind": q.kind, "text": q.text, "protocol_stage": q.protocol_stage}
            for q in survey.questions
        ],
    }


def _json(document: dict) -> Iterator[bytes]:
    yield json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def export_survey(survey: Survey, part: str, export_format: str) -> ExportFile:
    """The survey's responses or results in the format (read now, written as it streams)."""
    if part not in PARTS or export_format not in SURVEY_FORMATS:
        raise ValueError(f"unknown survey export {part}.{export_format}")
    exported_on = utc_now().date()
    if part == "responses":
        records = response_records(survey)
        tables = [_responses_table(survey, records)]
        document = _survey_facts(survey, exported_on) | {"responses": records}
    else:
        figures = survey_results.question_aggregates(survey)
        themes = survey_results.comment_themes(survey)
        tables = _results_tables(figures, themes)
        document = _survey_facts(survey, exported_on) | {
            "respondents": figures.respondents,
            "k": figures.k,
            "withheld": figures.withheld,
            "results": [asdict(q) for q in figures.questions],
            "comment_themes": [asdict(t) for t in themes],
        }
    if export_format == "csv":
        chunks = rows_csv_chunks(tables[0].header, tables[0].rows)
    elif export_format == "json":
        chunks = _json(document)
    else:
        chunks = workbook_chunks(tables, exported_on)
    return ExportFile(
        filename=f"survey-{survey.id}-{part}.{export_format}",
        media_type=MEDIA_TYPES[export_format],
        chunks=chunks,
    )
