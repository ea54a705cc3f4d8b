"""Fair exposure, ballot cards and pairwise pairs: what each participant is shown and counted,
who gets in once, and which pair comes next, under races as well."""

import hashlib
import re
import threading

import pytest
from sqlalchemy import func, select

from feedback_app.errors import Conflict, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BallotCard, Idea, PairChoice, Participant
from feedback_app.services import ballots
from feedback_app.services.exposure import ballot, unseen_count
from feedback_app.services.ideas import add_idea
from feedback_app.services.moderation import set_idea_status
from feedback_app.services.pairwise import next_pair, record_choice
from feedback_app.services.participation import join_session, participant_for_token
from feedback_app.services.phases import change_phase
from feedback_app.services.sessions import get_session
from feedback_app.services.voting import cast_vote
from tests.factories import add_ideas, join, make_session, move_to, reload

TEXTS = (
    "Greet within ten seconds",
    "Refund without receipt",
    "Call back the next day",
    "Offer a seat to anyone waiting",
    "Repeat the problem back",
    "Write down every complaint",
)


def _exposures(ideas) -> dict[int, int]:
    """Stored exposure count of each idea."""
    db.session.expire_all()
    ids = [idea.id for idea in ideas]
    rows = db.session.execute(select(Idea.id, Idea.exposures).where(Idea.id.in_(ids)))
    return dict(rows.all())


