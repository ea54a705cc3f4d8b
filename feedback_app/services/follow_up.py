"""Follow-up sessions: the top ideas of a finished session, put to another level.

The method asks each session for feedback from the other levels: the front line's best ideas
go to managers (or the other way round) to vote on and comment. The follow-up starts as a
draft with copies of the top ideas (nobody's, so everyone may vote on them); both sessions
link to each other, and each carried idea remembers where it came from.
"""

from dataclasses import dataclass

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, User
from feedback_app.models.sessions import TITLE_MAX
from feedback_app.services.ranking import RESULT_PHASES, rank_ideas
from feedback_app.services.sessions import create_session

TOP_DEFAULT = 10
TOP_MAX = 50


@dataclass(frozen=True)
class CarriedIdea:
    """Where an idea of a follow-up came from: the session and its rank there."""

    idea_id: int
    session_id: int
    session_title: str
    rank: int | None


def _check_top(top: int) -> int:
    if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= TOP_MAX:
        text = messages.FOLLOW_UP_TOP_INVALID.format(max=TOP_MAX)
        raise ValidationFailed(text, fields={"top": text})
    return top


def create_follow_up(
    session: BrainstormSession,
    owner: User,
    *,
    target_level_id: int,
    top: int = TOP_DEFAULT,
    title: str | None = None,
    prompt: str | None = None,
    contributing_level_ids: list[int] | None = None,
    voting_mode: str | None = None,
) -> BrainstormSession:
    """A draft session for another level with this finished session's top ideas carried over."""
    top = _check_top(top)
    if session.phase not in RESULT_PHASES:
        raise WrongPhase(messages.FOLLOW_UP_NOT_FINISHED)
    ranked = rank_ideas(session)[:top]
    if not ranked:
        raise WrongPhase(messages.FOLLOW_UP_NO_IDEAS)
    ideas = {
        idea.id: idea
        for idea in db.session.scalars(
            select(Idea).where(Idea.id.in_([item.idea_id for item in ranked]))
        )
    }
    return create_session(
        owner,
        title=title if title is not None else f"Follow-up: {session.title}"[:TITLE_MAX],
        prompt=prompt if prompt is not None else session.prompt,
        target_level_id=target_level_id,
        contributing_level_ids=contributing_level_ids or [target_level_id],
        voting_mode=voting_mode or session.voting_mode,
        results_public=session.results_public,
        language=session.language,
        moderation=session.moderation,
        dot_budget=session.dot_budget,
        dots_per_idea=session.dots_per_idea,
        allow_self_votes=session.allow_self_votes,
        follow_up_of=session,
        carried_ideas=[ideas[item.idea_id] for item in ranked],
    )


def origins(session: BrainstormSession) -> dict[int, CarriedIdea]:
    """For each carried idea of a follow-up: its session and the rank it had there."""
    if session.follow_up_of_id is None:
        return {}
    source = db.session.get(BrainstormSession, session.follow_up_of_id)
    rows = db.session.execute(
        select(Idea.id, Idea.carried_from_id).where(
            Idea.session_id == session.id, Idea.carried_from_id.is_not(None)
        )
    ).all()
    ranks = {item.idea_id: item.rank for item in rank_ideas(source)} if source else {}
    return {
        idea_id: CarriedIdea(idea_id, source.id, source.title, ranks.get(origin))
        for idea_id, origin in rows
        if source is not None
    }
