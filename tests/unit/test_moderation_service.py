"""Moderation: pre-moderation, approve/hide/show/off-topic, corrections and the word filter."""

import pytest
from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Conflict, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BlockedTerm, Idea, SessionEvent
from feedback_app.services import ideas as idea_service
from feedback_app.services import moderation, word_filter
from feedback_app.services.ideas import ParticipantIdea
from feedback_app.services.ranking import rank_ideas
from feedback_app.services.sessions import set_moderation
from feedback_app.services.voting import cast_vote, remove_vote
from tests.factories import add_ideas, join, make_session, move_to, reload


def logged(session, after: int = 0) -> list[tuple[int, str, str, dict]]:
    """(seq, kind, audience, data) of the session's stored events after `after`, in order."""
    db.session.expire_all()
    query = select(SessionEvent).where(
        SessionEvent.session_id == session.id, SessionEvent.seq > after
    )
    rows = db.session.scalars(query.order_by(SessionEvent.seq))
    return [(e.seq, e.kind, e.audience, e.data) for e in rows]


def last_seq(session) -> int:
    return max((seq for seq, *_ in logged(session)), default=0)


def idea_count() -> int:
    return db.session.scalar(select(func.count(Idea.id)))


# Pre-moderation


def test_a_pre_moderated_idea_waits_as_pending_and_only_staff_hear_of_it(app):
    session = make_session(phase="collecting", moderation="pre")
    author, _ = join(session)
    before = last_seq(session)
    idea = idea_service.add_idea(session, author, "  Offer water while they wait ")
    assert reload(idea).status == "pending"
    assert logged(session, before) == [
        (
            before + 1,
            "idea.pending",
            "staff",
            {"id": idea.public_id, "text": "Offer water while they wait"},
        )
    ]


def test_without_pre_moderation_an_idea_is_visible_and_everyone_hears_of_it(app):
    session = make_session(phase="collecting")
    author, _ = join(session)
    before = last_seq(session)
    idea = idea_service.add_idea(session, author, "Offer water")
    assert reload(idea).status == "visible"
    assert logged(session, before) == [
        (before + 1, "idea.added", "all", {"id": idea.public_id, "text": "Offer water"})
    ]


def test_the_author_sees_their_own_pending_idea_and_nobody_else_does(app):
    session = make_session(phase="collecting", moderation="pre")
    author, _ = join(session)
    neighbour, _ = join(session)
    idea = idea_service.add_idea(session, author, "Offer water while they wait")
    assert idea_service.ideas_for_participant(session, author) == [
        ParticipantIdea(
            idea.id,
            "Offer water while they wait",
            True,
            False,
            "pending",
            False,
            public_id=idea.public_id,
        )
    ]
    assert idea_service.ideas_for_participant(session, neighbour) == []
    assert idea_service.visible_idea_count(session) == 0
    assert rank_ideas(session) == []


def test_approving_a_pending_idea_shows_it_to_everyone(app):
    session = make_session(phase="collecting", moderation="pre")
    author, _ = join(session)
    neighbour, _ = join(session)
    idea = idea_service.add_idea(session, author, "Offer water")
    before = last_seq(session)
    moderation.set_idea_status(idea, "visible")
    assert reload(idea).status == "visible"
    assert logged(session, before) == [
        (
            before + 1,
            "idea.status",
            "staff",
            {"id": idea.public_id, "status": "visible", "text": "Offer water"},
        ),
        (before + 2, "idea.added", "all", {"id": idea.public_id, "text": "Offer water"}),
    ]
    assert idea_service.ideas_for_participant(session, neighbour) == [
        ParticipantIdea(
            idea.id, "Offer water", False, False, "visible", False, public_id=idea.public_id
        )
    ]


def test_switching_pre_moderation_on_and_off_is_told_to_staff_only(app):
    session = make_session(phase="collecting")
    before = last_seq(session)
    set_moderation(session, "pre")
    assert reload(session).moderation == "pre"
    set_moderation(session, "post")
    assert reload(session).moderation == "post"
    assert logged(session, before) == [
        (before + 1, "settings", "staff", {"moderation": "pre"}),
        (before + 2, "settings", "staff", {"moderation": "post"}),
    ]


