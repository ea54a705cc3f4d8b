"""The projector: what goes on the wall, live, with nothing a facilitator would click."""

import json
import re
from datetime import datetime

import pytest

from feedback_app.services import live, moderation, phases
from feedback_app.services import sessions as session_service
from feedback_app.services.voting import cast_vote
from tests.clocks import freeze
from tests.factories import add_ideas, join, make_session, make_user, move_to
from tests.web.html_forms import csrf_token_from, forms_in, page_text, readable_text

NOW = datetime(2026, 11, 27, 9, 30, 0)
CONTROLS = ("Approve", "Hide", "Show", "Off topic", "Correct", "Pause", "Close joining")


@pytest.fixture
def owner(auth):
    user = make_user()
    auth.login(user)
    return user


@pytest.fixture
def moderated(owner):
    """A pre-moderated session: two ideas shown, one hidden, one off topic, one pending."""
    session = make_session(owner, phase="collecting", moderation="pre")
    shown, second, hidden, aside, pending = add_ideas(
        session,
        "Smile at the door",
        "Learn regular customers' names",
        "Tell Bob he is useless",
        "The car park is too small",
        "Waiting in the queue",
    )
    for idea in (shown, second, hidden, aside):
        moderation.set_idea_status(idea, "visible")
    moderation.set_idea_status(hidden, "hidden")
    moderation.set_idea_status(aside, "off_topic")
    return session


def wall(client, session, suffix: str = "") -> str:
    response = client.get(f"/sessions/{session.id}/present{suffix}")
    assert response.status_code == 200
    return page_text(response)


def ideas_on(page: str) -> list[str]:
    """The ideas listed on the wall (not the empty one a script clones from its <template>)."""
    shown = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    return re.findall(
        r'<li class="projector-idea" id="idea-[A-Za-z0-9_-]+"><span class="idea-text">([^<]*)<',
        shown,
    )


def frames(body: str) -> list[tuple[int | None, str, dict]]:
    found = re.findall(r"(?:id: (\d+)\n)?event: (\S+)\ndata: (.*)\n\n", body)
    return [(int(seq) if seq else None, name, json.loads(data)) for seq, name, data in found]


def has_hidden_attribute(page: str, marker: str) -> bool:
    """Whether the element carrying `marker` is hidden from view."""
    tag = re.search(rf"<[a-z]+[^>]*{marker}(?![-\w])[^>]*>", page)
    assert tag is not None, marker
    return re.search(r"\shidden(\s|>|$)", tag.group(0)) is not None


# Only what the room may see


@pytest.mark.parametrize("suffix", ["", "/live"])
def test_the_wall_shows_visible_ideas_only_and_never_a_control(client, moderated, suffix):
    page = wall(client, moderated, suffix)
    assert ideas_on(page) == ["Learn regular customers' names", "Smile at the door"]
    for unseen in ("Tell Bob he is useless", "The car park is too small", "Waiting in the queue"):
        assert unseen not in page  # not even in the markup, where a screen reader would find it
    assert forms_in(page) == []
    assert "/status" not in page and "/correct" not in page
    words = readable_text(page)
    for control in CONTROLS:
        assert control not in words
    assert "2 ideas" in words


def test_the_wall_shows_the_question_the_join_code_and_how_many_joined(client, moderated):
    join(moderated)
    page = wall(client, moderated)
    words = readable_text(page)
    assert "What should we do every time a customer complains?" in words
    assert f"Join at http://feedback.test/join Code {moderated.join_code}" in words
    assert "Collecting ideas 6 joined" in words
    assert has_hidden_attribute(page, "data-join-panel") is False
    assert f'data-after="{live.last_seq(moderated.id)}"' in page
    assert f'data-events-url="/sessions/{moderated.id}/events?view=projector"' in page


@pytest.mark.parametrize(
    ("phase", "label"),
    [
        ("draft", "Draft"),
        ("collecting", "Collecting ideas"),
        ("voting", "Voting"),
        ("results", "Results"),
        ("closed", "Closed"),
    ],
)
def test_the_wall_names_the_phase_the_session_is_in(client, owner, phase, label):
    session = make_session(owner, phase=phase)
    page = wall(client, session)
    assert re.findall(r"data-phase-label>([^<]*)<", page) == [label]
    assert f'data-phase="{phase}"' in page


