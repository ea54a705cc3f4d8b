"""The customer-segment register: segments made by hand or imported from CSV, and the tags that
say which segments a session or a standard concerns (a survey names one segment of its own).

An import is all or nothing: every row is checked, and one bad row (a rule broken, a name used
twice in the file or already in the register) refuses the whole file with a report of each bad
row, numbered as a spreadsheet numbers them (the header is row 1).
"""

import csv
import io
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select

from feedback_app import messages
from feedback_app.errors import Conflict, DomainError, NotFound, TooLarge, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import CHANNELS, BrainstormSession, CandidateStandard, CustomerSegment
from feedback_app.models.segments import (
    SEGMENT_NAME_MAX,
    SEGMENT_TEXT_MAX,
    session_segments,
    standard_segments,
)
from feedback_app.services.characters import (
    FORMULA_STARTS,
    has_control_characters,
    visible_length,
)

COLUMNS = ("name", "description", "share_percent", "channels", "needs")
# Columns the register's export adds (its id and what is tagged with it): read past on import,
# so an exported register imports into another installation as it is.
EXPORT_ONLY_COLUMNS = ("segment", "sessions", "standards", "surveys")
COLUMN_LABELS = {
    "name": "Name",
    "description": "Description",
    "share_percent": "Share",
    "channels": "Channels",
    "needs": "Needs",
}
IMPORT_MAX_ROWS = 500
IMPORT_MAX_BYTES = 128 * 1024
CSV_TEMPLATE = (
    "name,description,share_percent,channels,needs\r\n"
    'Retired regulars,"Visit weekly, know the staff by name",18,"in person, phone",'
    "Time to talk; clear printed receipts\r\n"
    "Busy commuters,Buy on the way to work,35,app,Speed; no queue at peak hours\r\n"
)
_CHANNEL_SPLIT = re.compile(r"\s*[,;|/]\s*")


@dataclass(frozen=True)
class RowProblem:
    """Why one row of an imported file was refused; `row` counts the header as row 1."""

    row: int
    message: str


def list_segments() -> list[CustomerSegment]:
    """The register, by name."""
    return list(
        db.session.scalars(
            select(CustomerSegment).order_by(func.lower(CustomerSegment.name), CustomerSegment.id)
        )
    )


def segment_or_404(segment_id: int) -> CustomerSegment:
    """A segment of the register or NotFound."""
    segment = db.session.get(CustomerSegment, segment_id)
    if segment is None:
        raise NotFound(messages.SEGMENT_NOT_FOUND)
    return segment


def clean_segment(data: dict) -> dict:
    """Check a segment's fields; every problem is reported at once (422 naming each field)."""
    problems, clean = {}, {}
    name = " ".join(data.get("name").split()) if isinstance(data.get("name"), str) else ""
    if visible_length(name) < 2 or len(name) > SEGMENT_NAME_MAX or has_control_characters(name):
        problems["name"] = messages.SEGMENT_NAME_INVALID.format(max=SEGMENT_NAME_MAX)
    clean["name"] = name
    for key in ("description", "needs"):
        value = data.get(key)
        text = value.strip() if isinstance(value, str) else ""
        if len(text) > SEGMENT_TEXT_MAX or has_control_characters(text.replace("\n", " ")):
            problems[key] = messages.SEGMENT_TEXT_INVALID.format(max=SEGMENT_TEXT_MAX)
        clean[key] = text
    try:
        clean["share_percent"] = _share(data.get("share_percent"))
    except ValueError:
        problems["share_percent"] = messages.SEGMENT_SHARE_INVALID
    try:
        clean["channels"] = _channels(data.get("channels"))
    except ValueError as error:
        problems["channels"] = str(error)
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    return clean


