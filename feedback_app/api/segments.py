"""/api/v1/segments: the customer-segment register, and importing it from CSV."""

from flask import request

from feedback_app import messages
from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.teams import SegmentSchema, SegmentsImportedSchema
from feedback_app.errors import WrongMediaType
from feedback_app.models import User
from feedback_app.services import segments

bp = ApiBlueprint("segments", __name__, "The customer-segment register.")

CSV_BODY = {
    "required": True,
    "description": (
        "A CSV file (comma, semicolon or tab separated; UTF-8 with or without BOM): a header "
        f"row naming some of {', '.join(segments.COLUMNS)} (name is required), then one "
        "segment per row. Channels are separated by commas inside their cell."
    ),
    "content": {"text/csv": {"schema": {"type": "string"}}},
}
ROWS_REPORT = (
    "All or nothing. 422: nothing imported, and `error.fields.rows` lists each bad row as "
    "`{row, message}` (row 1 is the header row; an empty file or a file without segments has "
    "`rows: []`). 400: not readable as CSV text. 413: more rows or bytes than one import takes. "
    "415: the body is not `text/csv`."
)


@bp.get("/segments")
@auth.staff()
@bp.response(200, SegmentSchema(many=True))
def list_segments(user: User):
    """List the register by name."""
    return segments.list_segments()


@bp.post("/segments/import")
@auth.staff("manager", "admin")
@bp.response(201, SegmentsImportedSchema)
@errors(400, 413, 415, 422)
@bp.doc(requestBody=CSV_BODY, description=ROWS_REPORT)
def import_segments(user: User):
    """Import segments from a CSV file: every row, or none when any row is bad (422)."""
    if request.mimetype not in ("text/csv", "application/csv"):
        raise WrongMediaType(messages.SEGMENT_IMPORT_NOT_CSV)
    return {"imported": len(segments.import_csv(request.get_data()))}
