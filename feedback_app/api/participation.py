"""/api/v1/join: become an anonymous participant of a session."""

from feedback_app.api.auth import public
from feedback_app.api.blueprint import ApiBlueprint, errors, link, links
from feedback_app.api.schemas.sessions import JoinedSchema, JoinRequestSchema
from feedback_app.services.participation import join_session
from feedback_app.services.sessions import get_session
from feedback_app.web.rate_limits import join_limits

bp = ApiBlueprint("participation", __name__, "Joining a session anonymously.")


@bp.post("/join")
@join_limits
@public
@bp.body(JoinRequestSchema)
@bp.response(201, JoinedSchema)
@errors(404, 409, 429)
@links(
    201,
    GetSession=link(
        "get_session",
        "The session joined (send participant_token as the bearer token).",
        session_id="$response.body#/session_id",
    ),
    AddIdea=link(
        "add_idea",
        "Add an idea with the participant token.",
        session_id="$response.body#/session_id",
    ),
    ListIdeas=link(
        "list_ideas",
        "The ideas in this participant's own order.",
        session_id="$response.body#/session_id",
    ),
)
def join(body: dict):
    """Join by code; the token in the answer is the participant's only key: keep it secret."""
    participant, token = join_session(body["code"], body["level_id"], body["team_id"])
    return {
        "participant_token": token,
        "session_id": participant.session_id,
        "session": get_session(participant.session_id),
    }
