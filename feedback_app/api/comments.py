"""/api/v1 comments: participants build on ideas; facilitators moderate the comments."""

from feedback_app import messages
from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.voting import (
    CommentCreateSchema,
    CommentSchema,
    CommentUpdateSchema,
)
from feedback_app.errors import NotFound
from feedback_app.models import IdeaStatus, Participant, User
from feedback_app.services import access, comments
from feedback_app.services.public_ids import find_comment, find_idea
from feedback_app.web.rate_limits import participant_limits

bp = ApiBlueprint("comments", __name__, "Comments that build on ideas, anonymous and moderated.")


def _idea_for(caller: User | Participant, idea_id: str):
    """The idea, if the caller may read it: staff of its session, or a participant of it
    while the idea is visible."""
    idea = find_idea(idea_id)
    if isinstance(caller, Participant):
        if idea.session_id != caller.session_id or idea.status != IdeaStatus.VISIBLE.value:
            raise NotFound(messages.IDEA_NOT_FOUND)
    else:
        access.viewable_session(caller, idea.session_id)
    return idea


@bp.get("/ideas/<pid:idea_id>/comments")
@auth.any_caller
@bp.response(200, CommentSchema(many=True))
@errors(404)
def list_comments(caller: User | Participant, idea_id: str):
    """Comments on an idea, oldest first: participants see visible ones and their own awaiting
    approval; staff see every one."""
    idea = _idea_for(caller, idea_id)
    if isinstance(caller, Participant):
        return comments.comments_on(idea, participant=caller)
    return comments.comments_on(idea, staff=True)


@bp.post("/ideas/<pid:idea_id>/comments")
@participant_limits()
@auth.participant
@bp.body(CommentCreateSchema)
@bp.response(201, CommentSchema)
@errors(404, 409, 429)
def add_comment(participant: Participant, body: dict, idea_id: str):
    """Build on an idea (participants of its session, while collecting or voting); with
    pre-moderation the comment waits for approval and only you see it."""
    idea = _idea_for(participant, idea_id)
    comment = comments.add_comment(idea, participant, body["text"])
    return comments.view_of(comment, participant)


@bp.patch("/comments/<pid:comment_id>")
@auth.staff()
@bp.body(CommentUpdateSchema)
@bp.response(200, CommentSchema)
@errors(404)
def moderate_comment(user: User, body: dict, comment_id: str):
    """Approve or show a comment (visible), or hide it (facilitators of its session)."""
    comment = find_comment(comment_id)
    access.managed_session(user, comments.session_id_of(comment))
    comments.set_comment_status(comment, body["status"])
    return comments.view_of(comment, None)
