"""/api/v1 mystery shopping: the current checklist, one-time links, visit reports (filed once
per Idempotency-Key) and their exports.

Shoppers, managers and admins file reports (a one-time link's token works as a bearer token
for one report); managers and admins read every report, a shopper their own.
"""

from flask import request, url_for

from feedback_app import messages
from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.exports import BINARY
from feedback_app.api.schemas.visits import (
    ChecklistRequestSchema,
    ChecklistSchema,
    VisitLinkRequestSchema,
    VisitLinkSchema,
    VisitQuerySchema,
    VisitRequestSchema,
    VisitSchema,
)
from feedback_app.errors import Forbidden, Unauthorized
from feedback_app.models import Participant, User, VisitLink
from feedback_app.models.visits import IDEMPOTENCY_KEY_MAX
from feedback_app.services import visits
from feedback_app.services.exports import FORMAT_NAMES
from feedback_app.services.exports.visits import VISIT_FORMATS, VisitsDocumentSchema, export_visits
from feedback_app.web.downloads import download_response

bp = ApiBlueprint(
    "visit_reports", __name__, "Mystery shopping: checklists, links and visit reports."
)

FILERS = visits.FILING_ROLES
MANAGERS = visits.MANAGING_ROLES
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": IDEMPOTENCY_HEADER,
    "required": True,
    "description": "A new random key per report (e.g. a UUID). The same key with the same "
    "report answers 200 with the report filed first; with another report, 422.",
    "schema": {"type": "string", "pattern": f"^[A-Za-z0-9_.:-]{{8,{IDEMPOTENCY_KEY_MAX}}}$"},
}
CONTENT = {
    "csv": {"text/csv": {"schema": {"type": "string", "description": "One row per answer."}}},
    "json": {"application/json": {"schema": VisitsDocumentSchema}},
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": BINARY}
    },
}


def _download(description: str, content: dict) -> dict:
    disposition = {
        "description": 'attachment; filename="visits-<day>.<format>"',
        "schema": {"type": "string"},
    }
    return {
        "responses": {
            200: {
                "description": description,
                "content": content,
                "headers": {"Content-Disposition": disposition},
            }
        }
    }


def _filer() -> User | VisitLink:
    """A shopper, manager or admin by their token, or a one-time link by its token."""
    token = auth.bearer_token()
    if token.startswith(visits.LINK_TOKEN_PREFIX):
        link = visits.link_by_token(token)
        if link is None:
            raise Unauthorized(messages.TOKEN_INVALID)
        return link
    caller = auth.current_caller()
    if isinstance(caller, Participant) or caller.role not in FILERS:
        raise Forbidden(messages.VISIT_ROLES_ONLY)
    return caller


@bp.get("/checklists/current")
@auth.caller_from(_filer)
@bp.response(200, ChecklistSchema)
@errors(409)
def current_checklist(_caller):
    """The checklist to score now, with its item ids (made from the current version of the
    standard on first use; 409 `no_published_standard` when none is published)."""
    return visits.current_checklist()


@bp.post("/checklists")
@auth.staff(*MANAGERS)
@bp.body(ChecklistRequestSchema)
@bp.response(201, ChecklistSchema)
@errors(409)
def create_checklist(user: User, body: dict):
    """Make a new checklist from the current version with another scale; it becomes the
    current one (reports already filed keep theirs)."""
    return visits.generate_checklist(user, body["scale"])


@bp.post("/visit-links")
@auth.staff(*MANAGERS)
@bp.body(VisitLinkRequestSchema)
@bp.response(201, VisitLinkSchema)
def create_link(user: User, body: dict):
    """Issue a one-time link for an external shopper: good for one report until it expires.
    The token is shown in this answer only."""
    link, token = visits.issue_link(user, **body)
    return {
        "id": link.id,
        "token": token,
        "url": url_for("visits.link_report", token=token, _external=True),
        "label": link.label,
        "team_id": link.team_id,
        "expires_at": link.expires_at,
    }


@bp.post("/visits")
@auth.caller_from(_filer)
@bp.doc(parameters=[IDEMPOTENCY_PARAMETER])
@bp.body(VisitRequestSchema)
@bp.response(201, VisitSchema)
@bp.alt_response(200, schema=VisitSchema, description="This key's report, filed before")
@errors(409)
def file_visit(filer: User | VisitLink, body: dict):
    """File a visit report, once per Idempotency-Key: 201 the first time, 200 with the same
    body when the same report comes again (even at the same moment), 422 when the key was
    used for another report or a field is wrong (unknown team, a future date, an unknown
    channel, a value off the item's scale, an item not on the checklist). 409 when a one-time
    link was used or has expired."""
    visit, created = visits.file_visit(filer, body, request.headers.get(IDEMPOTENCY_HEADER))
    return visit, 201 if created else 200


@bp.get("/visits")
@auth.staff(*FILERS)
@bp.arguments(VisitQuerySchema, location="query", as_kwargs=True)
@bp.response(200, VisitSchema(many=True))
@errors(422)
def list_visits(user: User, team_id: int | None):
    """Visit reports, newest visit first (of one team with `team_id`): every report for
    managers and admins, their own for a shopper."""
    return visits.visits_for(user, team_id)


def _visit_export(export_format: str):
    """Register GET /visits/export.<format> as its own documented operation."""

    def view(user: User, team_id: int | None):
        return download_response(export_visits(visits.visits_for(user, team_id), export_format))

    name = FORMAT_NAMES[export_format]
    view.__name__ = f"export_visits_{export_format}"
    view.__doc__ = f"Download the visit reports (of one team with `team_id`) as {name}."
    documented = bp.doc(**_download(f"The reports as {name}", CONTENT[export_format]))(view)
    arguments = bp.arguments(VisitQuerySchema, location="query", as_kwargs=True)
    decorated = auth.staff(*MANAGERS)(arguments(errors(422)(documented)))
    bp.get(f"/visits/export.{export_format}")(decorated)


for _format in VISIT_FORMATS:
    _visit_export(_format)