def test_the_join_code_leaves_the_wall_while_joining_is_closed(client, owner):
    session = make_session(owner, phase="collecting")
    session_service.set_joining_open(session, False)
    page = wall(client, session)
    assert has_hidden_attribute(page, "data-join-panel") is True
    assert 'data-joining="closed"' in page
    session_service.set_joining_open(session, True)
    assert has_hidden_attribute(wall(client, session), "data-join-panel") is False


def test_a_closed_session_shows_no_join_code(client, owner):
    session = make_session(owner, phase="closed")
    assert has_hidden_attribute(wall(client, session), "data-join-panel") is True


def test_the_wall_counts_down_the_phase_timer(client, owner, monkeypatch):
    freeze(monkeypatch, NOW)
    session = make_session(owner, phase="collecting")
    phases.start_timer(session, 4)
    page = wall(client, session)
    assert "Collecting ideas 4:00 left" in readable_text(page)
    assert 'data-deadline="2026-11-27T09:34:00Z"' in page


# Votes during voting


@pytest.fixture
def voting(owner):
    session = make_session(owner, phase="collecting")
    greet, water = add_ideas(session, "Greet everyone", "Offer water")
    move_to(session, "voting")
    for idea in (greet, greet, water):
        cast_vote(idea.id, join(session)[0])
    return session, greet, water


def per_idea_counts(page: str) -> list[tuple[str, bool]]:
    """(count, hidden?) of each idea's vote badge on the wall."""
    badges = re.findall(r'<span class="projector-votes" data-votes\s*(hidden)?>(\d+)</span>', page)
    return [(count, bool(hidden)) for hidden, count in badges]


def test_during_voting_the_wall_shows_votes_cast_but_not_each_ideas_count(client, voting):
    session, *_ = voting
    page = wall(client, session, "/live")
    assert "3 votes cast" in readable_text(page)
    assert has_hidden_attribute(page, "projector-votes-cast") is False
    assert sorted(per_idea_counts(page)) == [("1", True), ("2", True)]


def test_live_counts_switched_on_put_each_ideas_count_on_the_wall(client, voting):
    session, *_ = voting
    session_service.set_show_live_counts(session, True)
    page = wall(client, session, "/live")
    assert sorted(per_idea_counts(page)) == [("1", False), ("2", False)]
    assert 'data-live-counts="true"' in wall(client, session)


def test_live_counts_stay_off_the_wall_outside_voting(client, owner):
    session = make_session(owner, phase="collecting")
    add_ideas(session, "Greet everyone")
    session_service.set_show_live_counts(session, True)
    page = wall(client, session, "/live")
    assert per_idea_counts(page) == [("0", True)]
    assert has_hidden_attribute(page, "projector-votes-cast") is True


# The ranking


@pytest.fixture
def results(owner):
    """Results: Offer water 3 votes, Smile 2, Greet 1; a hidden idea had 4."""
    session = make_session(owner, phase="collecting")
    greet, smile, water, rude = add_ideas(
        session, "Greet everyone", "Smile at the door", "Offer water", "Tell Bob he is useless"
    )
    move_to(session, "voting")
    for idea, votes in ((greet, 1), (smile, 2), (water, 3), (rude, 4)):
        for _ in range(votes):
            cast_vote(idea.id, join(session)[0])
    moderation.set_idea_status(rude, "hidden")
    move_to(session, "results")
    return session


def ranking_rows(page: str) -> list[tuple[str, str, str, str, str]]:
    """(rank, text, bar max, bar value, votes) of each line of the ranking."""
    return re.findall(
        r'<span class="rank">(\d+)(?:<small class="tied">tied</small>)?</span>\s*'
        r'<span class="idea-text">([^<]*)</span>\s*'
        r'<progress class="bar" max="([\d.]+)" value="([\d.]+)"[^>]*></progress>\s*'
        r'<span class="votes"><strong>([^<]*)</strong>',
        page,
    )


