"""/api/v1 exports: a session's results, or a selection's, as CSV, JSON, Excel or PDF.

Staff only, and only sessions they may see (facilitators their own, managers and admins all).
Formats and their layout: docs/exports.md. The answer is streamed as an attachment.
"""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import IdCsv, choice
from feedback_app.models import User
from feedback_app.services import access
from feedback_app.services.exports import FORMAT_NAMES, FORMATS, MAX_SESSIONS, export_sessions
from feedback_app.services.exports.json_document import ExportDocumentSchema
from feedback_app.web.downloads import download_response

bp = ApiBlueprint("exports", __name__, "Exports of results: CSV, JSON, Excel and PDF.")

BINARY = {"type": "string", "format": "binary"}
CONTENT = {
    "csv": {
        "text/csv": {
            "schema": {
                "type": "string",
                "description": "UTF-8 with BOM. Columns: rank, tied, idea, votes, score, "
                "consensus, then `votes: <level group>` per group of at least k people; a "
                "selection adds `session` and `session_title` first. Cells starting with "
                "= + - @, a tab or a carriage return are prefixed with a single quote.",
            }
        }
    },
    "json": {"application/json": {"schema": ExportDocumentSchema}},
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": BINARY}
    },
    "pdf": {"application/pdf": {"schema": BINARY}},
}
DISPOSITION = {
    "Content-Disposition": {
        "description": 'attachment; filename="session-<id>-results.<format>"',
        "schema": {"type": "string"},
    }
}


def _download(description: str, content: dict) -> dict:
    return {
        "responses": {200: {"description": description, "content": content, "headers": DISPOSITION}}
    }


def _session_export(export_format: str):
    """Register GET /sessions/<id>/export.<format> as its own documented operation."""

    def view(user: User, session_id: int):
        session = access.viewable_session(user, session_id)
        return download_response(export_sessions([session], export_format))

    name = FORMAT_NAMES[export_format]
    view.__name__ = f"export_session_{export_format}"
    view.__doc__ = (
        f"Download the session's results as {name}: ranked ideas, candidate standards and "
        "votes per level group (groups of at least k people only)."
    )
    decorated = errors(404)(
        bp.doc(**_download(f"The results as {name}", CONTENT[export_format]))(view)
    )
    bp.get(f"/sessions/<int:session_id>/export.{export_format}")(auth.staff()(decorated))


for _format in FORMATS:
    _session_export(_format)


class ExportQuerySchema(BaseSchema):
    """Which sessions, and in which format."""

    session_ids = IdCsv(
        MAX_SESSIONS,
        required=True,
        metadata={
            "description": f"Session ids separated by commas, e.g. 1,2 (at most "
            f"{MAX_SESSIONS}); each once, in this order."
        },
    )
    export_format = choice(FORMATS, required=True, data_key="format")


@bp.get("/exports")
@auth.staff()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(
    **_download(
        "The results of every session, one after another, in the format asked for",
        {media: body for content in CONTENT.values() for media, body in content.items()},
    )
)
@errors(404, 422)
def export_selection(user: User, query: dict):
    """Download the results of several sessions in one file (CSV with a `session` column,
    JSON with one entry per session, a workbook, or a PDF with a part per session); 403 when
    any of them is not the caller's to see, 404 when one does not exist."""
    sessions = access.viewable_sessions(user, query["session_ids"])
    return download_response(export_sessions(sessions, query["export_format"]))