def _run_together(app, count: int, work) -> tuple[list, list]:
    """Run `work(index)` in `count` threads released at once, each in its own app context."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(index: int):
        with app.app_context():
            try:
                results.append(work(index, barrier))
            except Exception as error:  # surfaced by the callers' assertions
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def voting_room(count: int = 4, **fields):
    """A session in voting with `count` ideas from others and one voter who joined in time."""
    session = make_session(phase="collecting", **fields)
    ideas = add_ideas(session, *TEXTS[:count])
    voter, token = join(session)
    session = move_to(session, "voting")
    return session, ideas, voter, token


# Fair exposure


def test_a_batch_is_the_least_shown_ideas(app):
    session, ideas, first_voter, _ = voting_room(5)
    first = ballot(session, first_voter, limit=2)
    assert len(first.idea_ids) == 2 and first.remaining == 3
    second_voter, _ = join(session)
    second = ballot(session, second_voter, limit=3)
    everyone = {idea.id for idea in ideas}
    assert set(second.idea_ids) == everyone - set(first.idea_ids)  # the unseen ones first
    assert _exposures(ideas) == dict.fromkeys(everyone, 1)
    third_voter, _ = join(session)
    third = ballot(session, third_voter, limit=5)
    assert len(third.idea_ids) == 5 and third.remaining == 0
    assert _exposures(ideas) == dict.fromkeys(everyone, 2)


def test_each_idea_handed_out_is_counted_once(app):
    session, ideas, voter, _ = voting_room(4)
    whole = ballot(session, voter)
    assert sorted(whole.idea_ids) == sorted(idea.id for idea in ideas)
    assert whole.remaining == 0
    assert _exposures(ideas) == {idea.id: 1 for idea in ideas}
    again = ballot(session, voter, seen=whole.idea_ids)  # "more" on the same page
    assert again.idea_ids == [] and again.remaining == 0
    assert _exposures(ideas) == {idea.id: 1 for idea in ideas}
    assert unseen_count(session, voter, whole.idea_ids) == 0


def test_ideas_voted_on_come_first_without_being_counted_again(app):
    session, ideas, voter, _ = voting_room(3)
    ballot(session, voter, limit=1)
    shown = _exposures(ideas)
    voted = next(idea for idea in ideas if shown[idea.id] == 1)
    cast_vote(voted.id, voter)
    reloaded = ballot(session, voter)  # a fresh page: nothing seen yet
    assert reloaded.idea_ids[0] == voted.id
    assert sorted(reloaded.idea_ids) == sorted(idea.id for idea in ideas)
    after = _exposures(ideas)
    assert after[voted.id] == 1  # not counted a second time
    assert all(after[idea.id] == 1 for idea in ideas)


def test_hidden_ideas_are_never_handed_out(app):
    session, ideas, voter, _ = voting_room(3)
    set_idea_status(ideas[1], "hidden")
    handed = ballot(session, voter)
    assert sorted(handed.idea_ids) == sorted([ideas[0].id, ideas[2].id])
    assert _exposures(ideas)[ideas[1].id] == 0


def test_own_ideas_come_first_and_are_not_counted_without_self_votes(app):
    session = make_session(phase="collecting", allow_self_votes=False)
    others = add_ideas(session, *TEXTS[:3])
    author, _ = join(session)
    own = add_idea(session, author, "Ask what would have helped")
    session = move_to(session, "voting")
    handed = ballot(session, author, limit=2)
    assert handed.idea_ids[0] == own.id
    assert len(handed.idea_ids) == 3  # their own, then two to vote on
    assert handed.remaining == 1  # their own idea is not waiting to be handed out
    counts = _exposures([own, *others])
    assert counts[own.id] == 0
    assert sum(counts[idea.id] for idea in others) == 2
    assert unseen_count(session, author, handed.idea_ids) == 1


def test_own_ideas_are_counted_like_any_other_with_self_votes(app):
    session = make_session(phase="collecting", allow_self_votes=True)
    author, _ = join(session)
    own = add_idea(session, author, "Ask what would have helped")
    session = move_to(session, "voting")
    handed = ballot(session, author)
    assert handed.idea_ids == [own.id]
    assert _exposures([own]) == {own.id: 1}


@pytest.mark.parametrize("phase", ["collecting", "results"])
def test_ballots_are_handed_out_only_while_voting(app, phase):
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *TEXTS[:2])
    voter, _ = join(session)
    session = move_to(session, phase)
    with pytest.raises(WrongPhase):
        ballot(session, voter)
    assert _exposures(ideas) == {idea.id: 0 for idea in ideas}


def test_concurrent_ballots_lose_no_exposure(app):
    """Eight phones load their first batch at once: every idea handed out is counted."""
    session, ideas, _, _ = voting_room(6)
    tokens = [join(session)[1] for _ in range(8)]
    session_id = session.id

    def load(index, barrier):
        voter = participant_for_token(tokens[index], session_id)
        current = get_session(session_id)
        barrier.wait()
        return ballot(current, voter, limit=3).idea_ids

    handed, errors = _run_together(app, 8, load)
    assert errors == []
    assert len(handed) == 8 and all(len(ids) == 3 for ids in handed)
    expected = {idea.id: sum(ids.count(idea.id) for ids in handed) for idea in ideas}
    assert _exposures(ideas) == expected
    assert sum(expected.values()) == 24


# Ballot cards


def test_cards_are_stored_only_as_keyed_hashes(app):
    session = make_session(phase="collecting")
    codes = ballots.issue_cards(session, 3)
    assert len(set(codes)) == 3
    stored = list(db.session.scalars(select(BallotCard).where(BallotCard.session_id == session.id)))
    assert len(stored) == 3 and not any(card.used for card in stored)
    hashes = {card.code_hash for card in stored}
    for code in codes:
        assert len(code) == ballots.CARD_LENGTH
        assert set(code) <= set(ballots.CARD_ALPHABET)
        assert all(code not in value for value in hashes)
        assert hashlib.sha256(code.encode()).hexdigest() not in hashes  # keyed, not plain
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in hashes)
    assert reload(session).ballot_cards is True


def test_each_card_lets_one_person_in_once(app):
    session = make_session(phase="collecting")
    first, second = ballots.issue_cards(session, 2)
    participant, token = join_session(ballots.display(first).lower())  # typed as printed
    assert participant.session_id == session.id
    assert participant_for_token(token, session.id).id == participant.id
    with pytest.raises(Conflict) as used:
        join_session(first)
    assert used.value.code == "ballot_card_used"
    with pytest.raises(Conflict) as needed:
        join_session(session.join_code)  # the session's own code no longer lets anyone in
    assert needed.value.code == "ballot_card_needed"
    assert ballots.card_counts(session) == (2, 1)
    join_session(f" {second[:6]} {second[6:]} ")
    assert ballots.card_counts(session) == (2, 2)
    count = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.session_id == session.id)
    )
    assert count == 2


def test_a_card_used_by_many_phones_at_once_lets_one_in(app):
    session = make_session(phase="collecting")
    (code,) = ballots.issue_cards(session, 1)

    def use(_, barrier):
        barrier.wait()
        return join_session(code)[0].id

    admitted, errors = _run_together(app, 8, use)
    assert len(admitted) == 1
    assert len(errors) == 7
    assert all(isinstance(error, Conflict) for error in errors), errors
    assert {error.code for error in errors} == {"ballot_card_used"}
    assert ballots.card_counts(session) == (1, 1)
    count = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.session_id == session.id)
    )
    assert count == 1


def test_unknown_or_malformed_cards_find_nothing(app):
    session = make_session(phase="collecting")
    (code,) = ballots.issue_cards(session, 1)
    assert ballots.find_card(code).session_id == session.id
    assert ballots.find_card(code[:-1]) is None
    assert ballots.find_card(code + "2") is None
    assert ballots.find_card("") is None
    assert ballots.find_card(ballots.new_code()) is None  # a well-formed code never issued


def test_cards_are_displayed_in_three_groups_of_four(app):
    assert ballots.display("7KQ2M9XP4HTA") == "7KQ2-M9XP-4HTA"
    session = make_session(phase="collecting")
    alphabet = re.escape(ballots.CARD_ALPHABET)
    for code in ballots.issue_cards(session, 20):
        shown = ballots.display(code)
        assert re.fullmatch(rf"[{alphabet}]{{4}}-[{alphabet}]{{4}}-[{alphabet}]{{4}}", shown)
        assert ballots.normalise(shown) == code


@pytest.mark.parametrize("count", [0, -1, ballots.CARDS_MAX + 1, True, "3", 2.0])
def test_a_count_out_of_range_makes_no_cards(app, count):
    session = make_session(phase="collecting")
    with pytest.raises(ValidationFailed) as refused:
        ballots.issue_cards(session, count)
    assert "count" in refused.value.fields
    assert ballots.card_counts(session) == (0, 0)
    assert reload(session).ballot_cards is False


# Pairwise


def pairwise_room(count: int = 4, **fields):
    return voting_room(count, voting_mode="pairwise", **fields)


def test_next_pair_is_two_different_visible_ideas_counted_shown(app):
    session, ideas, voter, _ = pairwise_room(3)
    set_idea_status(ideas[0], "hidden")
    left, right = next_pair(session, voter)
    assert {left.id, right.id} == {ideas[1].id, ideas[2].id}
    assert _exposures(ideas) == {ideas[0].id: 0, ideas[1].id: 1, ideas[2].id: 1}


def test_next_pair_prefers_ideas_this_participant_compared_least(app):
    session, ideas, voter, _ = pairwise_room(4)
    a, b, c, d = ideas
    record_choice(session, voter, winner_id=a.id, loser_id=b.id)
    left, right = next_pair(session, voter)
    assert {left.id, right.id} == {c.id, d.id}


def test_next_pair_prefers_ideas_shown_least_to_anyone(app):
    session, ideas, voter, _ = pairwise_room(4)
    someone, _ = join(session)
    shown = {idea.id for idea in next_pair(session, someone)}
    mine = {idea.id for idea in next_pair(session, voter)}
    assert mine == {idea.id for idea in ideas} - shown


def test_next_pair_runs_out_once_every_pair_is_judged(app):
    session, ideas, voter, _ = pairwise_room(3)
    for _ in range(3):
        left, right = next_pair(session, voter)
        record_choice(session, voter, winner_id=left.id, loser_id=right.id)
    assert next_pair(session, voter) is None
    pairs = db.session.execute(
        select(PairChoice.low_id, PairChoice.high_id).where(PairChoice.participant_id == voter.id)
    ).all()
    ids = sorted(idea.id for idea in ideas)
    assert sorted(tuple(pair) for pair in pairs) == [
        (ids[0], ids[1]),
        (ids[0], ids[2]),
        (ids[1], ids[2]),
    ]


def test_next_pair_leaves_out_own_ideas_without_self_votes(app):
    session = make_session(phase="collecting", voting_mode="pairwise", allow_self_votes=False)
    others = add_ideas(session, *TEXTS[:2])
    author, _ = join(session)
    own = add_idea(session, author, "Ask what would have helped")
    session = move_to(session, "voting")
    left, right = next_pair(session, author)
    assert {left.id, right.id} == {idea.id for idea in others}
    record_choice(session, author, winner_id=left.id, loser_id=right.id)
    assert next_pair(session, author) is None
    assert _exposures([own]) == {own.id: 0}
    with pytest.raises(Conflict) as refused:
        record_choice(session, author, winner_id=own.id, loser_id=others[0].id)
    assert refused.value.code == "self_vote"


def test_a_choice_and_a_skip_are_stored_lowest_id_first(app):
    session, (a, b, c, _), voter, _ = pairwise_room(4)
    record_choice(session, voter, winner_id=b.id, loser_id=a.id)
    record_choice(session, voter, skip_ids=(c.id, a.id))
    rows = db.session.execute(
        select(PairChoice.low_id, PairChoice.high_id, PairChoice.winner_id)
        .where(PairChoice.participant_id == voter.id)
        .order_by(PairChoice.id)
    ).all()
    assert [tuple(row) for row in rows] == [(a.id, b.id, b.id), (a.id, c.id, None)]


MALFORMED_CHOICES = {
    "nothing": lambda a, b: {},
    "no loser": lambda a, b: {"winner_id": a},
    "no winner": lambda a, b: {"loser_id": b},
    "itself": lambda a, b: {"winner_id": a, "loser_id": a},
    "skip itself": lambda a, b: {"skip_ids": (b, b)},
}


@pytest.mark.parametrize("choice", MALFORMED_CHOICES.values(), ids=MALFORMED_CHOICES.keys())
def test_a_malformed_choice_is_refused(app, choice):
    session, (a, b), voter, _ = pairwise_room(2)
    with pytest.raises(ValidationFailed) as refused:
        record_choice(session, voter, **choice(a.id, b.id))
    assert "pair" in refused.value.fields
    assert db.session.scalar(select(func.count(PairChoice.id))) == 0


def test_a_pair_is_judged_once_whatever_the_order(app):
    session, (a, b, _, _), voter, _ = pairwise_room(4)
    record_choice(session, voter, winner_id=a.id, loser_id=b.id)
    for again in (
        {"winner_id": a.id, "loser_id": b.id},
        {"winner_id": b.id, "loser_id": a.id},
        {"skip_ids": (b.id, a.id)},
    ):
        with pytest.raises(Conflict) as refused:
            record_choice(session, voter, **again)
        assert refused.value.code == "pair_judged"
    assert db.session.scalar(select(func.count(PairChoice.id))) == 1


def test_foreign_and_hidden_ideas_cannot_be_chosen(app):
    session, (a, b, c, _), voter, _ = pairwise_room(4)
    elsewhere, foreign, _, _ = pairwise_room(2)
    set_idea_status(c, "hidden")
    with pytest.raises(NotFound):
        record_choice(session, voter, winner_id=a.id, loser_id=foreign[0].id)
    with pytest.raises(NotFound):
        record_choice(session, voter, winner_id=a.id, loser_id=c.id)
    with pytest.raises(NotFound):
        record_choice(session, voter, winner_id=a.id, loser_id=999_999)
    with pytest.raises(NotFound):  # a participant of another session
        record_choice(session, join(elsewhere)[0], winner_id=a.id, loser_id=b.id)
    assert db.session.scalar(select(func.count(PairChoice.id))) == 0


def test_choices_only_while_voting_and_only_in_pairwise_sessions(app):
    session, (a, b, _, _), voter, _ = pairwise_room(4)
    change_phase(reload(session), "results")
    with pytest.raises(WrongPhase):
        record_choice(session, voter, winner_id=a.id, loser_id=b.id)
    with pytest.raises(WrongPhase):
        next_pair(session, voter)
    upvotes, (x, y), up_voter, _ = voting_room(2)
    with pytest.raises(Conflict) as refused:
        record_choice(upvotes, up_voter, winner_id=x.id, loser_id=y.id)
    assert refused.value.code == "not_pairwise"
    with pytest.raises(Conflict):
        next_pair(upvotes, up_voter)
    assert db.session.scalar(select(func.count(PairChoice.id))) == 0


def test_concurrent_choices_on_one_pair_record_exactly_one(app):
    """Eight taps on the same pair at once: one choice stored, the rest told it is judged."""
    session, (a, b, _, _), _, token = pairwise_room(4)
    session_id, winner, loser = session.id, a.id, b.id

    def choose(_, barrier):
        voter = participant_for_token(token, session_id)
        current = get_session(session_id)
        barrier.wait()
        return record_choice(current, voter, winner_id=winner, loser_id=loser).id

    stored, errors = _run_together(app, 8, choose)
    assert len(stored) == 1
    assert [getattr(error, "code", repr(error)) for error in errors] == ["pair_judged"] * 7
    assert db.session.scalar(select(func.count(PairChoice.id))) == 1