def test_an_unknown_moderation_mode_is_refused(app):
    session = make_session(phase="collecting")
    before = last_seq(session)
    with pytest.raises(ValidationFailed) as caught:
        set_moderation(session, "strict")
    assert caught.value.fields == {"moderation": messages.MODERATION_UNKNOWN}
    db.session.rollback()
    assert reload(session).moderation == "post"
    assert logged(session, before) == []


def test_switching_pre_moderation_on_holds_only_the_ideas_sent_afterwards(app):
    session = make_session(phase="collecting")
    (earlier,) = add_ideas(session, "Sent before")
    set_moderation(session, "pre")
    (later,) = add_ideas(session, "Sent after")
    assert (reload(earlier).status, reload(later).status) == ("visible", "pending")


# Hide, show, off topic


def test_hiding_tells_staff_the_status_and_everyone_that_it_left(app):
    session = make_session(phase="collecting")
    viewer, _ = join(session)
    (idea,) = add_ideas(session, "Tell Bob he is slow")
    before = last_seq(session)
    moderation.set_idea_status(idea, "hidden")
    assert reload(idea).status == "hidden"
    assert logged(session, before) == [
        (
            before + 1,
            "idea.status",
            "staff",
            {"id": idea.public_id, "status": "hidden", "text": "Tell Bob he is slow"},
        ),
        (before + 2, "idea.removed", "all", {"id": idea.public_id, "reason": "hidden"}),
    ]
    assert idea_service.ideas_for_participant(session, viewer) == []


def test_off_topic_leaves_the_room_and_the_ranking_without_saying_why(app):
    session = make_session(phase="collecting")
    viewer, _ = join(session)
    kept, aside = add_ideas(session, "Greet within ten seconds", "The car park is too small")
    before = last_seq(session)
    moderation.set_idea_status(aside, "off_topic")
    assert reload(aside).status == "off_topic"
    assert logged(session, before) == [
        (
            before + 1,
            "idea.status",
            "staff",
            {"id": aside.public_id, "status": "off_topic", "text": "The car park is too small"},
        ),
        (before + 2, "idea.removed", "all", {"id": aside.public_id, "reason": "hidden"}),
    ]
    assert [i.id for i in idea_service.ideas_for_participant(session, viewer)] == [kept.id]
    move_to(session, "results")
    assert [r.idea_id for r in rank_ideas(session)] == [kept.id]
    statuses = [(i.id, i.status) for i in idea_service.ideas_for_staff(session)]
    assert statuses == [(kept.id, "visible"), (aside.id, "off_topic")]


def test_showing_a_hidden_idea_adds_it_back_for_everyone(app):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Smile at the door")
    moderation.set_idea_status(idea, "hidden")
    before = last_seq(session)
    moderation.set_idea_status(idea, "visible")
    assert reload(idea).status == "visible"
    assert [(kind, audience) for _, kind, audience, _ in logged(session, before)] == [
        ("idea.status", "staff"),
        ("idea.added", "all"),
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [("pending", "hidden"), ("pending", "off_topic"), ("hidden", "off_topic")],
)
def test_moving_between_unseen_statuses_is_told_to_staff_only(app, start, target):
    session = make_session(phase="collecting", moderation="pre")
    (idea,) = add_ideas(session, "Something to moderate")
    if start != "pending":
        moderation.set_idea_status(idea, start)
    before = last_seq(session)
    moderation.set_idea_status(idea, target)
    assert reload(idea).status == target
    assert logged(session, before) == [
        (
            before + 1,
            "idea.status",
            "staff",
            {"id": idea.public_id, "status": target, "text": "Something to moderate"},
        )
    ]


def test_setting_the_status_an_idea_already_has_logs_nothing(app):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Smile at the door")
    before = last_seq(session)
    moderation.set_idea_status(idea, "visible")
    assert reload(idea).status == "visible"
    assert logged(session, before) == []