def test_the_ranking_lists_visible_ideas_by_rank_with_bars(client, results):
    response = client.get(f"/sessions/{results.id}/present/ranking")
    assert response.status_code == 200
    page = page_text(response)
    assert "<html" not in page
    rows = ranking_rows(page)
    assert [(rank, text, votes) for rank, text, _, _, votes in rows] == [
        ("1", "Offer water", "3 votes"),
        ("2", "Smile at the door", "2 votes"),
        ("3", "Greet everyone", "1 vote"),
    ]
    # Bars show the score, the best one full.
    bars = [(float(top), float(value)) for _, _, top, value, _ in rows]
    assert bars[0][0] == bars[0][1] > bars[1][1] > bars[2][1] > 0
    assert "Tell Bob he is useless" not in page
    assert "1 vote" in readable_text(page) and "1 votes" not in readable_text(page)
    assert forms_in(page) == []


@pytest.mark.parametrize("suffix", ["", "/live"])
def test_at_results_the_wall_itself_shows_the_ranking(client, results, suffix):
    page = wall(client, results, suffix)
    assert [row[:2] for row in ranking_rows(page)] == [
        ("1", "Offer water"),
        ("2", "Smile at the door"),
        ("3", "Greet everyone"),
    ]
    assert has_hidden_attribute(page, "data-ranking") is False
    assert "Tell Bob he is useless" not in page
    assert forms_in(page) == []


def test_before_the_results_there_is_no_ranking_to_show(client, voting):
    session, *_ = voting
    page = page_text(client.get(f"/sessions/{session.id}/present/ranking"))
    assert ranking_rows(page) == []
    assert "No ideas to rank." in readable_text(page)
    assert has_hidden_attribute(wall(client, session), "data-ranking") is True


# The projector's stream


def test_the_projector_stream_carries_public_events_and_the_vote_total(
    client, moderated, monkeypatch
):
    freeze(monkeypatch, NOW)
    response = client.get(f"/sessions/{moderated.id}/events?view=projector&after=0")
    assert response.status_code == 200
    found = frames(response.get_data(as_text=True))
    last = live.last_seq(moderated.id)
    names = [name for _, name, _ in found]
    assert names == ["phase"] + ["idea.added"] * 4 + ["idea.removed"] * 2 + ["state"]
    assert found[-1] == (
        last,
        "state",
        {
            "phase": "collecting",
            "joining_open": True,
            "timer": {
                "running": False,
                "seconds_left": None,
                "deadline": None,
                "server_now": "2026-11-27T09:30:00Z",
            },
            "participants": 5,
            "show_live_counts": False,
            "votes_cast": 0,
            "held": False,  # under WSGI the stream ends after the catch-up
        },
    )
    body = response.get_data(as_text=True)
    assert "Waiting in the queue" not in body and "off_topic" not in body


# Who may put it on the wall


@pytest.mark.parametrize("suffix", ["", "/live", "/ranking"])
def test_another_facilitator_cannot_open_the_projector(client, auth, suffix):
    session = make_session(make_user(), phase="collecting")
    auth.login(make_user())
    response = client.get(f"/sessions/{session.id}/present{suffix}")
    assert response.status_code == 403
    assert "You can only manage your own sessions." in page_text(response)
    assert client.get(f"/sessions/99999/present{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "/live", "/ranking"])
def test_a_manager_may_put_any_session_on_the_wall(client, auth, suffix):
    session = make_session(make_user(), phase="results")
    auth.login(make_user("manager"))
    assert client.get(f"/sessions/{session.id}/present{suffix}").status_code == 200


@pytest.mark.parametrize("suffix", ["", "/live", "/ranking"])
def test_the_projector_needs_a_staff_login(client, suffix):
    session = make_session(phase="collecting")
    response = client.get(f"/sessions/{session.id}/present{suffix}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_the_wall_shows_no_message_meant_for_the_facilitator(client, owner):
    """A phase change says "Session is now: …" to the facilitator: the console shows it, the
    wall (open in another tab, its own reload) neither shows nor swallows it."""
    session = make_session(owner, phase="collecting")
    token = csrf_token_from(client, f"/sessions/{session.id}")
    client.post(f"/sessions/{session.id}/phase", data={"csrf_token": token, "phase": "voting"})
    assert "Session is now" not in wall(client, session)
    console = client.get(f"/sessions/{session.id}")
    assert "Session is now: Voting." in page_text(console)
