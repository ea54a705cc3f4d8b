"""Import survey results from another tool: a CSV file whose columns are mapped to the survey's
questions, the comment and the date. Every row is checked first; one bad row refuses the whole
file (422 with a report per row) and nothing is imported."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models.surveys import Survey, SurveyAnswer, SurveyResponse
from feedback_app.services.survey_answers import check_answers
from feedback_app.services.surveys import ensure_can_run_surveys

ROWS_MAX = 5000
IGNORE, COMMENT, DATE = "ignore", "comment", "date"
REPORTED_ROWS_MAX = 100  # a report longer than this says "and N more"


@dataclass(frozen=True)
class CsvFile:
    """A CSV file read into its header and rows (each row a dict by header)."""

    headers: list[str]
    rows: list[dict[str, str]]


def _refuse(message: str, field: str = "file") -> ValidationFailed:
    return ValidationFailed(message, fields={field: message})


def read_csv(data: bytes | str) -> CsvFile:
    """Read a UTF-8 CSV (with or without a BOM; commas or semicolons) with a header row."""
    not_csv = messages.SURVEY_IMPORT_NOT_CSV.format(rows=ROWS_MAX)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse(not_csv) from None
    data = data.lstrip("\ufeff")
    if "\x00" in data:
        raise _refuse(not_csv)
    if not data.strip():
        raise _refuse(messages.SURVEY_IMPORT_EMPTY)
    try:
        dialect = csv.Sniffer().sniff(data.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        table = list(csv.reader(io.StringIO(data), dialect))
    except csv.Error:
        raise _refuse(not_csv) from None
    headers = [header.strip() for header in table[0]]
    if not all(headers) or len(set(headers)) != len(headers):
        raise _refuse(not_csv)
    body = [row for row in table[1:] if any(cell.strip() for cell in row)]
    if len(body) > ROWS_MAX:
        raise _refuse(not_csv)
    if not body:
        raise _refuse(messages.SURVEY_IMPORT_EMPTY)
    rows = [
        {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(headers)} for row in body
    ]
    return CsvFile(headers, rows)


def targets(survey: Survey) -> dict[str, str]:
    """What a column can be mapped to, as value → label."""
    choices = {IGNORE: "Not imported"}
    choices |= {str(q.id): q.text for q in survey.questions}
    choices |= {COMMENT: "Comment", DATE: "Date (YYYY-MM-DD)"}
    return choices


def suggested_mapping(survey: Survey, headers: list[str]) -> dict[str, str]:
    """A first guess: a header that names a question (or "comment", "date") maps to it."""
    known = {label.strip().lower(): value for value, label in targets(survey).items()}
    known |= {COMMENT: COMMENT, DATE: DATE}
    for question in survey.questions:
        if question.kind in ("csat", "nps"):
            known[question.kind] = str(question.id)
    return {header: known.get(header.strip().lower()) or IGNORE for header in headers}


def check_mapping(survey: Survey, headers: list[str], mapping: dict) -> dict[str, str]:
    """Every header mapped to a known target, no target twice, something mapped."""
    allowed = targets(survey)
    problems = {}
    for header in headers:
        if str(mapping.get(header, IGNORE)) not in allowed:
            problems[f"mapping.{header}"] = messages.SURVEY_IMPORT_MAPPING
    for header in mapping:
        if header not in headers:
            problems[f"mapping.{header}"] = messages.SURVEY_IMPORT_MAPPING
    if problems:
        raise ValidationFailed(messages.SURVEY_IMPORT_MAPPING, fields=problems)
    chosen = {header: str(mapping.get(header, IGNORE)) for header in headers}
    used = [target for target in chosen.values() if target != IGNORE]
    for target in used:
        if used.count(target) > 1:
            message = messages.SURVEY_IMPORT_TWICE.format(target=allowed[target])
            raise ValidationFailed(message, fields={"mapping": message})
    if not set(used) - {DATE}:
        raise _refuse(messages.SURVEY_IMPORT_NOTHING_MAPPED, "mapping")
    return chosen


def _row_problems(survey: Survey, row: dict[str, str], mapping: dict[str, str]):
    """The response a row makes, or the list of what is wrong with it."""
    labels = {str(q.id): q.text for q in survey.questions}
    answers = {t: row[h] for h, t in mapping.items() if t not in (IGNORE, COMMENT, DATE)}
    comment = next((row[h] for h, t in mapping.items() if t == COMMENT), None)
    problems = []
    try:
        values, text = check_answers(survey, answers, comment)
    except ValidationFailed as error:
        for name, message in error.fields.items():
            key = name.removeprefix("answers.")
            problems.append(f"{labels.get(key, key.capitalize())}: {message}")
        values, text = {}, None
    day = utc_now().date()
    raw_day = next((row[h] for h, t in mapping.items() if t == DATE), "")
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            problems.append(messages.SURVEY_IMPORT_DATE_INVALID)
    return problems, (values, text, day)


def import_responses(survey: Survey, user, data: bytes | str, mapping: dict) -> int:
    """Check every row, then import them all in one transaction; return how many."""
    ensure_can_run_surveys(user)
    file = read_csv(data)
    chosen = check_mapping(survey, file.headers, mapping)
    report: dict[str, str] = {}
    responses = []
    for line, row in enumerate(file.rows, start=2):  # line 1 is the header
        problems, (values, text, day) = _row_problems(survey, row, chosen)
        if problems:
            report[f"row {line}"] = "; ".join(problems)
            continue
        responses.append(
            SurveyResponse(
                survey_id=survey.id,
                answered_on=day,
                source="import",
                team_id=survey.team_id,
                segment_id=survey.segment_id,
                comment=text,
                answers=[SurveyAnswer(question_id=q, value=v) for q, v in values.items()],
            )
        )
    if report:
        shown = dict(list(report.items())[:REPORTED_ROWS_MAX])
        if len(report) > REPORTED_ROWS_MAX:
            shown["more"] = f"{len(report) - REPORTED_ROWS_MAX} more rows have problems."
        message = messages.SURVEY_IMPORT_REFUSED.format(count=len(report))
        raise ValidationFailed(message, fields=shown, code="import_refused")
    db.session.add_all(responses)
    db.session.commit()
    return len(responses)