@pytest.mark.parametrize("status", ["pending", "deleted", "", "VISIBLE"])
def test_a_status_outside_visible_hidden_off_topic_is_refused(app, status):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Smile at the door")
    before = last_seq(session)
    with pytest.raises(ValidationFailed) as caught:
        moderation.set_idea_status(idea, status)
    assert caught.value.fields == {"status": "Use visible, hidden or off_topic."}
    db.session.rollback()
    assert reload(idea).status == "visible"
    assert logged(session, before) == []


# Corrections


@pytest.fixture
def voted_idea(app):
    """A voting session: an idea with one voter, and a participant who did not vote for it."""
    session = make_session(phase="collecting")
    author, _ = join(session)
    idea = idea_service.add_idea(session, author, "Greet custommers by name")
    voter, _ = join(session)
    bystander, _ = join(session)
    move_to(session, "voting")
    cast_vote(idea.id, voter)
    return session, idea, author, voter, bystander


def card(session, participant, idea) -> ParticipantIdea:
    db.session.expire_all()
    return idea_service.idea_for_participant(reload(idea), participant)


def test_a_correction_bumps_the_version_so_voters_see_it_changed(voted_idea):
    session, idea, author, voter, bystander = voted_idea
    before = last_seq(session)
    moderation.correct_idea(idea, " Greet customers by name ", "voting")
    stored = reload(idea)
    assert (stored.text, stored.version) == ("Greet customers by name", 2)
    assert logged(session, before) == [
        (
            before + 1,
            "idea.changed",
            "all",
            {
                "id": idea.public_id,
                "text": "Greet customers by name",
                "version": 2,
                "corrected": True,
            },
        )
    ]
    assert card(session, voter, idea) == ParticipantIdea(
        idea.id,
        "Greet customers by name",
        False,
        True,
        "visible",
        True,
        my_vote=1,
        public_id=idea.public_id,
    )
    assert card(session, bystander, idea).changed is False
    assert card(session, author, idea) == ParticipantIdea(
        idea.id, "Greet customers by name", True, False, "visible", False, public_id=idea.public_id
    )


def test_a_voter_keeps_the_vote_for_the_new_wording_or_takes_it_back(voted_idea):
    session, idea, _, voter, _ = voted_idea
    moderation.correct_idea(idea, "Greet customers by name", "voting")
    assert (
        cast_vote(reload(idea).id, voter).created is False
    )  # keeping it: one vote, for the new wording
    assert card(session, voter, idea).changed is False
    assert card(session, voter, idea).voted is True
    moderation.correct_idea(idea, "Greet every customer by name", "voting")
    assert card(session, voter, idea).changed is True
    assert remove_vote(reload(idea).id, voter).removed is True
    assert card(session, voter, idea).voted is False
    assert card(session, voter, idea).changed is False


def test_a_correction_to_the_same_text_changes_nothing(voted_idea):
    session, idea, _, voter, _ = voted_idea
    before = last_seq(session)
    moderation.correct_idea(idea, "  Greet custommers by name\n", "voting")
    assert reload(idea).version == 1
    assert logged(session, before) == []
    assert card(session, voter, idea).changed is False


@pytest.mark.parametrize("text", ["hi", "x" * 501, "bad\x1bescape"])
def test_a_correction_follows_the_rules_of_any_idea_text(voted_idea, text):
    session, idea, *_ = voted_idea
    before = last_seq(session)
    with pytest.raises(ValidationFailed):
        moderation.correct_idea(idea, text, "voting")
    db.session.rollback()
    stored = reload(idea)
    assert (stored.text, stored.version) == ("Greet custommers by name", 1)
    assert logged(session, before) == []


def test_ideas_of_a_closed_session_cannot_be_corrected(voted_idea):
    session, idea, *_ = voted_idea
    move_to(session, "closed")
    with pytest.raises(WrongPhase) as caught:
        moderation.correct_idea(idea, "Greet customers by name", "closed")
    assert caught.value.message == "This session is closed."
    assert reload(idea).version == 1


