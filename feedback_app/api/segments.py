"""/api/v1/segments: the customer-segment register, importing it from CSV, and exporting it."""

from flask import request

from feedback_app import messages
from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.exports import BINARY
from feedback_app.api.schemas.teams import SegmentSchema, SegmentsImportedSchema
from feedback_app.errors import WrongMediaType
from feedback_app.models import User
from feedback_app.services import segments
from feedback_app.services.exports import FORMAT_NAMES
from feedback_app.services.exports.segments import (
    SEGMENT_FORMATS,
    SegmentsDocumentSchema,
    export_segments,
)
from feedback_app.web.downloads import download_response

bp = ApiBlueprint("segments", __name__, "The customer-segment register.")

EDITORS = ("manager", "admin")

CSV_BODY = {
    "required": True,
    "description": (
        "A CSV file (comma, semicolon or tab separated; UTF-8 with or without BOM): a header "
        f"row naming some of {', '.join(segments.COLUMNS)} (name is required), then one "
        "segment per row. Channels are separated by commas inside their cell."
    ),
    "content": {"text/csv": {"schema": {"type": "string"}}},
}
EXPORT_CONTENT = {
    "csv": {
        "text/csv": {
            "schema": {
                "type": "string",
                "description": "UTF-8 with BOM, one row per segment: segment, name, "
                "description, share_percent, channels, needs, then how many sessions, "
                "standards and surveys are tagged with it.",
            }
        }
    },
    "json": {"application/json": {"schema": SegmentsDocumentSchema}},
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": BINARY}
    },
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
@auth.staff(*EDITORS)
@bp.response(201, SegmentsImportedSchema)
@errors(400, 413, 415, 422)
@bp.doc(requestBody=CSV_BODY, description=ROWS_REPORT)
def import_segments(user: User):
    """Import segments from a CSV file: every row, or none when any row is bad (422)."""
    if request.mimetype not in ("text/csv", "application/csv"):
        raise WrongMediaType(messages.SEGMENT_IMPORT_NOT_CSV)
    return {"imported": len(segments.import_csv(request.get_data()))}


def _segments_export(export_format: str):
    """Register GET /segments/export.<format> as its own documented operation."""

    def view(user: User):
        return download_response(export_segments(export_format))

    name = FORMAT_NAMES[export_format]
    view.__name__ = f"export_segments_{export_format}"
    view.__doc__ = (
        f"Download the register as {name}.\n\nEach segment with the sessions, standards and "
        "surveys tagged with it; managers and admins only, as it names them across every "
        "facilitator."
    )
    disposition = {
        "description": f'attachment; filename="segments-<day>.{export_format}"',
        "schema": {"type": "string"},
    }
    documented = bp.doc(
        responses={
            200: {
                "description": f"The register as {name}",
                "content": EXPORT_CONTENT[export_format],
                "headers": {"Content-Disposition": disposition},
            }
        }
    )(view)
    bp.get(f"/segments/export.{export_format}")(auth.staff(*EDITORS)(documented))


for _format in SEGMENT_FORMATS:
    _segments_export(_format)
