"""What the room shows while voting: the batch handed to this browser by fair exposure (or the
pair to choose from), with the participant's dots left and how many ideas they have not seen.

The batch and the pair live in the browser's cookie (participate.ballot_memory), so a reload
shows the same ideas without counting them shown again.
"""

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import IdeaStatus, PairChoice, Participant
from feedback_app.participate import ballot_memory
from feedback_app.services import exposure, pairwise
from feedback_app.services.comments import comments_by_idea
from feedback_app.services.ideas import ideas_for_participant_by_id


def dots_left(session, participant: Participant) -> int | None:
    """Dots this participant can still spend (dots sessions), read fresh from the database."""
    if session.voting_mode != "dots":
        return None
    used = db.session.scalar(select(Participant.dots_used).where(Participant.id == participant.id))
    return max(0, session.dot_budget - (used or 0))


def handed_out(session, participant: Participant) -> list[int]:
    """The batch this browser holds, or a first one (counted shown) if it holds none."""
    idea_ids = ballot_memory.batch_for(session.id)
    if not idea_ids:
        idea_ids = exposure.ballot(session, participant).idea_ids
        ballot_memory.remember_batch(session.id, idea_ids)
    return idea_ids


def hand_out_more(session, participant: Participant) -> list[int]:
    """One more batch after the ideas this browser holds; returns the new ids."""
    held = handed_out(session, participant)
    fresh = exposure.ballot(session, participant, seen=held).idea_ids
    ballot_memory.remember_batch(session.id, held + fresh)
    return fresh


def current_pair(session, participant: Participant):
    """The pair on this browser's screen if still open to judge, else the next one (or None)."""
    remembered = ballot_memory.pair_for(session.id)
    if remembered is not None:
        cards = ideas_for_participant_by_id(list(remembered), participant)
        visible = [card for card in cards if card.status == IdeaStatus.VISIBLE.value]
        if len(visible) == 2 and not pairwise.judged(participant, *remembered):
            return visible
    pair = pairwise.next_pair(session, participant)
    if pair is None:
        ballot_memory.remember_pair(session.id, None)
        return None
    ballot_memory.remember_pair(session.id, (pair[0].id, pair[1].id))
    return ideas_for_participant_by_id([pair[0].id, pair[1].id], participant)


def judged_count(participant: Participant) -> int:
    """How many pairs this participant has judged (or skipped)."""
    query = select(func.count(PairChoice.id)).where(PairChoice.participant_id == participant.id)
    return db.session.scalar(query) or 0


def voting_room(session, participant: Participant) -> dict:
    """The template context of the voting room in the session's mode."""
    if session.voting_mode == "pairwise":
        return {"pair": current_pair(session, participant), "judged": judged_count(participant)}
    held = handed_out(session, participant)
    cards = [
        card
        for card in ideas_for_participant_by_id(held, participant)
        if card.status == IdeaStatus.VISIBLE.value
    ]
    return {
        "ideas": cards,
        "more_left": exposure.unseen_count(session, participant, held),
        "dots_left": dots_left(session, participant),
        "comments": comments_by_idea([card.id for card in cards], participant),
    }
