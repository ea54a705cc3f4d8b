"""Fair exposure: each participant votes on the ideas seen least so far, a batch at a time.

Without it, everyone scrolls the same list and early ideas collect the votes. Here each batch
is the least-shown ideas (ties in a random order of the participant's own), and every idea
shown is counted once more: counts per idea only, never who saw what. The participant's page
remembers which ideas it already had, so "more" brings new ones.
"""

import random
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select, update

from feedback_app import messages
from feedback_app.errors import WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, Participant, Vote

BATCH = 30
BATCH_MAX = 100


def _rng(participant: Participant, salt: str) -> random.Random:
    return random.Random(f"{participant.token_hash}:{salt}")


@dataclass(frozen=True)
class Ballot:
    """A batch of ideas for one participant: ids in the order to show, and how many are left."""

    idea_ids: list[int]
    remaining: int


def ballot(
    session: BrainstormSession,
    participant: Participant,
    *,
    limit: int = BATCH,
    seen: Collection[int] = frozenset(),
) -> Ballot:
    """The next ideas to put before this participant, least shown first; counts them shown.

    The ideas they voted on come first (so they can take a vote back), then fresh ones. When
    self-votes are off their own ideas come first, shown without a vote and not counted.
    `seen` are the ideas their page has.
    """
    if session.phase != "voting":  # only what is put to a vote counts as shown
        raise WrongPhase(messages.VOTING_CLOSED)
    limit = max(1, min(limit, BATCH_MAX))
    seen = set(seen)
    rows, voted = _visible_and_voted(session, participant)
    candidates = _fresh(rows, voted, seen, session, participant)
    rng = _rng(participant, f"{len(seen)}")
    rng.shuffle(candidates)  # ties between equally seen ideas in this participant's own order
    candidates.sort(key=lambda row: row.exposures)
    fresh = [row.id for row in candidates[:limit]]
    count_shown(fresh)
    first = [
        row.id
        for row in rows
        if row.id not in seen
        and (
            row.id in voted
            or (not session.allow_self_votes and row.participant_id == participant.id)
        )
    ]
    return Ballot(first + fresh, len(candidates) - len(fresh))


def _visible_and_voted(session: BrainstormSession, participant: Participant):
    rows = db.session.execute(
        select(Idea.id, Idea.exposures, Idea.participant_id).where(
            Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
        )
    ).all()
    voted = set(
        db.session.scalars(
            select(Vote.idea_id)
            .join(Idea, Idea.id == Vote.idea_id)
            .where(Vote.participant_id == participant.id, Idea.session_id == session.id)
        )
    )
    return rows, voted


def _fresh(rows, voted: set[int], seen: set[int], session, participant) -> list:
    """Ideas not handed to this participant yet and not voted on, that they may vote on."""
    return [
        row
        for row in rows
        if row.id not in seen
        and row.id not in voted
        and (session.allow_self_votes or row.participant_id != participant.id)
    ]


def unseen_count(
    session: BrainstormSession, participant: Participant, seen: Collection[int]
) -> int:
    """How many ideas this participant could still be handed (nothing is counted shown)."""
    rows, voted = _visible_and_voted(session, participant)
    return len(_fresh(rows, voted, set(seen), session, participant))


def count_shown(idea_ids: list[int]) -> None:
    """Count one more exposure for each idea (counts only).

    On PostgreSQL the rows are locked in id order first: two ballots handed out at once touch
    overlapping ideas, and an UPDATE … IN locks them in whatever order it scans, which can
    deadlock. SQLite serialises writers anyway.
    """
    if idea_ids:
        if db.engine.dialect.name == "postgresql":
            db.session.execute(
                select(Idea.id).where(Idea.id.in_(idea_ids)).order_by(Idea.id).with_for_update()
            )
        db.session.execute(
            update(Idea).where(Idea.id.in_(idea_ids)).values(exposures=Idea.exposures + 1)
        )
        db.session.commit()
