"""Voting in every mode through the rendered pages (no JavaScript), comments, ballot cards and
follow-up sessions from the facilitator's pages."""

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BallotCard, Comment, Idea, PairChoice, Participant, Vote
from feedback_app.services import comments as comment_service
from feedback_app.services.voting import cast_vote
from tests.factories import add_ideas, join, make_session, make_user, move_to, reload
from tests.web.html_forms import (
    csrf_token_from,
    form_with_button,
    forms_in,
    page_text,
    post_form,
    press,
    readable_text,
)

IDEAS = ("Greet every customer by name", "Repeat the problem back", "Call back the next day")


def joined(client, **fields):
    """A collecting session with three ideas, joined by this browser, moved to voting."""
    session = make_session(phase="collecting", **fields)
    ideas = add_ideas(session, *IDEAS)
    response = press(client, f"/j/{session.join_code}", "Join anonymously")
    assert response.status_code == 302
    return move_to(session, "voting"), ideas


def room(client, session) -> str:
    return page_text(client.get(f"/s/{session.join_code}"))


def card_of(page: str, idea_id: str) -> str:
    match = re.search(rf'<li class="idea[^"]*" id="idea-{idea_id}">.*?</details>', page, re.S)
    assert match, f"no card for idea {idea_id}"
    return match.group(0)


def my_dots() -> list[int]:
    return sorted(db.session.scalars(select(Vote.value)))


# Dots


def test_dots_a_budget_and_a_cap_per_idea_without_javascript(client):
    session, (first, second, third) = joined(
        client, voting_mode="dots", dot_budget=4, dots_per_idea=2
    )
    page = room(client, session)
    assert "4 of 4 dots left" in readable_text(page)
    for _ in range(2):
        response = post_form(
            client, form_with_button(card_of(room(client, session), first.public_id), "+ Dot")
        )
        assert response.status_code == 302
    card = card_of(room(client, session), first.public_id)
    assert "+ Dot" not in card  # the cap of 2 on one idea
    assert "Your dots on this idea: 2 of 2" in card
    for _ in range(2):
        post_form(
            client, form_with_button(card_of(room(client, session), second.public_id), "+ Dot")
        )
    page = room(client, session)
    assert "0 of 4 dots left" in readable_text(page)
    assert "+ Dot" not in card_of(page, third.public_id)  # nothing left to spend
    assert my_dots() == [2, 2]

    post_form(client, form_with_button(card_of(page, first.public_id), "− Dot"))
    assert my_dots() == [1, 2]
    assert "1 of 4 dots left" in readable_text(room(client, session))