def _share(value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        value = float(value.strip().removesuffix("%").strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(value)
    return float(value)


def _channels(value) -> list[str]:
    """Known channels in register order; a text is split on commas, semicolons or slashes."""
    if value is None:
        return []
    items = _CHANNEL_SPLIT.split(value.strip()) if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        items = [items]
    chosen = set()
    for item in items:
        key = " ".join(item.lower().split()) if isinstance(item, str) else None
        if key == "":
            continue
        if key not in CHANNELS:
            raise ValueError(
                messages.SEGMENT_CHANNEL_UNKNOWN.format(
                    channel=str(item)[:40], channels=", ".join(CHANNELS)
                )
            )
        chosen.add(key)
    return [channel for channel in CHANNELS if channel in chosen]


def _name_taken(name: str, ignore_id: int | None = None) -> bool:
    clash = db.session.scalar(
        select(CustomerSegment).where(func.lower(CustomerSegment.name) == name.lower())
    )
    return clash is not None and clash.id != ignore_id


def _refuse_taken(name: str, ignore_id: int | None = None) -> None:
    if _name_taken(name, ignore_id):
        text = messages.SEGMENT_NAME_TAKEN.format(name=name)
        raise Conflict(text, fields={"name": text})


def create_segment(data: dict) -> CustomerSegment:
    """Add one segment to the register."""
    clean = clean_segment(data)
    _refuse_taken(clean["name"])
    segment = CustomerSegment(**clean)
    db.session.add(segment)
    db.session.commit()
    return segment


def update_segment(segment: CustomerSegment, data: dict) -> CustomerSegment:
    """Change a segment (all fields are given again)."""
    clean = clean_segment(data)
    _refuse_taken(clean["name"], ignore_id=segment.id)
    for key, value in clean.items():
        setattr(segment, key, value)
    db.session.commit()
    return segment


def delete_segment(segment: CustomerSegment) -> None:
    """Remove a segment; the sessions and standards tagged with it lose the tag."""
    db.session.delete(segment)
    db.session.commit()


def import_csv(content: bytes) -> list[CustomerSegment]:
    """Import every row of a CSV file, or none: ValidationFailed lists each bad row and why."""
    if len(content) > IMPORT_MAX_BYTES:
        _too_large()
    records = _records(_decode(content))
    if not records or not any(cell.strip() for cell in records[0]):
        raise ValidationFailed(messages.SEGMENT_IMPORT_EMPTY, fields={"rows": []})
    columns = _header(records[0])
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(cells)]
    if not rows:
        raise ValidationFailed(messages.SEGMENT_IMPORT_NO_ROWS, fields={"rows": []})
    if len(rows) > IMPORT_MAX_ROWS:
        _too_large()
    cleaned, problems, seen = [], [], {}
    for number, cells in rows:
        problem = _check_row(number, cells, columns, seen)
        if isinstance(problem, RowProblem):
            problems.append(problem)
        else:
            cleaned.append(problem)
    if problems:
        _refuse_rows(problems)
    segments = [CustomerSegment(**clean) for clean in cleaned]
    db.session.add_all(segments)
    db.session.commit()
    return segments


def _too_large():
    text = messages.SEGMENT_IMPORT_TOO_LARGE.format(
        rows=IMPORT_MAX_ROWS, kib=IMPORT_MAX_BYTES // 1024
    )
    raise TooLarge(text)


def _refuse_rows(problems: list[RowProblem]):
    raise ValidationFailed(
        messages.SEGMENT_IMPORT_REFUSED.format(count=len(problems)),
        fields={"rows": [{"row": p.row, "message": p.message} for p in problems]},
    )


def _decode(content: bytes) -> str:
    """UTF-8 (with or without the BOM spreadsheets add), else the Windows encoding."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(messages.SEGMENT_IMPORT_ENCODING)


def _records(text: str) -> list[list[str]]:
    """The file's records; the delimiter (comma, semicolon or tab) is read off the header."""
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise DomainError(messages.SEGMENT_IMPORT_MALFORMED.format(problem=error)) from None


def _header(cells: list[str]) -> list[str]:
    columns = [" ".join(cell.lower().split()).replace(" ", "_") for cell in cells]
    for column in columns:
        if column not in COLUMNS and column not in EXPORT_ONLY_COLUMNS:
            text = messages.SEGMENT_IMPORT_HEADER_UNKNOWN.format(
                column=column[:40], columns=", ".join(COLUMNS)
            )
            _refuse_rows([RowProblem(1, text)])
        if columns.count(column) > 1:
            _refuse_rows(
                [RowProblem(1, messages.SEGMENT_IMPORT_HEADER_TWICE.format(column=column))]
            )
    if "name" not in columns:
        _refuse_rows([RowProblem(1, messages.SEGMENT_IMPORT_HEADER_NAME)])
    return columns


def _check_row(number: int, cells: list[str], columns: list[str], seen: dict):
    """The row's clean fields, or the RowProblem that refuses it."""
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
        return RowProblem(number, messages.SEGMENT_IMPORT_TOO_MANY_CELLS)
    data = {
        column: _unguarded(cell)
        for column, cell in zip(columns, cells, strict=False)
        if column in COLUMNS
    }
    try:
        clean = clean_segment(data)
    except ValidationFailed as error:
        details = " ".join(f"{COLUMN_LABELS[key]}: {text}" for key, text in error.fields.items())
        return RowProblem(number, details)
    key = clean["name"].lower()
    if key in seen:
        return RowProblem(
            number, messages.SEGMENT_NAME_TWICE.format(name=clean["name"], row=seen[key])
        )
    seen[key] = number
    if _name_taken(clean["name"]):
        return RowProblem(number, messages.SEGMENT_NAME_TAKEN.format(name=clean["name"]))
    return clean


def _unguarded(cell: str) -> str:
    """A cell without the quote that exports (ours, and spreadsheets') put before text that
    would otherwise read as a formula."""
    if cell.startswith("'") and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell


def check_segment_ids(segment_ids, field: str = "segment_ids") -> list[int]:
    """Distinct ids of segments in the register (422 on any other); for any tagged thing."""
    if segment_ids is None:
        return []
    ids = list(dict.fromkeys(segment_ids)) if isinstance(segment_ids, list | tuple) else None
    if ids is None or any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise ValidationFailed(
            messages.SEGMENT_IDS_INVALID, fields={field: messages.SEGMENT_IDS_INVALID}
        )
    if ids:
        known = set(
            db.session.scalars(select(CustomerSegment.id).where(CustomerSegment.id.in_(ids)))
        )
        if len(known) != len(ids):
            raise ValidationFailed(
                messages.SEGMENT_IDS_INVALID, fields={field: messages.SEGMENT_IDS_INVALID}
            )
    return ids


def replace_tags(table, column, owner_id: int, segment_ids) -> list[int]:
    """Tag one row of anything (a session, a standard, a survey…) with segments, replacing its
    tags: `table` is the association table, `column` its column naming the tagged row (the
    other column is `segment_id`). 422 on an id that is not in the register."""
    ids = check_segment_ids(segment_ids)
    db.session.execute(delete(table).where(column == owner_id))
    if ids:
        owner_key = column.name
        db.session.execute(insert(table), [{owner_key: owner_id, "segment_id": i} for i in ids])
    db.session.commit()
    return ids


def tags_of(table, column, owner_id: int) -> list[CustomerSegment]:
    """The segments one row is tagged with, by name (the counterpart of replace_tags)."""
    return list(
        db.session.scalars(
            select(CustomerSegment)
            .join(table, table.c.segment_id == CustomerSegment.id)
            .where(column == owner_id)
            .order_by(func.lower(CustomerSegment.name))
        )
    )


def tag_session(session: BrainstormSession, segment_ids) -> list[int]:
    """Say which segments a session concerns (replaces its tags)."""
    return replace_tags(session_segments, session_segments.c.session_id, session.id, segment_ids)


def session_tags(session: BrainstormSession) -> list[CustomerSegment]:
    """The segments a session concerns."""
    return tags_of(session_segments, session_segments.c.session_id, session.id)


def tag_standard(standard: CandidateStandard, segment_ids) -> list[int]:
    """Say which segments a candidate standard concerns (replaces its tags)."""
    return replace_tags(
        standard_segments, standard_segments.c.standard_id, standard.id, segment_ids
    )


def standard_tags(standard: CandidateStandard) -> list[CustomerSegment]:
    """The segments a candidate standard concerns."""
    return tags_of(standard_segments, standard_segments.c.standard_id, standard.id)


def sessions_concerning(segment_id: int):
    """A condition on BrainstormSession: the session is tagged with the segment."""
    return BrainstormSession.id.in_(
        select(session_segments.c.session_id).where(session_segments.c.segment_id == segment_id)
    )
