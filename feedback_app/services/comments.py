"""Comments that build on an idea: anonymous like ideas, moderated like ideas.

Participants comment while ideas are collected and voted on; pre-moderation and the word
filter apply as to ideas. Events tell pages about new and removed comments, never who wrote
them.
"""

from dataclasses import dataclass

from sqlalchemy import select

from feedback_app import messages
from feedback_app.clock import floor_to_minute, utc_now
from feedback_app.errors import NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import Comment, Idea, IdeaStatus, Participant
from feedback_app.models.ideas import COMMENT_MAX
from feedback_app.services import events, word_filter
from feedback_app.services.characters import has_control_characters, visible_length
from feedback_app.services.phases import lock_session

COMMENT_PHASES = ("collecting", "voting")
COMMENT_MIN = 2
STATUSES = ("visible", "hidden", "pending")


@dataclass(frozen=True)
class CommentView:
    """A comment as a page or the API shows it."""

    id: int
    idea_id: int
    text: str
    status: str
    mine: bool
    public_id: str = ""  # the public ids are the only ones shown outside the server
    idea_public_id: str = ""


def clean_comment(text: str) -> str:
    """Trim a comment and check its length (characters that show) and words."""
    cleaned = (text or "").strip() if isinstance(text, str) else ""
    if has_control_characters(cleaned):
        message = messages.COMMENT_CONTROL_CHARS
        raise ValidationFailed(message, fields={"text": message})
    if visible_length(cleaned) < COMMENT_MIN or len(cleaned) > COMMENT_MAX:
        message = messages.COMMENT_LENGTH.format(min=COMMENT_MIN, max=COMMENT_MAX)
        raise ValidationFailed(message, fields={"text": message})
    word_filter.check_text(cleaned)
    return cleaned


def add_comment(idea: Idea, participant: Participant, text: str) -> Comment:
    """A participant's comment on a visible idea of their session, while it collects or votes."""
    cleaned = clean_comment(text)
    if idea.session_id != participant.session_id or idea.status != IdeaStatus.VISIBLE.value:
        raise NotFound(messages.IDEA_NOT_FOUND)
    session = lock_session(idea.session_id)
    if session.phase not in COMMENT_PHASES:
        db.session.rollback()
        raise WrongPhase(messages.COMMENTS_CLOSED)
    pending = session.moderation == "pre"
    comment = Comment(
        idea_id=idea.id,
        participant_id=participant.id,
        text=cleaned,
        status="pending" if pending else "visible",
        created_at=floor_to_minute(utc_now()),
    )
    db.session.add(comment)
    db.session.flush()
    data = {
        "id": comment.public_id,
        "idea_id": idea.public_id,
        "text": cleaned,
        "status": comment.status,
    }
    audience = "staff" if pending else "all"
    events.record(session.id, events.COMMENT_ADDED, data, audience=audience)
    db.session.commit()
    return comment


def comments_on(idea: Idea, *, participant: Participant | None = None, staff: bool = False):
    """Comments on an idea, oldest first: visible ones (and the viewer's own pending ones);
    staff see every one."""
    query = _with_idea_id(select(Comment).where(Comment.idea_id == idea.id).order_by(Comment.id))
    if not staff:
        own = participant.id if participant else -1
        query = query.where(
            (Comment.status == "visible")
            | ((Comment.status == "pending") & (Comment.participant_id == own))
        )
    own_id = participant.id if participant else None
    return [_view(c, idea_public_id, own_id) for c, idea_public_id in db.session.execute(query)]


def _with_idea_id(query):
    """Add the public id of each comment's idea to a query of comments."""
    return query.add_columns(Idea.public_id).join(Idea, Idea.id == Comment.idea_id)


def _view(c: Comment, idea_public_id: str, own_id: int | None) -> CommentView:
    mine = own_id is not None and c.participant_id == own_id
    return CommentView(c.id, c.idea_id, c.text, c.status, mine, c.public_id, idea_public_id)


def comments_by_idea(idea_ids: list[int], participant: Participant | None = None) -> dict:
    """Visible comments (and the participant's own pending ones) for many ideas at once."""
    if not idea_ids:
        return {}
    own = participant.id if participant else -1
    rows = db.session.execute(
        _with_idea_id(select(Comment))
        .where(
            Comment.idea_id.in_(idea_ids),
            (Comment.status == "visible")
            | ((Comment.status == "pending") & (Comment.participant_id == own)),
        )
        .order_by(Comment.id)
    )
    grouped: dict[int, list[CommentView]] = {}
    for c, idea_public_id in rows:
        grouped.setdefault(c.idea_id, []).append(_view(c, idea_public_id, own))
    return grouped


def comments_for_staff(idea_ids: list[int]) -> dict[int, list[CommentView]]:
    """Every comment on these ideas, whatever its status, oldest first (for the console)."""
    if not idea_ids:
        return {}
    grouped: dict[int, list[CommentView]] = {}
    query = _with_idea_id(select(Comment)).where(Comment.idea_id.in_(idea_ids))
    for c, idea_public_id in db.session.execute(query.order_by(Comment.id)):
        grouped.setdefault(c.idea_id, []).append(_view(c, idea_public_id, None))
    return grouped


def view_of(comment: Comment, participant: Participant | None) -> CommentView:
    """One comment as its reader sees it."""
    idea_public_id = db.session.scalar(select(Idea.public_id).where(Idea.id == comment.idea_id))
    return _view(comment, idea_public_id, participant.id if participant else None)


def session_id_of(comment: Comment) -> int:
    """The session a comment belongs to (through its idea)."""
    return db.session.scalar(select(Idea.session_id).where(Idea.id == comment.idea_id))


def get_comment(comment_id: int) -> Comment:
    """A comment or NotFound."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(messages.COMMENT_NOT_FOUND)
    return comment


def set_comment_status(comment: Comment, status: str) -> Comment:
    """Approve or show (visible), or hide a comment."""
    if status not in ("visible", "hidden"):
        raise ValidationFailed("Unknown status.", fields={"status": "Use visible or hidden."})
    if comment.status == status:
        return comment
    idea = db.session.get(Idea, comment.idea_id)
    was_visible, comment.status = comment.status == "visible", status
    data = {"id": comment.public_id, "idea_id": idea.public_id}
    if status == "visible":
        public = data | {"text": comment.text, "status": "visible"}
        events.record(idea.session_id, events.COMMENT_ADDED, public)
    elif was_visible:
        events.record(idea.session_id, events.COMMENT_REMOVED, data)
    db.session.commit()
    return comment
