"""Pairwise voting: a participant chooses between two ideas at a time (or skips the pair).

Pairs are drawn by fair exposure: the two least-shown ideas this participant has not judged
together yet (ties in an order of their own). Choices rank the ideas by Bradley–Terry
(services.ranking); each pair is judged once per participant.
"""

import random
from collections import Counter

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, PairChoice, Participant
from feedback_app.services import events
from feedback_app.services.exposure import count_shown
from feedback_app.services.phases import lock_session
from feedback_app.web.converters import MAX_ID


def _voting(session_id: int) -> BrainstormSession:
    session = lock_session(session_id)
    if session.phase != "voting":
        db.session.rollback()
        raise WrongPhase(messages.VOTING_CLOSED)
    if session.voting_mode != "pairwise":
        db.session.rollback()
        raise Conflict(messages.NOT_PAIRWISE, code="not_pairwise")
    return session


def _judged(participant: Participant) -> set[tuple[int, int]]:
    rows = db.session.execute(
        select(PairChoice.low_id, PairChoice.high_id).where(
            PairChoice.participant_id == participant.id
        )
    ).all()
    return {(low, high) for low, high in rows}


def judged(participant: Participant, first: int, second: int) -> bool:
    """Whether this participant has already judged (or skipped) the pair."""
    low, high = sorted((first, second))
    query = select(PairChoice.id).where(
        PairChoice.participant_id == participant.id,
        PairChoice.low_id == low,
        PairChoice.high_id == high,
    )
    return db.session.scalar(query) is not None


def next_pair(session: BrainstormSession, participant: Participant) -> tuple[Idea, Idea] | None:
    """Two different visible ideas for this participant; None when every pair is judged.

    Ideas this participant has compared least come first, then those shown least to anyone
    (ties in an order of their own): an idea that lags behind is spread over many people
    instead of being put to the same person pair after pair.
    """
    session = _voting(session.id)
    rows = db.session.execute(
        select(Idea.id, Idea.exposures, Idea.participant_id).where(
            Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
        )
    ).all()
    if not session.allow_self_votes:
        rows = [row for row in rows if row.participant_id != participant.id]
    judged = _judged(participant)
    mine = Counter(idea_id for pair in judged for idea_id in pair)
    rng = random.Random(f"{participant.token_hash}:{len(judged)}:{utc_now().isoformat()}")
    rng.shuffle(rows)
    rows.sort(key=lambda row: (mine[row.id], row.exposures))
    for position, first in enumerate(rows):
        for second in rows[position + 1 :]:
            pair = tuple(sorted((first.id, second.id)))
            if pair not in judged:
                left, right = (first.id, second.id) if rng.random() < 0.5 else (second.id, first.id)
                count_shown([left, right])
                return db.session.get(Idea, left), db.session.get(Idea, right)
    db.session.rollback()
    return None


def record_choice(
    session: BrainstormSession,
    participant: Participant,
    *,
    winner_id: int | None = None,
    loser_id: int | None = None,
    skip_ids: tuple[int, int] | None = None,
) -> PairChoice:
    """Record the participant's choice of `winner_id` over `loser_id`, or a skipped pair."""
    first, second = skip_ids if skip_ids else (winner_id, loser_id)
    if first is None or second is None or first == second:
        raise ValidationFailed(messages.PAIR_INVALID, fields={"pair": messages.PAIR_INVALID})
    if not all(1 <= idea_id <= MAX_ID for idea_id in (first, second)):
        raise NotFound(messages.IDEA_NOT_FOUND)  # beyond any stored id (and PostgreSQL's int)
    session = _voting(session.id)
    ideas = {
        idea.id: idea
        for idea in db.session.scalars(
            select(Idea).where(
                Idea.id.in_((first, second)),
                Idea.session_id == session.id,
                Idea.status == IdeaStatus.VISIBLE.value,
            )
        )
    }
    if len(ideas) != 2 or participant.session_id != session.id:
        db.session.rollback()
        raise NotFound(messages.IDEA_NOT_FOUND)
    own = [idea for idea in ideas.values() if idea.participant_id == participant.id]
    if own and not session.allow_self_votes:
        db.session.rollback()
        raise Conflict(messages.SELF_VOTE, code="self_vote")
    low, high = sorted((first, second))
    choice = PairChoice(
        session_id=session.id,
        participant_id=participant.id,
        low_id=low,
        high_id=high,
        winner_id=None if skip_ids else winner_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(choice)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(messages.PAIR_JUDGED, code="pair_judged") from None
    if not skip_ids:
        events.signal(session.id, events.VOTES, {"idea_ids": [winner_id, loser_id]})
    return choice