def test_a_correction_of_a_hidden_idea_is_told_to_staff_only(app):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Tell Bob hes slow")
    moderation.set_idea_status(idea, "hidden")
    before = last_seq(session)
    moderation.correct_idea(idea, "Tell Bob he's slow", "collecting")
    assert logged(session, before) == [
        (
            before + 1,
            "idea.changed",
            "staff",
            {"id": idea.public_id, "text": "Tell Bob he's slow", "version": 2, "corrected": True},
        )
    ]


def test_an_authors_own_edit_is_not_marked_as_a_correction(app):
    session = make_session(phase="collecting")
    author, _ = join(session)
    idea = idea_service.add_idea(session, author, "Greet custommers")
    before = last_seq(session)
    idea_service.edit_idea(idea, author, "Greet customers")
    assert reload(idea).version == 2
    assert logged(session, before) == [
        (
            before + 1,
            "idea.changed",
            "all",
            {"id": idea.public_id, "text": "Greet customers", "version": 2, "corrected": False},
        )
    ]


# Word filter


def test_filtered_words_are_stored_lower_case_with_single_spaces_in_order(app):
    word_filter.add_term("  Bob   SMITH ")
    word_filter.add_term("Darn")
    assert [entry.term for entry in word_filter.list_terms()] == ["bob smith", "darn"]
    assert sorted(db.session.scalars(select(BlockedTerm.term))) == ["bob smith", "darn"]


def test_a_word_already_filtered_is_a_conflict(app):
    word_filter.add_term("darn")
    with pytest.raises(Conflict) as caught:
        word_filter.add_term("  DARN ")
    assert caught.value.fields == {"term": "That word is already in the filter."}
    assert db.session.scalar(select(func.count(BlockedTerm.id))) == 1


@pytest.mark.parametrize("term", ["", "   ", "\u200b", "x" * 81])
def test_an_empty_or_too_long_term_is_refused(app, term):
    with pytest.raises(ValidationFailed) as caught:
        word_filter.add_term(term)
    assert caught.value.fields == {"term": "Enter a word or short phrase (1 to 80 characters)."}
    assert word_filter.list_terms() == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Ask BOB SMITH first", "bob smith"),
        ("ask bob   smith, he knows", "bob smith"),
        ("Bob Smith.", "bob smith"),
        ("That was a DARN shame", "darn"),
        ("darn", "darn"),
        ("(Darn) it", "darn"),
    ],
)
def test_a_filtered_word_in_any_case_is_refused_naming_the_word(app, text, term):
    word_filter.add_term("Bob Smith")
    word_filter.add_term("darn")
    session = make_session(phase="collecting")
    participant, _ = join(session)
    with pytest.raises(ValidationFailed) as caught:
        idea_service.add_idea(session, participant, text)
    message = f"Please rephrase: “{term}” is not allowed in ideas here."
    assert (caught.value.code, caught.value.message) == ("blocked_term", message)
    assert caught.value.fields == {"text": message}
    assert idea_count() == 0


@pytest.mark.parametrize(
    "text", ["Ask Bobby Smithers first", "Ask bob, then Smith", "darned socks", "undarn it"]
)
def test_only_whole_words_are_filtered(app, text):
    word_filter.add_term("Bob Smith")
    word_filter.add_term("darn")
    session = make_session(phase="collecting")
    participant, _ = join(session)
    idea = idea_service.add_idea(session, participant, text)
    assert reload(idea).text == text


def test_an_edit_cannot_bring_a_filtered_word_in(app):
    word_filter.add_term("darn")
    session = make_session(phase="collecting")
    author, _ = join(session)
    idea = idea_service.add_idea(session, author, "Smile more")
    with pytest.raises(ValidationFailed) as caught:
        idea_service.edit_idea(idea, author, "Smile more, darn it")
    assert caught.value.code == "blocked_term"
    assert reload(idea).text == "Smile more"


def test_removing_a_word_lets_it_through_again(app):
    entry = word_filter.add_term("darn")
    word_filter.delete_term(entry.id)
    assert word_filter.list_terms() == []
    session = make_session(phase="collecting")
    participant, _ = join(session)
    idea = idea_service.add_idea(session, participant, "Darn good coffee")
    assert reload(idea).text == "Darn good coffee"
    with pytest.raises(NotFound):
        word_filter.delete_term(entry.id)
