"""Resolve the opaque public ids that callers send back into the rows they stand for.

Views and the API call these at the edge; the services below them keep working on rows and
integer keys, which never leave the server (see docs/anonymity.md).
"""

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import NotFound
from feedback_app.extensions import db
from feedback_app.models import Comment, Idea, Participant


def _find(model, public_id: str, message: str):
    row = db.session.execute(select(model).where(model.public_id == public_id)).scalar()
    if row is None:
        raise NotFound(message)
    return row


def find_idea(public_id: str) -> Idea:
    """The idea with this public id, or NotFound."""
    return _find(Idea, public_id, messages.IDEA_NOT_FOUND)


def find_idea_id(public_id: str) -> int:
    """The internal id of the idea with this public id, or NotFound: one small read, for
    writes that check everything else themselves (a vote)."""
    idea_id = db.session.execute(select(Idea.id).where(Idea.public_id == public_id)).scalar()
    if idea_id is None:
        raise NotFound(messages.IDEA_NOT_FOUND)
    return idea_id


def find_comment(public_id: str) -> Comment:
    """The comment with this public id, or NotFound."""
    return _find(Comment, public_id, messages.COMMENT_NOT_FOUND)


def find_participant(public_id: str) -> Participant:
    """The participant with this public id, or NotFound."""
    return _find(Participant, public_id, messages.PARTICIPANT_NOT_FOUND)


def idea_ids(public_ids: list[str], *, skip_unknown: bool = False) -> list[int]:
    """The internal ids of these ideas, in the same order; NotFound if one is unknown (or,
    with skip_unknown, without the unknown ones)."""
    wanted = list(public_ids)
    if not wanted:
        return []
    rows = db.session.execute(
        select(Idea.public_id, Idea.id).where(Idea.public_id.in_(set(wanted)))
    ).all()
    known = dict(rows)
    if skip_unknown:
        return [known[public_id] for public_id in wanted if public_id in known]
    if any(public_id not in known for public_id in wanted):
        raise NotFound(messages.IDEA_NOT_FOUND)
    return [known[public_id] for public_id in wanted]


def idea_public_ids(idea_ids: list[int]) -> list[str]:
    """The public ids of these ideas, in the same order (ideas since deleted are left out)."""
    wanted = list(idea_ids)
    if not wanted:
        return []
    query = select(Idea.id, Idea.public_id).where(Idea.id.in_(wanted))
    known = dict(db.session.execute(query).all())
    return [known[idea_id] for idea_id in wanted if idea_id in known]
