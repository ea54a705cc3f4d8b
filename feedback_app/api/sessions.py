"""/api/v1/sessions: create, list, read, change phase and share results."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors, link, links
from feedback_app.api.parser import INVALID_FIELDS
from feedback_app.api.schemas.fields import REQUIRED
from feedback_app.api.schemas.sessions import (
    ParticipantSessionSchema,
    PhaseChangeSchema,
    SessionCreateSchema,
    SessionSchema,
    SessionUpdateSchema,
    TimerRequestSchema,
)
from feedback_app.errors import ValidationFailed
from feedback_app.models import Participant, User
from feedback_app.services import access, phases
from feedback_app.services import sessions as session_service
from feedback_app.services.segments import tag_session

bp = ApiBlueprint("sessions", __name__, "Brainstorming sessions and their phases.")

SESSION_ID = "$response.body#/id"
SESSION_LINKS = {
    "GetSession": link("get_session", "Read the session.", session_id=SESSION_ID),
    "ChangePhase": link("change_phase", "Move it to another phase.", session_id=SESSION_ID),
    "Timer": link("control_timer", "Run its phase on a timer.", session_id=SESSION_ID),
    "Events": link("session_events", "Follow it live.", session_id=SESSION_ID),
    "ListIdeas": link("list_ideas", "Its ideas.", session_id=SESSION_ID),
    "Ranking": link("ranking", "Its ranking.", session_id=SESSION_ID),
    "Breakdown": link("breakdown", "Its votes per level.", session_id=SESSION_ID),
    "RunClusters": link("run_clusters", "Group its ideas into themes.", session_id=SESSION_ID),
    "Standards": link("list_standards", "Its candidate standards.", session_id=SESSION_ID),
}


@bp.post("/sessions")
@auth.staff()
@bp.body(SessionCreateSchema)
@bp.response(201, SessionSchema)
@links(201, **SESSION_LINKS)
def create_session(user: User, body: dict):
    """Create a draft session for a level; every level contributes unless told otherwise.

    `segment_ids` tags it with the customer segments it concerns (an unknown id is a 422).
    """
    return session_service.create_session(user, **body)


@bp.get("/sessions")
@auth.staff()
@bp.response(200, SessionSchema(many=True))
def list_sessions(user: User):
    """List the sessions the staff caller may see, newest first, with counts."""
    return session_service.sessions_for(user)


@bp.get("/sessions/<int:session_id>")
@auth.any_caller
@bp.doc(
    responses={
        200: {
            "description": "The session (full for staff, reduced for its participants)",
            "content": {
                "application/json": {"schema": {"anyOf": [SessionSchema, ParticipantSessionSchema]}}
            },
        }
    }
)
@errors(404)
def get_session(caller: User | Participant, session_id: int):
    """Read a session: full for staff, reduced for its own participants."""
    session = access.session_for_caller(caller, session_id)
    if isinstance(caller, Participant):
        return ParticipantSessionSchema().dump(session)
    return SessionSchema().dump(session)


@bp.patch("/sessions/<int:session_id>")
@auth.staff()
@bp.body(SessionUpdateSchema)
@bp.response(200, SessionSchema)
@errors(404)
def update_session(user: User, body: dict, session_id: int):
    """Change settings: results shared, joining open, live counts on the projector, moderation,
    and the customer segments it concerns (the tags given replace its tags)."""
    session = access.managed_session(user, session_id)
    if body["segment_ids"] is not None:  # first: an unknown segment leaves every setting as is
        tag_session(session, body["segment_ids"])
    setters = {
        "results_public": session_service.set_results_public,
        "joining_open": session_service.set_joining_open,
        "show_live_counts": session_service.set_show_live_counts,
        "moderation": session_service.set_moderation,
    }
    for name, setter in setters.items():
        if body[name] is not None:
            setter(session, body[name])
    return session


TIMER_ACTIONS = {
    "pause": phases.pause_timer,
    "resume": phases.resume_timer,
    "extend": phases.extend_timer,
    "stop": phases.stop_timer,
    "skip": phases.skip_phase,
}


@bp.post("/sessions/<int:session_id>/timer")
@auth.staff()
@bp.body(TimerRequestSchema)
@bp.response(200, SessionSchema)
@errors(404, 409)
def control_timer(user: User, body: dict, session_id: int):
    """Start (with minutes), pause, resume, extend by a minute, stop the timer, or skip ahead."""
    session = access.managed_session(user, session_id)
    if body["action"] == "start":
        if body["minutes"] is None:
            raise ValidationFailed(INVALID_FIELDS, fields={"minutes": REQUIRED})
        return phases.start_timer(session, body["minutes"])
    return TIMER_ACTIONS[body["action"]](session)


@bp.post("/sessions/<int:session_id>/phase")
@auth.staff()
@bp.body(PhaseChangeSchema)
@bp.response(200, SessionSchema)
@errors(404, 409)
def change_phase(user: User, body: dict, session_id: int):
    """Move the session to another phase; an impossible move is a 409."""
    session = access.managed_session(user, session_id)
    return phases.change_phase(session, body["phase"])
