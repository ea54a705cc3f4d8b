"""/api/v1/sessions/<id>/follow-up: put a finished session's top ideas to another level."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors, link, links
from feedback_app.api.schemas.sessions import SessionSchema
from feedback_app.api.schemas.voting import FollowUpRequestSchema
from feedback_app.models import User
from feedback_app.services import access, follow_up

bp = ApiBlueprint("follow_ups", __name__, "Follow-up sessions across levels.")


@bp.post("/sessions/<int:session_id>/follow-up")
@auth.staff()
@bp.body(FollowUpRequestSchema)
@bp.response(201, SessionSchema)
@errors(404, 409)
@links(
    201,
    GetSession=link("get_session", "Read the follow-up.", session_id="$response.body#/id"),
    ListIdeas=link("list_ideas", "The ideas carried over.", session_id="$response.body#/id"),
)
def create_follow_up(user: User, body: dict, session_id: int):
    """A draft session for another level with the top ideas of this one (in results or
    closed) carried over, for that level to vote on and comment; both link to each other."""
    session = access.managed_session(user, session_id)
    return follow_up.create_follow_up(session, user, **body)
