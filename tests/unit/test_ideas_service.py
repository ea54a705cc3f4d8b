"""Ideas service: text rules, phases, ownership, personal order and moderation."""

import pytest

from feedback_app.errors import Forbidden, ValidationFailed, WrongPhase
from feedback_app.models import Idea
from feedback_app.services import ideas as service
from feedback_app.services import moderation
from feedback_app.services.phases import change_phase
from tests.factories import add_ideas, join, make_session, reload


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  Smile at the door  ", "Smile at the door"),
        ("abc", "abc"),
        ("Line one\r\nLine two", "Line one\nLine two"),
        ("x" * 500, "x" * 500),
        ("Café – naïve “quotes” 🙂", "Café – naïve “quotes” 🙂"),
    ],
)
def test_valid_idea_text_is_trimmed(raw, cleaned):
    assert service.clean_idea_text(raw) == cleaned


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "  ab  ",
        "x" * 501,
        "bell\x07 here",
        "tab\tinside",
        "null\x00byte",
        "evil\u202etxt.exe",
        42,
    ],
)
def test_invalid_idea_text_is_refused(raw):
    with pytest.raises(ValidationFailed) as caught:
        service.clean_idea_text(raw)
    assert "text" in caught.value.fields


def test_ideas_are_only_accepted_while_collecting(app):
    session = make_session(phase="draft")
    participant, _ = join(session)
    with pytest.raises(WrongPhase):
        service.add_idea(session, participant, "Greet people at the door")
    change_phase(session, "collecting")
    idea = service.add_idea(session, participant, "Greet people at the door")
    assert idea.text == "Greet people at the door"
    change_phase(session, "voting")
    with pytest.raises(WrongPhase):
        service.add_idea(session, participant, "Another idea")


def test_created_time_is_floored_to_the_minute(app):
    (idea,) = add_ideas(make_session(phase="collecting"), "Offer a seat while people wait")
    stored = reload(idea)
    assert stored.created_at.second == 0
    assert stored.created_at.microsecond == 0


def test_participant_from_another_session_cannot_add(app):
    session = make_session(phase="collecting")
    stranger, _ = join(make_session(phase="collecting"))
    with pytest.raises(Forbidden):
        service.add_idea(session, stranger, "Sneaky idea")


def test_authors_edit_and_withdraw_only_their_own_ideas_while_collecting(app):
    session = make_session(phase="collecting")
    author, _ = join(session)
    other, _ = join(session)
    idea = service.add_idea(session, author, "Say hello quickly")
    with pytest.raises(Forbidden):
        service.edit_idea(idea, other, "Hijacked")
    service.edit_idea(idea, author, "Say hello within ten seconds")
    assert reload(idea).text == "Say hello within ten seconds"
    with pytest.raises(Forbidden):
        service.withdraw_idea(idea, other)
    change_phase(session, "voting")
    with pytest.raises(WrongPhase):
        service.edit_idea(idea, author, "Too late")
    change_phase(session, "collecting")
    service.withdraw_idea(idea, author)
    assert reload(idea) is None


def test_each_participant_gets_a_stable_order_of_their_own(app):
    session = make_session(phase="collecting")
    add_ideas(session, *[f"Idea number {n} about greeting" for n in range(12)])
    first, _ = join(session)
    second, _ = join(session)
    order_one = [i.id for i in service.ideas_for_participant(session, first)]
    order_two = [i.id for i in service.ideas_for_participant(session, second)]
    assert sorted(order_one) == sorted(order_two)
    assert order_one != order_two  # 1 in 12! chance of a false failure
    assert order_one == [i.id for i in service.ideas_for_participant(session, first)]


def test_participant_view_marks_own_ideas_and_leaves_out_hidden_ones(app):
    session = make_session(phase="collecting")
    me, _ = join(session)
    mine = service.add_idea(session, me, "Use the customer's name")
    hidden, shown = add_ideas(session, "Rude remark about a colleague", "Tidy the entrance")
    moderation.set_idea_status(hidden, "hidden")
    view = {idea.id: idea for idea in service.ideas_for_participant(session, me)}
    assert set(view) == {mine.id, shown.id}
    assert view[mine.id].mine and not view[shown.id].mine


def test_staff_view_has_every_idea_with_status_and_votes(app):
    session = make_session(phase="collecting")
    first, second = add_ideas(session, "First idea", "Second idea")
    moderation.set_idea_status(second, "hidden")
    staff = service.ideas_for_staff(session)
    assert [(i.id, i.status, i.votes) for i in staff] == [
        (first.id, "visible", 0),
        (second.id, "hidden", 0),
    ]
    with pytest.raises(ValidationFailed):
        moderation.set_idea_status(first, "deleted")
    assert Idea.query.count() == 2
