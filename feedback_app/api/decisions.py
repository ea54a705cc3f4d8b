"""/api/v1 decisions on candidate standards, their objectives, the published standard and
the audit trail. Managers and admins decide and publish; facilitators read."""

from feedback_app import messages
from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.decisions import (
    AuditPageSchema,
    AuditQuerySchema,
    DecidedStandardSchema,
    DecisionSchema,
    ObjectiveRequestSchema,
    ObjectiveSchema,
    PublishSchema,
    StandardUpdateSchema,
    StandardVersionSchema,
    SuggestionSchema,
)
from feedback_app.errors import NotFound
from feedback_app.models import User
from feedback_app.services import audit, decisions, objectives, standard_versions
from feedback_app.services.exports.standard import standard_version_pdf
from feedback_app.services.standards import score_standard
from feedback_app.web.downloads import download_response

bp = ApiBlueprint(
    "decisions", __name__, "Decisions on candidate standards, objectives, versions, audit."
)
DECIDERS = decisions.DECIDING_ROLES


@bp.get("/standards/<int:standard_id>")
@auth.staff()
@bp.response(200, DecidedStandardSchema)
@errors(404)
def get_standard(user: User, standard_id: int):
    """A candidate standard with the decision on it and its objectives."""
    return score_standard(decisions.viewable_candidate(user, standard_id))


@bp.patch("/standards/<int:standard_id>")
@auth.staff(*DECIDERS)
@bp.body(StandardUpdateSchema)
@bp.response(200, DecidedStandardSchema)
@errors(404)
def update_standard(user: User, body: dict, standard_id: int):
    """Reword a candidate standard or move it to another protocol stage."""
    standard = decisions.decidable_candidate(user, standard_id)
    return score_standard(decisions.edit_candidate(standard, user, **body))


@bp.post("/standards/<int:standard_id>/decision")
@auth.staff(*DECIDERS)
@bp.body(DecisionSchema)
@bp.response(200, DecidedStandardSchema)
@errors(404, 409)
def decide_standard(user: User, body: dict, standard_id: int):
    """Adopt, reject or park a candidate standard with a reason (409: already so)."""
    standard = decisions.decidable_candidate(user, standard_id)
    return score_standard(decisions.decide(standard, body["decision"], body["reason"], user))


@bp.post("/standards/<int:standard_id>/objectives")
@auth.staff(*DECIDERS)
@bp.body(ObjectiveRequestSchema)
@bp.response(201, ObjectiveSchema)
@errors(404)
def add_objective(user: User, body: dict, standard_id: int):
    """Give a standard a measurable objective."""
    standard = decisions.decidable_candidate(user, standard_id)
    return objectives.add_objective(standard, user, **body)


@bp.get("/standards/<int:standard_id>/objective-suggestions")
@auth.staff()
@bp.response(200, SuggestionSchema(many=True))
@errors(404)
def objective_suggestions(user: User, standard_id: int):
    """Objectives read from the numbers in the ideas behind the standard, to accept or edit."""
    return objectives.objective_suggestions(decisions.viewable_candidate(user, standard_id))


@bp.post("/standard/versions")
@auth.staff(*DECIDERS)
@bp.body(PublishSchema)
@bp.response(201, StandardVersionSchema)
@errors(409)
def publish_version(user: User, body: dict):
    """Publish the adopted standards as the next version (409: none adopted, or one without
    an objective, or nothing changed)."""
    return standard_versions.publish(user, body["note"])


@bp.get("/standard")
@auth.staff_unless(standard_versions.handbook_public)
@bp.response(200, StandardVersionSchema)
@errors(404)
def current_standard():
    """The current published version (readable without a token when an admin allows it)."""
    version = standard_versions.current_version()
    if version is None:
        raise NotFound(messages.NO_VERSION_YET, code="no_version")
    return version


@bp.get("/standard/versions")
@auth.staff_unless(standard_versions.handbook_public)
@bp.response(200, StandardVersionSchema(many=True))
def list_versions():
    """Every published version, newest first."""
    return standard_versions.all_versions()


@bp.get("/standard/versions/<int:number>")
@auth.staff_unless(standard_versions.handbook_public)
@bp.response(200, StandardVersionSchema)
@errors(404)
def get_version(number: int):
    """One published version by its number."""
    return standard_versions.version_by_number(number)


@bp.get("/standard/versions/<int:number>.pdf")
@auth.staff_unless(standard_versions.handbook_public)
@bp.doc(
    responses={
        200: {
            "description": "The version as a PDF: items by protocol stage with their "
            "objectives, and the change log against the version before",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                "Content-Disposition": {
                    "description": 'attachment; filename="customer-service-standard-v<n>.pdf"',
                    "schema": {"type": "string"},
                }
            },
        }
    }
)
@errors(404)
def get_version_pdf(number: int):
    """One published version as a printable PDF (same readers as the version itself)."""
    return download_response(standard_version_pdf(standard_versions.version_by_number(number)))


@bp.get("/audit")
@auth.staff(*DECIDERS)
@bp.arguments(AuditQuerySchema, location="query", as_kwargs=True)
@bp.response(200, AuditPageSchema)
@errors(422)
def audit_trail(user: User, page: int, per_page: int):
    """The audit trail, newest first, a page at a time."""
    return audit.audit_page(page, per_page)