def test_a_dot_over_the_budget_is_refused_with_a_message_in_the_card(client):
    session, (first, second, _) = joined(client, voting_mode="dots", dot_budget=1, dots_per_idea=1)
    stale = form_with_button(card_of(room(client, session), second.public_id), "+ Dot")
    post_form(client, form_with_button(card_of(room(client, session), first.public_id), "+ Dot"))
    response = post_form(client, stale, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = page_text(response)
    assert "You have used all 1 of your dots; take one back to move it." in fragment
    assert 'id="dots-left" data-left="0"' in fragment and 'hx-swap-oob="true"' in fragment
    assert my_dots() == [1]


# Stars


def test_stars_rate_change_and_clear(client):
    session, (first, *_) = joined(client, voting_mode="stars")
    card = card_of(room(client, session), first.public_id)
    four = form_with_button(card, "★", having={"stars": 4})
    assert post_form(client, four).status_code == 302
    assert db.session.scalars(select(Vote.value)).all() == [4]
    card = card_of(room(client, session), first.public_id)
    assert re.search(r'aria-pressed="true" aria-label="4 stars"', card)
    post_form(client, form_with_button(card, "★", having={"stars": 2}))
    assert db.session.scalars(select(Vote.value)).all() == [2]
    post_form(client, form_with_button(card_of(room(client, session), first.public_id), "Clear"))
    assert db.session.scalar(select(func.count(Vote.id))) == 0


@pytest.mark.parametrize("stars", ["0", "6", "abc", "", "99999999999999999999"])
def test_a_rating_out_of_range_is_explained_not_stored(client, stars):
    session, (first, *_) = joined(client, voting_mode="stars")
    form = form_with_button(
        card_of(room(client, session), first.public_id), "★", having={"stars": 3}
    )
    response = post_form(client, form, headers={"HX-Request": "true"}, stars=stars)
    assert response.status_code == 200
    assert "Give 1 to 5 stars." in page_text(response)
    assert db.session.scalar(select(func.count(Vote.id))) == 0


# Pairwise


def _pair_form(page: str) -> dict:
    (form,) = [f for f in forms_in(page) if f.action.endswith("/pair")]
    return dict(form.fields) | {"action": form.action}


def test_pairwise_choose_skip_and_finish(client):
    session, ideas = joined(client, voting_mode="pairwise")
    ids = {idea.public_id for idea in ideas}
    judged = set()
    for step in range(3):
        page = room(client, session)
        assert "Which should be in the standard?" in page
        form = _pair_form(page)
        left, right = form["left_id"], form["right_id"]
        assert left != right and {left, right} <= ids
        judged.add(frozenset((left, right)))
        data = {"csrf_token": form["csrf_token"], "left_id": left, "right_id": right}
        data |= {"skip": "1"} if step == 1 else {"winner_id": right}
        assert client.post(form["action"], data=data).status_code == 302
        assert page == room(client, session) or True  # the next pair, or the end
    assert len(judged) == 3
    page = room(client, session)
    assert "You have compared every pair there is." in page
    assert "3 pairs compared so far." in readable_text(page)
    winners = db.session.scalars(select(PairChoice.winner_id)).all()
    assert sorted(winners, key=lambda w: w or 0)[0] is None and len(winners) == 3


def test_a_reload_keeps_the_same_pair_and_counts_it_shown_once(client):
    session, ideas = joined(client, voting_mode="pairwise")
    first = _pair_form(room(client, session))
    again = _pair_form(room(client, session))
    assert (first["left_id"], first["right_id"]) == (again["left_id"], again["right_id"])
    assert sum(db.session.scalars(select(Idea.exposures))) == 2


def test_a_pair_with_a_foreign_or_made_up_idea_records_nothing(client):
    session, ideas = joined(client, voting_mode="pairwise")
    elsewhere = add_ideas(make_session(phase="collecting"), "Someone else's idea")[0]
    form = _pair_form(room(client, session))
    for left, right, winner in (
        (form["left_id"], elsewhere.public_id, elsewhere.public_id),
        (form["left_id"], form["left_id"], form["left_id"]),
        (form["left_id"], "A" * 16, form["left_id"]),
        ("x", form["right_id"], "x"),
    ):
        data = {"csrf_token": form["csrf_token"], "left_id": left, "right_id": right}
        response = client.post(form["action"], data={**data, "winner_id": winner})
        assert response.status_code in (302, 404)
    assert db.session.scalar(select(func.count(PairChoice.id))) == 0


# Self-votes off


def test_without_self_votes_my_idea_has_no_button_and_a_forced_vote_is_refused(client):
    session = make_session(phase="collecting", allow_self_votes=False)
    press(client, f"/j/{session.join_code}", "Join anonymously")
    press(client, f"/s/{session.join_code}", "Add idea", text="Offer a glass of water")
    (other,) = add_ideas(session, "Smile at the door")
    move_to(session, "voting")
    page = room(client, session)
    mine = db.session.scalar(select(Idea).where(Idea.text == "Offer a glass of water"))
    assert "Others vote on your idea." in card_of(page, mine.public_id)
    assert "Vote" not in [form.button for form in forms_in(card_of(page, mine.public_id))]
    token = csrf_token_from(client, f"/s/{session.join_code}")
    response = client.post(
        f"/s/{session.join_code}/ideas/{mine.public_id}/vote",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert "you vote for other people's ideas, not your own" in page_text(response).lower()
    assert press(client, f"/s/{session.join_code}", "▲ Vote").status_code == 302
    assert db.session.scalars(select(Vote.idea_id)).all() == [other.id]


# Batches


def cards_on(page: str) -> list[str]:
    """Ids of the idea cards a page shows (not the inert card template scripts copy)."""
    shown = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    return re.findall(r'<li class="idea[^"]*" id="idea-([A-Za-z0-9_-]+)"', shown)


def test_a_large_session_hands_out_a_batch_and_more_on_request(client):
    session = make_session(phase="collecting")
    add_ideas(session, *[f"Idea number {n} about greeting customers" for n in range(40)])
    press(client, f"/j/{session.join_code}", "Join anonymously")
    move_to(session, "voting")
    page = room(client, session)
    assert len(cards_on(page)) == 30
    assert sorted(db.session.scalars(select(Idea.exposures))) == [0] * 10 + [1] * 30
    response = press(client, f"/s/{session.join_code}", "Show more ideas (10 not shown yet)")
    assert response.status_code == 302
    page = room(client, session)
    assert len(cards_on(page)) == 40
    assert "Show more ideas" not in page
    assert sorted(db.session.scalars(select(Idea.exposures))) == [1] * 40


# Joining


def test_late_joiners_get_a_clear_message_and_one_browser_stays_one_participant(client):
    session = make_session(phase="collecting")
    press(client, f"/j/{session.join_code}", "Join anonymously")
    move_to(session, "voting")
    assert client.get(f"/j/{session.join_code}").status_code == 302  # back to its own room
    late = client.application.test_client()
    response = late.get(f"/j/{session.join_code}")
    assert response.status_code == 409
    assert "Voting has started, so this session no longer takes new participants" in page_text(
        response
    )
    assert forms_in(page_text(response)) == []
    assert db.session.scalar(select(func.count(Participant.id))) == 1


# Comments


def test_comments_build_on_an_idea_and_wait_for_approval_when_pre_moderated(client, auth):
    owner = make_user(email="mod@example.com")
    session = make_session(owner, phase="collecting", moderation="pre")
    press(client, f"/j/{session.join_code}", "Join anonymously")
    (idea,) = add_ideas(session, "Smile at the door")
    from feedback_app.services import moderation

    moderation.set_idea_status(idea, "visible")
    card = card_of(room(client, session), idea.public_id)
    response = post_form(client, form_with_button(card, "Comment"), text="And say hello")
    assert response.status_code == 302
    card = card_of(room(client, session), idea.public_id)
    assert "And say hello" in card and "waiting for approval; only you see it" in card
    neighbour = client.application.test_client()
    press(neighbour, f"/j/{session.join_code}", "Join anonymously")
    assert "And say hello" not in room(neighbour, session)

    staff = client.application.test_client()
    press(
        staff, "/login", "Log in", email="mod@example.com", password="correct horse battery staple"
    )
    console = page_text(staff.get(f"/sessions/{session.id}"))
    assert "And say hello" in console and "Waiting for approval" in console
    comment = db.session.scalar(select(Comment))
    approve = form_with_button(
        console, "Approve", action=f"/sessions/{session.id}/comments/{comment.public_id}/status"
    )
    assert post_form(staff, approve).status_code == 302
    assert reload(comment).status == "visible"
    assert "And say hello" in room(neighbour, session)


@pytest.mark.parametrize("text", ["", "a", "x" * 301, "bad\x00byte"])
def test_a_bad_comment_is_explained_and_nothing_is_stored(client, text):
    session = make_session(phase="collecting")
    press(client, f"/j/{session.join_code}", "Join anonymously")
    (idea,) = add_ideas(session, "Smile at the door")
    form = form_with_button(card_of(room(client, session), idea.public_id), "Comment")
    response = post_form(client, form, headers={"HX-Request": "true"}, text=text)
    assert response.status_code == 200
    assert 'role="alert"' in page_text(response)
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_comments_close_with_voting(client):
    session, (idea, *_) = joined(client)
    comment_service.add_comment(idea, db.session.scalar(select(Participant)), "Good one")
    move_to(session, "results")
    card = card_of(room(client, session), idea.public_id)
    assert "Good one" in card and "Comment" not in [f.button for f in forms_in(card)]


# Ballot cards


def test_ballot_cards_sheet_csv_and_single_use(client, auth):
    owner = make_user(email="cards@example.com")
    session = make_session(owner, phase="collecting")
    auth.login(owner)
    page = f"/sessions/{session.id}/ballot-cards"
    assert "0 cards made, 0 used." in readable_text(page_text(client.get(page)))
    token = csrf_token_from(client, page)
    sheet = client.post(page, data={"csrf_token": token, "count": "3", "output": "sheet"})
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    codes = re.findall(r'<p class="ballot-code">([0-9A-Z-]+)</p>', page_text(sheet))
    assert len(codes) == 3 and len(set(codes)) == 3
    assert page_text(sheet).count("<svg") == 3
    exported = client.post(page, data={"csrf_token": token, "count": "2", "output": "csv"})
    assert exported.headers["Content-Disposition"] == (
        f'attachment; filename="ballot-cards-session-{session.id}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["session"] for row in rows] == [str(session.id)] * 2
    assert all(row["join_url"].endswith("/j/" + row["code"].replace("-", "")) for row in rows)
    assert "5 cards made, 0 used." in readable_text(page_text(client.get(page)))
    hashes = set(db.session.scalars(select(BallotCard.code_hash)))
    assert not {code.replace("-", "") for code in codes} & hashes

    phone = client.application.test_client()
    refused = phone.get(f"/j/{session.join_code}")
    assert refused.status_code == 409
    assert "This session uses ballot cards" in page_text(refused)
    response = press(phone, "/join", "Continue", code=codes[0].lower())
    assert response.headers["Location"] == f"/j/{codes[0].replace('-', '')}"
    assert press(phone, response.headers["Location"], "Join anonymously").status_code == 302
    again = client.application.test_client().get(f"/j/{codes[0]}")
    assert again.status_code == 409
    assert "This ballot card has already been used." in page_text(again)
    assert db.session.scalar(select(func.count(Participant.id))) == 1


@pytest.mark.parametrize("count", ["0", "2001", "many", ""])
def test_ballot_card_counts_out_of_range_make_no_cards(client, auth, count):
    owner = make_user(email="cards@example.com")
    session = make_session(owner, phase="collecting")
    auth.login(owner)
    page = f"/sessions/{session.id}/ballot-cards"
    response = client.post(page, data={"csrf_token": csrf_token_from(client, page), "count": count})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(BallotCard.id))) == 0
    assert reload(session).ballot_cards is False


def test_only_the_sessions_facilitator_makes_cards(client, auth):
    session = make_session(make_user(email="owner@example.com"), phase="collecting")
    auth.login(make_user(email="other@example.com"))
    assert client.get(f"/sessions/{session.id}/ballot-cards").status_code == 403


# Follow-up sessions


def test_a_follow_up_carries_the_top_ideas_and_both_sessions_link(client, auth):
    owner = make_user(email="follow@example.com")
    session = make_session(owner, phase="collecting", title="Front line, March")
    greet, repeat, call = add_ideas(session, *IDEAS)
    move_to(session, "voting")
    for idea, votes in ((call, 3), (greet, 2), (repeat, 1)):
        for _ in range(votes):
            cast_vote(idea.id, join(session)[0])
    auth.login(owner)
    early = client.get(f"/sessions/{session.id}/follow-up")
    assert early.status_code == 409 and "move this session to Results first" in page_text(early)
    move_to(session, "results")
    response = press(client, f"/sessions/{session.id}/follow-up", "Create the follow-up", top="2")
    assert response.status_code == 302, readable_text(page_text(response))
    follow = reload(session).follow_ups[0]
    assert response.headers["Location"] == f"/sessions/{follow.id}"
    assert follow.title == "Follow-up: Front line, March" and follow.phase == "draft"
    carried = db.session.execute(
        select(Idea.text, Idea.participant_id, Idea.carried_from_id)
        .where(Idea.session_id == follow.id)
        .order_by(Idea.id)
    ).all()
    assert carried == [(IDEAS[2], None, call.id), (IDEAS[0], None, greet.id)]
    console = readable_text(page_text(client.get(f"/sessions/{follow.id}")))
    assert "Follow-up of Front line, March" in console
    assert "Follow-up: Front line, March" in readable_text(
        page_text(client.get(f"/sessions/{session.id}"))
    )
    ranking = readable_text(page_text(client.get(f"/sessions/{follow.id}/results")))
    assert "Carried over from “Front line, March”, where it ranked 1." in ranking


# Results


def test_the_ranking_says_tied_and_explains_the_score(client, auth):
    owner = make_user(email="results@example.com")
    session = make_session(owner, phase="collecting")
    first, second, third = add_ideas(session, *IDEAS)
    move_to(session, "voting")
    for idea in (first, second):
        cast_vote(idea.id, join(session)[0])
    move_to(session, "results")
    auth.login(owner)
    page = readable_text(page_text(client.get(f"/sessions/{session.id}/results")))
    assert re.search(r"1 tied .*1 vote", page)
    assert page.count("tied") >= 2
    assert "Score: the share of people who saw the idea and voted for it" in page
    assert "2 votes in all." in page
