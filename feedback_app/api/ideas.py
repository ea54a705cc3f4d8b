"""/api/v1 ideas: add and list in a session; edit, withdraw or moderate one idea."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors, link, links
from feedback_app.api.idempotency import IDEMPOTENCY_KEY, idempotency_key
from feedback_app.api.parser import INVALID_FIELDS
from feedback_app.api.schemas.fields import REQUIRED
from feedback_app.api.schemas.ideas import (
    IdeaCreateSchema,
    IdeaPageSchema,
    IdeaSchema,
    IdeaUpdateSchema,
    ParticipantIdeaSchema,
    StaffIdeaSchema,
)
from feedback_app.errors import ValidationFailed
from feedback_app.models import Participant, User
from feedback_app.services import access, moderation
from feedback_app.services import ideas as idea_service
from feedback_app.services.idea_submissions import submit_idea
from feedback_app.web.rate_limits import participant_limits

bp = ApiBlueprint("ideas", __name__, "Ideas: added by participants, moderated by facilitators.")

IDEA_ID = "$response.body#/id"


@bp.post("/sessions/<int:session_id>/ideas")
@participant_limits()
@auth.participant
@bp.body(IdeaCreateSchema)
@bp.doc(parameters=[IDEMPOTENCY_KEY])
@bp.response(201, IdeaSchema)
@bp.alt_response(
    200, schema=IdeaSchema, description="The idea this Idempotency-Key added before (a retry)"
)
@errors(404, 409, 422, 429)
@links(
    201,
    Vote=link("vote", "Vote for the idea (while voting).", idea_id=IDEA_ID),
    Edit=link("update_idea", "Reword it (its author, while collecting).", idea_id=IDEA_ID),
    Withdraw=link("withdraw_idea", "Withdraw it (its author).", idea_id=IDEA_ID),
    Merge=link("merge_duplicate", "Merge it into another idea (facilitator).", idea_id=IDEA_ID),
)
def add_idea(participant: Participant, body: dict, session_id: int):
    """Add an idea (participants of the session, while it collects ideas).

    Retry-safe with an Idempotency-Key: the same key and text give back the same idea (200).
    """
    key = idempotency_key()
    session = access.participant_session(participant, session_id)
    idea, created = submit_idea(session, participant, body["text"], key)
    return idea, 201 if created else 200


@bp.get("/sessions/<int:session_id>/ideas")
@auth.any_caller
@bp.doc(
    responses={
        200: {
            "description": "Participants: visible ideas in their own order. Staff: all, counted.",
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [
                            {"type": "array", "items": ParticipantIdeaSchema},
                            {"type": "array", "items": StaffIdeaSchema},
                        ]
                    }
                }
            },
        }
    }
)
@bp.arguments(IdeaPageSchema, location="query", as_kwargs=True)
@errors(404, 422)
def list_ideas(caller: User | Participant, session_id: int, limit: int | None, offset: int):
    """List ideas: participants get their own random order, staff all with vote counts.

    Give `limit` (and `offset`) to read a large session a page at a time.
    """
    session = access.session_for_caller(caller, session_id)
    if isinstance(caller, Participant):
        ideas = idea_service.ideas_for_participant(session, caller, limit=limit, offset=offset)
        return ParticipantIdeaSchema(many=True).dump(ideas)
    ideas = idea_service.ideas_for_staff(session, limit=limit, offset=offset)
    return StaffIdeaSchema(many=True).dump(ideas)


@bp.patch("/ideas/<pid:idea_id>")
@auth.any_caller
@bp.body(IdeaUpdateSchema)
@bp.response(200, IdeaSchema)
@errors(404, 409)
def update_idea(caller: User | Participant, body: dict, idea_id: str):
    """Reword your own idea ({text}); as its facilitator, moderate ({status}) or correct ({text}).

    Statuses: visible (approve or show), hidden, off_topic. A correction bumps the idea's
    version, so its author and voters see that it changed.
    """
    if isinstance(caller, Participant):
        idea = access.authored_idea(caller, idea_id)
        _require(body, "text")
        return idea_service.edit_idea(idea, caller, body["text"])
    idea, session = access.moderated_idea(caller, idea_id)
    if body["text"] is None:
        _require(body, "status")
    if body["text"] is not None:
        moderation.correct_idea(idea, body["text"], session.phase)
    if body["status"] is not None:
        moderation.set_idea_status(idea, body["status"], actor=caller)
    return idea


def _require(body: dict, name: str) -> None:
    if body[name] is None:
        raise ValidationFailed(INVALID_FIELDS, fields={name: REQUIRED})


@bp.delete("/ideas/<pid:idea_id>")
@auth.participant
@bp.response(204)
@errors(404, 409)
def withdraw_idea(participant: Participant, idea_id: str):
    """Withdraw your own idea while ideas are being collected."""
    idea_service.withdraw_idea(access.authored_idea(participant, idea_id), participant)
