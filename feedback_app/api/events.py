"""/api/v1/sessions/<id>/events: the session's live events as Server-Sent Events."""

from marshmallow import validate

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import QueryInteger, choice, optional
from feedback_app.live.responses import event_stream
from feedback_app.models import Participant, User
from feedback_app.services import access, events, live
from feedback_app.web.converters import MAX_ID

bp = ApiBlueprint("events", __name__, "Live events of a session (Server-Sent Events).")

STREAM_DESCRIPTION = """A `text/event-stream`. Each event has an `id:` (the last logged event
number: send it back as `Last-Event-ID` to resume), an `event:` name and JSON `data:`.
Logged events: `idea.added`, `idea.pending` (staff), `idea.changed`, `idea.removed`,
`idea.status` (staff), `phase`, `timer`, `joining`, `settings`. Totals, not logged:
`state` (sent first: phase, timer, participants, votes cast for staff), `tally` (votes cast and
changed per-idea counts; staff, and the projector view), `participants`. `resync`: too far
behind, start over. A keep-alive comment comes every 15 s. Participants only receive what
participants may see; no event carries participant identity. Served by a plain WSGI server,
the stream ends after the replay and `retry:` makes clients poll."""


EVENT_NAMES = [
    events.IDEA_ADDED,
    events.IDEA_PENDING,
    events.IDEA_CHANGED,
    events.IDEA_REMOVED,
    events.IDEA_STATUS,
    events.PHASE_CHANGED,
    events.TIMER,
    events.JOINING,
    events.SETTINGS,
    "state",
    "tally",
    "participants",
    "resync",
]
EVENT_SCHEMA = {
    "type": "object",
    "description": "One event of the stream.",
    "required": ["event", "data"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9]+$"},
        "event": {"type": "string", "enum": EVENT_NAMES},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
}


class EventsQuerySchema(BaseSchema):
    """Where to start and, for staff, whose view to take."""

    after = optional(
        QueryInteger,
        validate=validate.Range(min=0, max=MAX_ID),
        metadata={"description": "Replay events after this number."},
    )
    view = optional(choice, values=["console", "projector"])
    once = optional(
        QueryInteger,
        validate=validate.OneOf([0, 1]),
        metadata={"description": "1: answer at once, do not hold the stream open."},
    )


@bp.get("/sessions/<int:session_id>/events")
@auth.any_caller
@bp.arguments(EventsQuerySchema, location="query", as_kwargs=True)
@bp.doc(
    parameters=[
        {
            "in": "header",
            "name": "Last-Event-ID",
            "required": False,
            "schema": {"type": "string", "pattern": "^[0-9]{1,9}$"},
            "description": "The last event received, to resume after a reconnect.",
        }
    ],
    responses={
        200: {
            "description": STREAM_DESCRIPTION,
            "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
        }
    },
)
@errors(404, 422)
def session_events(caller: User | Participant, session_id: int, **query):
    """Stream a session's live events (participants see only what participants may)."""
    session = access.session_for_caller(caller, session_id)
    if isinstance(caller, Participant):
        audience = live.PARTICIPANT
    else:
        audience = live.PROJECTOR if query.get("view") == "projector" else live.STAFF
    return event_stream(session, audience)
