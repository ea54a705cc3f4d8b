"""/api/v1 voting modes: up-votes, dots, stars and pairs, and what goes with them (rankings,
fair-exposure ballots, ballot cards, late joining, comments, follow-ups), driven as a client
would drive them and checked against the stored rows."""

from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.extensions import db
from feedback_app.models import BallotCard, BrainstormSession, Comment, Idea, PairChoice, Vote
from feedback_app.services import public_ids
from feedback_app.services.participation import participant_for_token
from tests.factories import level_named, make_user

# ---------------------------------------------------------------------------------------------
# Helpers: a room built through the API, and the stored truth read back from the database
# ---------------------------------------------------------------------------------------------

TEXTS = (
    "Greet every customer within ten seconds",
    "Offer a seat while they wait",
    "Call back within two days",
    "Refund without a receipt under twenty pounds",
)


@dataclass
class Room:
    """A session as its facilitator and participants see it over the API."""

    id: int
    join_code: str
    staff: str
    ideas: list[int]
    authors: list[str]  # authors[i] wrote ideas[i]
    voters: list[str] = field(default_factory=list)  # joined but wrote nothing


def session_body(**fields) -> dict:
    body = {
        "title": "Front line, spring",
        "prompt": "What should we do every time a customer complains?",
        "target_level_id": level_named("Front-line staff").id,
    }
    body.update(fields)
    return body


def create(api, token, **fields):
    return api.call("POST", "/api/v1/sessions", token, json=session_body(**fields))


def move(api, room: Room, phase: str) -> None:
    response = api.call(
        "POST", f"/api/v1/sessions/{room.id}/phase", room.staff, json={"phase": phase}
    )
    assert response.status_code == 200, response.json


def join_code(api, code: str):
    return api.call("POST", "/api/v1/join", json={"code": code})


def open_room(
    api, mode: str = "upvote", *, texts=TEXTS[:3], voters: int = 2, phase: str = "voting", **fields
) -> Room:
    """Create a session in `mode`, let one author per text add an idea and `voters` more people
    join while collecting, then move it to `phase`."""
    staff = api.token_for(make_user())
    created = create(api, staff, voting_mode=mode, **fields)
    assert created.status_code == 201, created.json
    room = Room(created.json["id"], created.json["join_code"], staff, [], [])
    move(api, room, "collecting")
    for text in texts:
        token = join_code(api, room.join_code).json["participant_token"]
        added = api.call("POST", f"/api/v1/sessions/{room.id}/ideas", token, json={"text": text})
        assert added.status_code == 201, added.json
        room.ideas.append(added.json["id"])
        room.authors.append(token)
    room.voters = [join_code(api, room.join_code).json["participant_token"] for _ in range(voters)]
    later = ("collecting", "voting", "results", "closed")
    for next_phase in later[1 : later.index(phase) + 1]:
        move(api, room, next_phase)
    return room


def vote(api, token, idea_id, **body):
    return api.call("POST", f"/api/v1/ideas/{idea_id}/vote", token, json=body)


def unvote(api, token, idea_id):
    return api.call("DELETE", f"/api/v1/ideas/{idea_id}/vote", token)


def hide(api, room: Room, idea_id: int) -> None:
    response = api.call("PATCH", f"/api/v1/ideas/{idea_id}", room.staff, json={"status": "hidden"})
    assert response.status_code == 200, response.json


def ranking(api, room: Room, token=None):
    return api.call("GET", f"/api/v1/sessions/{room.id}/ranking", token or room.staff)


def stored_votes(idea_id: str) -> list[int]:
    """The values of the votes stored on an idea (one row per participant)."""
    db.session.expire_all()
    query = select(Vote.value).join(Idea, Idea.id == Vote.idea_id)
    return sorted(db.session.scalars(query.where(Idea.public_id == idea_id)))


def dots_used(token: str) -> int:
    db.session.expire_all()
    return participant_for_token(token).dots_used


def exposures(*idea_ids: int) -> list[int]:
    db.session.expire_all()
    return [public_ids.find_idea(idea_id).exposures for idea_id in idea_ids]


def pair_rows(session_id: int) -> list[tuple[str, str, str | None]]:
    """The stored choices, each pair named by its ideas' public ids (in string order)."""
    db.session.expire_all()
    query = select(PairChoice.low_id, PairChoice.high_id, PairChoice.winner_id).where(
        PairChoice.session_id == session_id
    )
    public = dict(db.session.execute(select(Idea.id, Idea.public_id)).all())
    return [
        (*sorted((public[low], public[high])), public.get(winner))
        for low, high, winner in db.session.execute(query.order_by(PairChoice.id))
    ]


def session_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(BrainstormSession.id)))


def assert_error_envelope(response, status: int, code: str | None = None) -> None:
    """Every refusal carries the one error shape: {"error": {"code", "message", "fields"}}."""
    assert response.status_code == status, response.json
    assert set(response.json) == {"error"}
    assert set(response.json["error"]) == {"code", "message", "fields"}
    assert response.json["error"]["message"]
    if code is not None:
        assert response.json["error"]["code"] == code


# ---------------------------------------------------------------------------------------------
# Session settings: the mode and its parameters on POST /api/v1/sessions
# ---------------------------------------------------------------------------------------------


def test_new_sessions_default_to_upvotes_five_dots_three_per_idea_and_self_votes(api):
    """A client that says nothing about voting gets the documented defaults, stored."""
    created = create(api, api.token_for(make_user()))
    assert created.status_code == 201
    settings = ("voting_mode", "dot_budget", "dots_per_idea", "allow_self_votes")
    assert {name: created.json[name] for name in settings} == {
        "voting_mode": "upvote",
        "dot_budget": 5,
        "dots_per_idea": 3,
        "allow_self_votes": True,
    }
    db.session.expire_all()
    stored = db.session.get(BrainstormSession, created.json["id"])
    assert (stored.voting_mode, stored.dot_budget, stored.dots_per_idea) == ("upvote", 5, 3)
    assert stored.allow_self_votes is True


@pytest.mark.parametrize("mode", ["upvote", "dots", "stars", "pairwise"])
def test_every_voting_mode_is_stored_and_shown_to_participants(api, mode):
    """Participants learn the mode and its rules from the join answer, as stored."""
    created = create(
        api,
        api.token_for(make_user()),
        voting_mode=mode,
        dot_budget=8,
        dots_per_idea=2,
        allow_self_votes=False,
    )
    assert created.status_code == 201
    db.session.expire_all()
    stored = db.session.get(BrainstormSession, created.json["id"])
    assert (stored.voting_mode, stored.dot_budget, stored.dots_per_idea) == (mode, 8, 2)
    assert stored.allow_self_votes is False
    joined = join_code(api, created.json["join_code"])
    assert joined.status_code == 201
    seen = joined.json["session"]
    assert (seen["voting_mode"], seen["dot_budget"], seen["dots_per_idea"]) == (mode, 8, 2)
    assert seen["allow_self_votes"] is False


@pytest.mark.parametrize(
    ("fields", "field_name"),
    [
        ({"voting_mode": "ranked"}, "voting_mode"),
        ({"voting_mode": "Dots"}, "voting_mode"),
        ({"voting_mode": None}, "voting_mode"),
        ({"voting_mode": "dots", "dot_budget": 0}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": -1}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": 51}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": "5"}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": 2.5}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": True}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": None}, "dot_budget"),
        ({"voting_mode": "dots", "dots_per_idea": 0}, "dots_per_idea"),
        ({"voting_mode": "dots", "dots_per_idea": 6}, "dots_per_idea"),  # over the default 5
        ({"voting_mode": "dots", "dot_budget": 3, "dots_per_idea": 4}, "dots_per_idea"),
        ({"voting_mode": "dots", "dots_per_idea": "2"}, "dots_per_idea"),
        ({"allow_self_votes": "false"}, "allow_self_votes"),
        ({"allow_self_votes": 0}, "allow_self_votes"),
        ({"allow_self_votes": None}, "allow_self_votes"),
    ],
)
def test_out_of_range_voting_settings_are_422_and_create_nothing(api, fields, field_name):
    """A bad setting names its field and leaves no half-made session behind."""
    response = create(api, api.token_for(make_user()), **fields)
    assert_error_envelope(response, 422, "validation_failed")
    assert field_name in response.json["error"]["fields"]
    assert session_count() == 0


@pytest.mark.parametrize(("budget", "per_idea"), [(1, 1), (50, 50), (50, 1)])
def test_dot_settings_at_their_bounds_are_accepted(api, budget, per_idea):
    """The edges of the ranges are inside them: 1..50 dots, 1..budget per idea."""
    response = create(
        api,
        api.token_for(make_user()),
        voting_mode="dots",
        dot_budget=budget,
        dots_per_idea=per_idea,
    )
    assert response.status_code == 201
    assert (response.json["dot_budget"], response.json["dots_per_idea"]) == (budget, per_idea)


@pytest.mark.parametrize(("budget", "per_idea"), [(1, 1), (2, 2), (3, 3), (10, 3)])
def test_the_default_cap_per_idea_never_exceeds_a_small_budget(api, budget, per_idea):
    """A client that sends only a budget gets 3 per idea, or the whole budget when smaller."""
    response = create(api, api.token_for(make_user()), voting_mode="dots", dot_budget=budget)
    assert response.status_code == 201
    assert (response.json["dot_budget"], response.json["dots_per_idea"]) == (budget, per_idea)


# ---------------------------------------------------------------------------------------------
# Self-votes: off means a participant cannot vote on their own idea, in any mode
# ---------------------------------------------------------------------------------------------


def test_own_ideas_take_votes_by_default(api):
    """allow_self_votes defaults to true: an author may back their own idea."""
    room = open_room(api)
    assert vote(api, room.authors[0], room.ideas[0]).status_code == 201
    assert stored_votes(room.ideas[0]) == [1]


@pytest.mark.parametrize(("mode", "body"), [("upvote", {}), ("dots", {}), ("stars", {"stars": 5})])
def test_self_votes_are_409_when_the_session_forbids_them(api, mode, body):
    """With self-votes off the author is refused with a clear reason and nothing is stored."""
    room = open_room(api, mode, allow_self_votes=False)
    author = room.authors[0]
    refused = vote(api, author, room.ideas[0], **body)
    assert_error_envelope(refused, 409, "self_vote")
    assert refused.json["error"]["message"] == messages.SELF_VOTE
    assert stored_votes(room.ideas[0]) == []
    assert vote(api, author, room.ideas[1], **body).status_code == 201
    assert stored_votes(room.ideas[1]) == [body.get("stars", 1)]


def test_a_refused_self_vote_spends_no_dot(api):
    """The dot taken from the budget for a refused vote is given back."""
    room = open_room(api, "dots", allow_self_votes=False)
    author = room.authors[0]
    assert vote(api, author, room.ideas[0]).status_code == 409
    assert dots_used(author) == 0
    assert vote(api, author, room.ideas[1]).json["dots_left"] == 4


# ---------------------------------------------------------------------------------------------
# Dots: one dot per request, a budget per participant and a cap per idea
# ---------------------------------------------------------------------------------------------


def test_each_dot_request_adds_one_dot_and_says_what_is_left(api):
    """Three requests put three dots on the idea and spend three of five."""
    room = open_room(api, "dots")
    voter, idea = room.voters[0], room.ideas[0]
    answers = [vote(api, voter, idea) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.json for a in answers] == [
        {"idea_id": idea, "voted": True, "dots": n, "dots_left": 5 - n} for n in (1, 2, 3)
    ]
    assert stored_votes(idea) == [3]
    assert dots_used(voter) == 3


def test_the_cap_per_idea_is_409_and_spends_nothing(api):
    """A fourth dot on one idea (cap 3) is refused; the budget is untouched."""
    room = open_room(api, "dots")
    voter, idea = room.voters[0], room.ideas[0]
    for _ in range(3):
        assert vote(api, voter, idea).status_code == 201
    capped = vote(api, voter, idea)
    assert_error_envelope(capped, 409, "dot_cap_reached")
    assert capped.json["error"]["message"] == messages.DOTS_CAPPED.format(cap=3)
    assert stored_votes(idea) == [3]
    assert dots_used(voter) == 3
    assert vote(api, voter, room.ideas[1]).json["dots_left"] == 1


def test_the_budget_is_409_once_every_dot_is_spent(api):
    """Five dots spread over ideas spend the budget; the sixth is refused and not stored."""
    room = open_room(api, "dots")
    voter = room.voters[0]
    for idea in (room.ideas[0], room.ideas[0], room.ideas[1], room.ideas[1], room.ideas[2]):
        assert vote(api, voter, idea).status_code == 201
    spent = vote(api, voter, room.ideas[2])
    assert_error_envelope(spent, 409, "dot_budget_spent")
    assert spent.json["error"]["message"] == messages.DOTS_SPENT.format(budget=5)
    assert [stored_votes(idea) for idea in room.ideas] == [[2], [2], [1]]
    assert dots_used(voter) == 5


def test_a_custom_budget_and_cap_apply(api):
    """dot_budget and dots_per_idea set at creation are the limits enforced."""
    room = open_room(api, "dots", dot_budget=2, dots_per_idea=1)
    voter = room.voters[0]
    assert vote(api, voter, room.ideas[0]).json == {
        "idea_id": room.ideas[0],
        "voted": True,
        "dots": 1,
        "dots_left": 1,
    }
    assert vote(api, voter, room.ideas[0]).json["error"]["code"] == "dot_cap_reached"
    assert vote(api, voter, room.ideas[1]).status_code == 201
    assert vote(api, voter, room.ideas[2]).json["error"]["code"] == "dot_budget_spent"
    assert dots_used(voter) == 2


def test_delete_takes_one_dot_back(api):
    """Each DELETE returns one dot to the budget; the last one removes the vote."""
    room = open_room(api, "dots")
    voter, idea = room.voters[0], room.ideas[0]
    vote(api, voter, idea)
    vote(api, voter, idea)
    first = unvote(api, voter, idea)
    assert first.status_code == 200
    assert first.json == {
        "idea_id": idea,
        "voted": True,
        "removed": True,
        "dots": 1,
        "dots_left": 4,
    }
    assert stored_votes(idea) == [1]
    second = unvote(api, voter, idea)
    assert second.json == {
        "idea_id": idea,
        "voted": False,
        "removed": True,
        "dots": 0,
        "dots_left": 5,
    }
    assert stored_votes(idea) == []
    nothing = unvote(api, voter, idea)
    assert nothing.status_code == 200
    assert nothing.json == {
        "idea_id": idea,
        "voted": False,
        "removed": False,
        "dots": 0,
        "dots_left": 5,
    }
    assert dots_used(voter) == 0


def test_a_dot_taken_back_can_be_spent_again(api):
    """Taking a dot back is how a spent budget moves: the next dot is accepted."""
    room = open_room(api, "dots")
    voter = room.voters[0]
    for idea in (room.ideas[0], room.ideas[0], room.ideas[0], room.ideas[1], room.ideas[1]):
        vote(api, voter, idea)
    assert vote(api, voter, room.ideas[2]).status_code == 409
    assert unvote(api, voter, room.ideas[0]).json["dots_left"] == 1
    moved = vote(api, voter, room.ideas[2])
    assert moved.status_code == 201
    assert moved.json["dots_left"] == 0
    assert [stored_votes(idea) for idea in room.ideas] == [[2], [2], [1]]


def test_dots_outside_voting_or_on_hidden_ideas_are_refused_without_spending(api):
    """A dot that cannot land is not taken from the budget."""
    room = open_room(api, "dots", phase="collecting")
    voter = room.voters[0]
    early = vote(api, voter, room.ideas[0])
    assert_error_envelope(early, 409, "wrong_phase")
    move(api, room, "voting")
    hide(api, room, room.ideas[1])
    assert_error_envelope(vote(api, voter, room.ideas[1]), 404, "not_found")
    assert dots_used(voter) == 0
    assert vote(api, voter, room.ideas[0]).json["dots_left"] == 4


# ---------------------------------------------------------------------------------------------
# Stars: a 1-5 rating per participant and idea
# ---------------------------------------------------------------------------------------------


def test_a_rating_is_created_then_changed(api):
    """The first rating is 201, a different one 200; one row holds the latest."""
    room = open_room(api, "stars")
    voter, idea = room.voters[0], room.ideas[0]
    first = vote(api, voter, idea, stars=4)
    assert first.status_code == 201
    assert first.json == {"idea_id": idea, "voted": True, "stars": 4}
    assert stored_votes(idea) == [4]
    changed = vote(api, voter, idea, stars=2)
    assert changed.status_code == 200
    assert changed.json == {"idea_id": idea, "voted": True, "stars": 2}
    assert stored_votes(idea) == [2]


def test_delete_removes_the_rating(api):
    """DELETE takes the rating away; a second DELETE finds nothing to remove."""
    room = open_room(api, "stars")
    voter, idea = room.voters[0], room.ideas[0]
    vote(api, voter, idea, stars=5)
    removed = unvote(api, voter, idea)
    assert removed.status_code == 200
    assert removed.json == {"idea_id": idea, "voted": False, "removed": True, "stars": None}
    assert stored_votes(idea) == []
    assert unvote(api, voter, idea).json["removed"] is False


@pytest.mark.parametrize(
    "body",
    [{"stars": 0}, {"stars": 6}, {"stars": -1}, {"stars": "4"}, {"stars": 4.5}, {"stars": True}]
    + [{"stars": None}, {}],
    ids=["0", "6", "-1", "string", "float", "bool", "null", "missing"],
)
def test_invalid_stars_are_422_naming_the_field(api, body):
    """Anything but a whole 1 to 5 is refused, with "stars" named, and nothing stored."""
    room = open_room(api, "stars")
    response = vote(api, room.voters[0], room.ideas[0], **body)
    assert_error_envelope(response, 422, "validation_failed")
    assert "stars" in response.json["error"]["fields"]
    assert stored_votes(room.ideas[0]) == []


# ---------------------------------------------------------------------------------------------
# Pairwise: GET a pair, POST a choice or a skip
# ---------------------------------------------------------------------------------------------


def pair_url(room: Room) -> str:
    return f"/api/v1/sessions/{room.id}/pair"


def test_a_pair_is_two_different_visible_ideas_and_counts_as_shown(api):
    """A hidden idea never comes up; the two shown are counted once more each."""
    room = open_room(api, "pairwise")
    hide(api, room, room.ideas[2])
    response = api.call("GET", pair_url(room), room.voters[0])
    assert response.status_code == 200
    assert set(response.json) == {"left", "right"}
    left, right = response.json["left"], response.json["right"]
    assert {left["id"], right["id"]} == {room.ideas[0], room.ideas[1]}
    texts = {room.ideas[0]: TEXTS[0], room.ideas[1]: TEXTS[1]}
    assert (left["text"], right["text"]) == (texts[left["id"]], texts[right["id"]])
    assert set(left) == {"id", "text", "mine", "voted", "status", "changed"}
    assert exposures(*room.ideas) == [1, 1, 0]


def test_a_choice_is_recorded_once_per_pair(api):
    """{"winner_id", "loser_id"} stores one choice; the same pair again, either way, is 409."""
    room = open_room(api, "pairwise")
    voter, (a, b, _) = room.voters[0], room.ideas
    chosen = api.call("POST", pair_url(room), voter, json={"winner_id": b, "loser_id": a})
    assert chosen.status_code == 201
    assert chosen.json == {"winner_id": b, "left_id": b, "right_id": a, "skipped": False}
    assert pair_rows(room.id) == [(min(a, b), max(a, b), b)]
    for body in ({"winner_id": b, "loser_id": a}, {"winner_id": a, "loser_id": b}):
        again = api.call("POST", pair_url(room), voter, json=body)
        assert_error_envelope(again, 409, "pair_judged")
    assert pair_rows(room.id) == [(min(a, b), max(a, b), b)]
    other = api.call("POST", pair_url(room), room.voters[1], json={"winner_id": a, "loser_id": b})
    assert other.status_code == 201


def test_a_skipped_pair_is_recorded_without_a_winner(api):
    """{"left_id", "right_id", "skip": true} records the pair as judged, with no win."""
    room = open_room(api, "pairwise")
    voter, (a, b, _) = room.voters[0], room.ideas
    skipped = api.call(
        "POST", pair_url(room), voter, json={"left_id": a, "right_id": b, "skip": True}
    )
    assert skipped.status_code == 201
    assert skipped.json == {"winner_id": None, "left_id": a, "right_id": b, "skipped": True}
    assert pair_rows(room.id) == [(min(a, b), max(a, b), None)]
    assert [line["votes"] for line in ranking(api, room).json] == [0, 0, 0]


def test_the_pair_is_204_when_nothing_is_left_to_compare(api):
    """With two ideas there is one pair: once judged, GET answers 204 with no body."""
    room = open_room(api, "pairwise", texts=TEXTS[:2])
    voter = room.voters[0]
    assert api.call("GET", pair_url(room), voter).status_code == 200
    api.call(
        "POST", pair_url(room), voter, json={"winner_id": room.ideas[0], "loser_id": room.ideas[1]}
    )
    done = api.call("GET", pair_url(room), voter)
    assert done.status_code == 204
    assert done.data == b""
    assert api.call("GET", pair_url(room), room.voters[1]).status_code == 200


def test_a_single_idea_makes_no_pair(api):
    """One visible idea cannot be compared with anything: 204, nothing counted as shown."""
    room = open_room(api, "pairwise", texts=TEXTS[:1])
    assert api.call("GET", pair_url(room), room.voters[0]).status_code == 204
    assert exposures(room.ideas[0]) == [0]


def _same_idea(room, other):
    return {"winner_id": room.ideas[0], "loser_id": room.ideas[0]}, 422


def _same_idea_skipped(room, other):
    return {"left_id": room.ideas[1], "right_id": room.ideas[1], "skip": True}, 422


def _other_sessions_idea(room, other):
    return {"winner_id": room.ideas[0], "loser_id": other.ideas[0]}, 404


def _other_sessions_pair(room, other):
    return {"winner_id": other.ideas[0], "loser_id": other.ideas[1]}, 404


def _hidden_idea(room, other):
    return {"winner_id": room.ideas[0], "loser_id": room.ideas[2]}, 404


def _hidden_idea_skipped(room, other):
    return {"left_id": room.ideas[2], "right_id": room.ideas[0], "skip": True}, 404


def _unknown_idea(room, other):
    return {"winner_id": room.ideas[0], "loser_id": "A" * 16}, 404  # well formed, unknown


def _no_loser(room, other):
    return {"winner_id": room.ideas[0]}, 422


def _skip_without_right(room, other):
    return {"left_id": room.ideas[0], "skip": True}, 422


def _integer_id(room, other):
    return {"winner_id": 1, "loser_id": room.ideas[1]}, 422  # ids are opaque strings


def _skip_not_boolean(room, other):
    return {"left_id": room.ideas[0], "right_id": room.ideas[1], "skip": "yes"}, 422


@pytest.mark.parametrize(
    "case",
    [
        _same_idea,
        _same_idea_skipped,
        _other_sessions_idea,
        _other_sessions_pair,
        _hidden_idea,
        _hidden_idea_skipped,
        _unknown_idea,
        _no_loser,
        _skip_without_right,
        _integer_id,
        _skip_not_boolean,
    ],
    ids=lambda case: case.__name__.strip("_"),
)
def test_bad_pair_bodies_are_4xx_with_the_error_envelope(api, case):
    """A choice that names no real pair of this session's visible ideas stores nothing."""
    room = open_room(api, "pairwise")
    other = open_room(api, "pairwise")
    hide(api, room, room.ideas[2])
    body, status = case(room, other)
    response = api.call("POST", pair_url(room), room.voters[0], json=body)
    assert_error_envelope(response, status)
    assert pair_rows(room.id) == []
    assert pair_rows(other.id) == []


def test_a_pair_body_that_is_not_json_is_400(api):
    """Garbage is malformed, not a validation failure."""
    room = open_room(api, "pairwise")
    response = api.call(
        "POST", pair_url(room), room.voters[0], data="{", content_type="application/json"
    )
    assert_error_envelope(response, 400, "malformed_json")


def test_pairs_only_in_pairwise_sessions_and_plain_votes_never_in_them(api):
    """Each mode has one way to vote; using the other is a 409 that says so."""
    pairwise = open_room(api, "pairwise")
    refused = vote(api, pairwise.voters[0], pairwise.ideas[0])
    assert_error_envelope(refused, 409, "pairwise_session")
    assert refused.json["error"]["message"] == messages.VOTE_IN_PAIRS
    assert_error_envelope(
        unvote(api, pairwise.voters[0], pairwise.ideas[0]), 409, "pairwise_session"
    )
    upvote = open_room(api, "upvote")
    assert_error_envelope(api.call("GET", pair_url(upvote), upvote.voters[0]), 409, "not_pairwise")
    body = {"winner_id": upvote.ideas[0], "loser_id": upvote.ideas[1]}
    assert_error_envelope(
        api.call("POST", pair_url(upvote), upvote.voters[0], json=body), 409, "not_pairwise"
    )
    assert pair_rows(upvote.id) == []
    assert stored_votes(pairwise.ideas[0]) == []


def test_pairs_only_while_voting_and_only_for_the_sessions_participants(api):
    """Before voting, for staff, for strangers and for other sessions' people: refused."""
    room = open_room(api, "pairwise", phase="collecting")
    body = {"winner_id": room.ideas[0], "loser_id": room.ideas[1]}
    assert_error_envelope(api.call("GET", pair_url(room), room.voters[0]), 409, "wrong_phase")
    assert_error_envelope(
        api.call("POST", pair_url(room), room.voters[0], json=body), 409, "wrong_phase"
    )
    move(api, room, "voting")
    other = open_room(api, "pairwise")
    assert_error_envelope(api.call("GET", pair_url(room), room.staff), 403, "forbidden")
    assert_error_envelope(api.call("GET", pair_url(room), other.voters[0]), 403, "forbidden")
    assert_error_envelope(api.call("POST", pair_url(room), other.voters[0], json=body), 403)
    assert_error_envelope(api.call("GET", pair_url(room)), 401, "unauthorized")
    assert_error_envelope(api.call("GET", "/api/v1/sessions/999999/pair", room.voters[0]), 404)
    assert pair_rows(room.id) == []
    assert exposures(*room.ideas) == [0, 0, 0]


def test_pairs_leave_out_own_ideas_when_self_votes_are_off(api):
    """An author is never asked to judge their own idea, and cannot choose it."""
    room = open_room(api, "pairwise", allow_self_votes=False)
    author, (own, a, b) = room.authors[0], room.ideas
    offered = api.call("GET", pair_url(room), author).json
    assert {offered["left"]["id"], offered["right"]["id"]} == {a, b}
    refused = api.call("POST", pair_url(room), author, json={"winner_id": own, "loser_id": a})
    assert_error_envelope(refused, 409, "self_vote")
    assert (
        api.call("POST", pair_url(room), author, json={"winner_id": a, "loser_id": b}).status_code
        == 201
    )
    assert api.call("GET", pair_url(room), author).status_code == 204
    assert pair_rows(room.id) == [(min(a, b), max(a, b), a)]


# ---------------------------------------------------------------------------------------------
# Ranking: idea_id, text, votes, rank, plus score and tied; votes by mode; hidden from voters
# ---------------------------------------------------------------------------------------------


def lines(response, *names):
    assert response.status_code == 200, response.json
    return [tuple(line[name] for name in names) for line in response.json]


def test_ties_share_a_rank_and_the_next_rank_skips(api):
    """Votes 2, 1, 1, 0 rank 1, 2, 2, 4, and only the tied pair says so."""
    room = open_room(api, texts=TEXTS, voters=2)
    a, b, c, d = room.ideas
    for token, idea in (
        (room.voters[0], a),
        (room.voters[1], a),
        (room.voters[0], b),
        (room.voters[1], c),
    ):
        assert vote(api, token, idea).status_code == 201
    response = ranking(api, room)
    assert {"idea_id", "text", "votes", "rank", "score", "tied"} <= set(response.json[0])
    ranked = lines(response, "idea_id", "text", "votes", "rank", "tied")
    assert ranked[0] == (a, TEXTS[0], 2, 1, False)
    # tied ideas come in public-id order: random, never the order they were written in
    assert sorted(ranked[1:3]) == sorted([(b, TEXTS[1], 1, 2, True), (c, TEXTS[2], 1, 2, True)])
    assert ranked[3] == (d, TEXTS[3], 0, 4, False)
    scores = [line["score"] for line in response.json]
    assert scores[0] > scores[1] == scores[2] > scores[3]


def test_votes_count_dots_in_a_dots_session(api):
    """votes is the number of dots an idea holds, from everyone."""
    room = open_room(api, "dots")
    a, b, c = room.ideas
    for token, idea in ((room.voters[0], a),) * 3 + ((room.voters[0], b), (room.voters[1], b)):
        assert vote(api, token, idea).status_code == 201
    assert lines(ranking(api, room), "idea_id", "votes", "rank", "tied") == [
        (a, 3, 1, False),
        (b, 2, 2, False),
        (c, 0, 3, False),
    ]


def test_votes_count_ratings_in_a_stars_session(api):
    """votes is how many rated the idea; the order follows the averaged stars, not that count."""
    room = open_room(api, "stars")
    a, b, c = room.ideas
    vote(api, room.voters[0], a, stars=5)
    vote(api, room.voters[1], a, stars=5)
    vote(api, room.voters[0], b, stars=1)
    # Mean of all ratings 11/3; a: (3 * 11/3 + 10) / 5 = 4.2; c unrated: 11/3; b: 12/4 = 3.
    response = ranking(api, room)
    assert lines(response, "idea_id", "votes", "rank") == [(a, 2, 1), (c, 0, 2), (b, 1, 3)]
    assert [line["score"] for line in response.json] == pytest.approx([4.2, 11 / 3, 3.0])


def test_votes_count_wins_in_a_pairwise_session(api):
    """votes is how many choices an idea won; skips win nothing."""
    room = open_room(api, "pairwise")
    a, b, c = room.ideas
    voter = room.voters[0]
    for winner, loser in ((a, b), (a, c), (b, c)):
        body = {"winner_id": winner, "loser_id": loser}
        assert api.call("POST", pair_url(room), voter, json=body).status_code == 201
    skip = {"left_id": a, "right_id": b, "skip": True}
    assert api.call("POST", pair_url(room), room.voters[1], json=skip).status_code == 201
    assert lines(ranking(api, room), "idea_id", "votes", "rank") == [
        (a, 2, 1),
        (b, 1, 2),
        (c, 0, 3),
    ]


def test_participants_see_no_tallies_before_the_results_are_shared(api):
    """While voting, neither the ranking nor the idea list shows a participant any count."""
    room = open_room(api)
    voter = room.voters[0]
    vote(api, voter, room.ideas[0])
    assert_error_envelope(ranking(api, room, voter), 403, "results_not_ready")
    listed = api.call("GET", f"/api/v1/sessions/{room.id}/ideas", voter).json
    assert all("votes" not in idea and "score" not in idea for idea in listed)
    ballot = api.call("GET", f"/api/v1/sessions/{room.id}/ballot", voter).json
    assert all("votes" not in idea for idea in ballot["ideas"])
    move(api, room, "results")
    assert_error_envelope(ranking(api, room, voter), 403, "results_private")
    shared = api.call(
        "PATCH", f"/api/v1/sessions/{room.id}", room.staff, json={"results_public": True}
    )
    assert shared.status_code == 200
    assert ranking(api, room, voter).json == ranking(api, room).json


# ---------------------------------------------------------------------------------------------
# Fair exposure: GET /sessions/<id>/ballot hands out the least-shown ideas and counts them
# ---------------------------------------------------------------------------------------------


def ballot_url(room: Room, **query) -> str:
    params = "&".join(f"{name}={value}" for name, value in query.items())
    return f"/api/v1/sessions/{room.id}/ballot" + (f"?{params}" if params else "")


def test_the_ballot_hands_out_the_least_shown_ideas_and_counts_them(api):
    """The second voter gets the idea the first was not shown; every hand-out is counted."""
    room = open_room(api)
    first = api.call("GET", ballot_url(room, limit=2), room.voters[0])
    assert first.status_code == 200
    given = [idea["id"] for idea in first.json["ideas"]]
    assert len(set(given)) == 2 and set(given) <= set(room.ideas)
    assert first.json["remaining"] == 1
    left_out = next(idea for idea in room.ideas if idea not in given)
    assert exposures(*room.ideas) == [1 if idea in given else 0 for idea in room.ideas]

    second = api.call("GET", ballot_url(room, limit=1), room.voters[1])
    assert [idea["id"] for idea in second.json["ideas"]] == [left_out]
    assert second.json["remaining"] == 2
    assert exposures(*room.ideas) == [1, 1, 1]


def test_seen_ideas_are_not_handed_out_again(api):
    """Passing what the page already has brings the rest, and counts only the rest."""
    room = open_room(api)
    voter = room.voters[0]
    given = [i["id"] for i in api.call("GET", ballot_url(room, limit=2), voter).json["ideas"]]
    more = api.call("GET", ballot_url(room, seen=",".join(map(str, given))), voter)
    rest = [idea for idea in room.ideas if idea not in given]
    assert [idea["id"] for idea in more.json["ideas"]] == rest
    assert more.json["remaining"] == 0
    assert exposures(*room.ideas) == [1, 1, 1]


def test_voted_ideas_come_first_and_are_not_counted_again(api):
    """An idea one voted on stays on the ballot (to take the vote back) without a new count."""
    room = open_room(api)
    voter = room.voters[0]
    vote(api, voter, room.ideas[2])
    ballot = api.call("GET", ballot_url(room), voter).json
    assert [idea["id"] for idea in ballot["ideas"]][0] == room.ideas[2]
    assert ballot["ideas"][0]["voted"] is True
    assert sorted(idea["id"] for idea in ballot["ideas"]) == sorted(room.ideas)
    assert exposures(*room.ideas) == [1, 1, 0]


@pytest.mark.parametrize(
    ("query", "field_name"),
    [({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"limit": "many"}, "limit")]
    + [({"seen": "x"}, "seen"), ({"seen": "0"}, "seen")],
)
def test_bad_ballot_queries_are_422_and_count_nothing(api, query, field_name):
    """Out-of-range limits and unreadable seen lists name their parameter."""
    room = open_room(api)
    response = api.call("GET", ballot_url(room, **query), room.voters[0])
    assert_error_envelope(response, 422, "validation_failed")
    assert field_name in response.json["error"]["fields"]
    assert exposures(*room.ideas) == [0, 0, 0]


def test_ballots_only_while_voting_and_only_for_the_sessions_participants(api):
    """Only what is put to a vote counts as shown: nothing before voting, nothing to others."""
    room = open_room(api, phase="collecting")
    assert_error_envelope(api.call("GET", ballot_url(room), room.voters[0]), 409, "wrong_phase")
    move(api, room, "voting")
    other = open_room(api)
    assert_error_envelope(api.call("GET", ballot_url(room), room.staff), 403)
    assert_error_envelope(api.call("GET", ballot_url(room), other.voters[0]), 403)
    assert exposures(*room.ideas) == [0, 0, 0]


def test_the_ballot_documents_the_409_it_answers_outside_voting(api):
    """Clients generated from /api/openapi.json must expect the wrong_phase answer they get."""
    room = open_room(api, phase="collecting")
    assert api.call("GET", ballot_url(room), room.voters[0]).status_code == 409
    spec = api.client.get("/api/openapi.json").json
    documented = spec["paths"]["/api/v1/sessions/{session_id}/ballot"]["get"]["responses"]
    assert "409" in documented, (
        "GET /sessions/{id}/ballot answers 409 wrong_phase outside voting, but "
        f"feedback_app/api/ballot.py documents only {sorted(documented)} (@errors(404, 422))"
    )


# ---------------------------------------------------------------------------------------------
# Ballot cards: single-use codes replace the session's code
# ---------------------------------------------------------------------------------------------


def cards_url(room: Room) -> str:
    return f"/api/v1/sessions/{room.id}/ballot-cards"


def test_issuing_cards_answers_codes_and_join_urls_once(api):
    """The codes are in the answer only; the database keeps hashes and the session switches."""
    room = open_room(api, phase="collecting")
    issued = api.call("POST", cards_url(room), room.staff, json={"count": 3})
    assert issued.status_code == 201
    codes = issued.json["codes"]
    assert (issued.json["issued"], issued.json["used"], len(set(codes))) == (3, 0, 3)
    assert issued.json["join_urls"] == [f"http://feedback.test/j/{code}" for code in codes]
    db.session.expire_all()
    stored = db.session.scalars(select(BallotCard).where(BallotCard.session_id == room.id)).all()
    assert len(stored) == 3 and not any(card.used for card in stored)
    assert not {card.code_hash for card in stored} & set(codes)
    assert db.session.get(BrainstormSession, room.id).ballot_cards is True
    counts = api.call("GET", cards_url(room), room.staff)
    assert counts.json == {"issued": 3, "used": 0}


def test_with_cards_the_session_code_is_refused_and_each_card_works_once(api):
    """One card, one person: the plain code stops working and a card's second use is 409."""
    room = open_room(api, phase="collecting")
    codes = api.call("POST", cards_url(room), room.staff, json={"count": 2}).json["codes"]
    plain = join_code(api, room.join_code)
    assert_error_envelope(plain, 409, "ballot_card_needed")
    first = join_code(api, codes[0])
    assert first.status_code == 201
    assert first.json["session_id"] == room.id
    assert_error_envelope(join_code(api, codes[0]), 409, "ballot_card_used")
    assert join_code(api, codes[1]).status_code == 201
    assert api.call("GET", cards_url(room), room.staff).json == {"issued": 2, "used": 2}


@pytest.mark.parametrize(
    "body", [{"count": 0}, {"count": 2001}, {"count": "3"}, {"count": True}, {}]
)
def test_bad_card_counts_are_422_and_make_no_cards(api, body):
    """1 to 2000 cards, as a JSON integer; otherwise nothing changes."""
    room = open_room(api, phase="collecting")
    response = api.call("POST", cards_url(room), room.staff, json=body)
    assert_error_envelope(response, 422, "validation_failed")
    assert "count" in response.json["error"]["fields"]
    assert api.call("GET", cards_url(room), room.staff).json == {"issued": 0, "used": 0}
    assert join_code(api, room.join_code).status_code == 201


def test_only_the_sessions_facilitator_issues_cards(api):
    """Participants, other facilitators and unknown sessions get no cards."""
    room = open_room(api, phase="collecting")
    body = {"count": 1}
    assert_error_envelope(api.call("POST", cards_url(room), room.voters[0], json=body), 403)
    stranger = api.token_for(make_user())
    assert_error_envelope(api.call("POST", cards_url(room), stranger, json=body), 403)
    assert_error_envelope(
        api.call("POST", "/api/v1/sessions/999999/ballot-cards", room.staff, json=body), 404
    )
    assert api.call("GET", cards_url(room), room.staff).json == {"issued": 0, "used": 0}


# ---------------------------------------------------------------------------------------------
# Joining closes when voting starts
# ---------------------------------------------------------------------------------------------


def test_late_joiners_are_refused_once_voting_starts_until_reopened(api):
    """Voting closes the door with a message that says why; the facilitator may reopen it."""
    room = open_room(api, phase="voting")
    late = join_code(api, room.join_code)
    assert_error_envelope(late, 409, "joining_closed")
    assert late.json["error"]["message"] == messages.JOINING_CLOSED_VOTING
    assert api.call("GET", f"/api/v1/sessions/{room.id}", room.staff).json["joining_open"] is False
    reopened = api.call(
        "PATCH", f"/api/v1/sessions/{room.id}", room.staff, json={"joining_open": True}
    )
    assert reopened.json["joining_open"] is True
    assert join_code(api, room.join_code).status_code == 201


def test_an_unused_ballot_card_is_refused_too_once_voting_starts(api):
    """A card does not get round the closed door."""
    room = open_room(api, phase="collecting")
    code = api.call("POST", cards_url(room), room.staff, json={"count": 1}).json["codes"][0]
    move(api, room, "voting")
    assert_error_envelope(join_code(api, code), 409, "joining_closed")
    assert api.call("GET", cards_url(room), room.staff).json == {"issued": 1, "used": 0}


# ---------------------------------------------------------------------------------------------
# Comments: participants build on ideas; the session's facilitator moderates
# ---------------------------------------------------------------------------------------------


def comments_url(idea_id: int) -> str:
    return f"/api/v1/ideas/{idea_id}/comments"


def comment(api, token, idea_id, text="Yes, and greet them by name"):
    return api.call("POST", comments_url(idea_id), token, json={"text": text})


def stored_comment_status(comment_id: int) -> str:
    db.session.expire_all()
    return public_ids.find_comment(comment_id).status


def test_participants_comment_and_everyone_in_the_session_reads_it(api):
    """A comment is visible at once (post-moderation), anonymous, and "mine" only to its author."""
    room = open_room(api)
    idea = room.ideas[0]
    added = comment(api, room.voters[0], idea, "  Yes, and greet them by name  ")
    assert added.status_code == 201
    expected = {"idea_id": idea, "text": "Yes, and greet them by name", "status": "visible"}
    assert added.json == {"id": added.json["id"], **expected, "mine": True}
    assert stored_comment_status(added.json["id"]) == "visible"
    for token, mine in ((room.voters[1], False), (room.staff, False), (room.voters[0], True)):
        listed = api.call("GET", comments_url(idea), token)
        assert listed.status_code == 200
        assert listed.json == [{"id": added.json["id"], **expected, "mine": mine}]


def test_pre_moderated_comments_wait_for_the_facilitator(api):
    """Pending comments reach only their author and staff until approved; hiding removes them."""
    room = open_room(api)
    pre = api.call("PATCH", f"/api/v1/sessions/{room.id}", room.staff, json={"moderation": "pre"})
    assert pre.status_code == 200
    idea = room.ideas[0]
    added = comment(api, room.voters[0], idea)
    assert added.json["status"] == "pending"
    comment_id = added.json["id"]
    assert api.call("GET", comments_url(idea), room.voters[1]).json == []
    assert [c["id"] for c in api.call("GET", comments_url(idea), room.voters[0]).json] == [
        comment_id
    ]
    assert [c["status"] for c in api.call("GET", comments_url(idea), room.staff).json] == [
        "pending"
    ]

    url = f"/api/v1/comments/{comment_id}"
    approved = api.call("PATCH", url, room.staff, json={"status": "visible"})
    assert approved.status_code == 200
    assert approved.json["status"] == "visible"
    assert stored_comment_status(comment_id) == "visible"
    assert [c["id"] for c in api.call("GET", comments_url(idea), room.voters[1]).json] == [
        comment_id
    ]

    hidden = api.call("PATCH", url, room.staff, json={"status": "hidden"})
    assert hidden.json["status"] == "hidden"
    assert stored_comment_status(comment_id) == "hidden"
    assert api.call("GET", comments_url(idea), room.voters[1]).json == []
    assert api.call("GET", comments_url(idea), room.voters[0]).json == []


def test_comment_refusals(api):
    """Too short, on a hidden idea, from outside, from staff, after voting: nothing stored."""
    room = open_room(api)
    other = open_room(api)
    hide(api, room, room.ideas[2])
    short = comment(api, room.voters[0], room.ideas[0], "x")
    assert_error_envelope(short, 422, "validation_failed")
    assert "text" in short.json["error"]["fields"]
    assert_error_envelope(comment(api, room.voters[0], room.ideas[2]), 404, "not_found")
    assert_error_envelope(api.call("GET", comments_url(room.ideas[2]), room.voters[0]), 404)
    assert_error_envelope(comment(api, other.voters[0], room.ideas[0]), 404, "not_found")
    assert_error_envelope(api.call("GET", comments_url(room.ideas[0]), other.voters[0]), 404)
    assert_error_envelope(comment(api, room.staff, room.ideas[0]), 403, "forbidden")
    assert_error_envelope(comment(api, None, room.ideas[0]), 401, "unauthorized")
    assert_error_envelope(comment(api, room.voters[0], 999_999), 404)
    move(api, room, "results")
    assert_error_envelope(comment(api, room.voters[0], room.ideas[0]), 409, "wrong_phase")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_only_the_sessions_facilitator_moderates_comments(api):
    """Participants, other facilitators and managers who only oversee cannot moderate."""
    room = open_room(api)
    comment_id = comment(api, room.voters[0], room.ideas[0]).json["id"]
    url = f"/api/v1/comments/{comment_id}"
    hide_it = {"status": "hidden"}
    assert_error_envelope(api.call("PATCH", url, room.voters[1], json=hide_it), 403)
    assert_error_envelope(api.call("PATCH", url, api.token_for(make_user()), json=hide_it), 403)
    assert_error_envelope(
        api.call("PATCH", url, api.token_for(make_user("manager")), json=hide_it), 403
    )
    assert_error_envelope(
        api.call("PATCH", "/api/v1/comments/999999", room.staff, json=hide_it), 404
    )
    bad = api.call("PATCH", url, room.staff, json={"status": "pending"})
    assert_error_envelope(bad, 422, "validation_failed")
    assert "status" in bad.json["error"]["fields"]
    assert stored_comment_status(comment_id) == "visible"


# ---------------------------------------------------------------------------------------------
# Follow-up: a finished session's top ideas put to another level
# ---------------------------------------------------------------------------------------------


def follow_up_url(room: Room) -> str:
    return f"/api/v1/sessions/{room.id}/follow-up"


def test_a_follow_up_carries_the_top_ideas_of_a_finished_session(api):
    """201 with a draft for the other level, holding the top N ideas in rank order, linked."""
    room = open_room(api, "dots", texts=TEXTS)
    a, b, c, _ = room.ideas
    for idea in (c, c, c, a, a):
        vote(api, room.voters[0], idea)
    vote(api, room.voters[1], b)
    move(api, room, "results")
    supervisor = level_named("Supervisor").id
    made = api.call(
        "POST", follow_up_url(room), room.staff, json={"target_level_id": supervisor, "top": 3}
    )
    assert made.status_code == 201
    follow_up = made.json
    assert (follow_up["phase"], follow_up["target_level_id"]) == ("draft", supervisor)
    assert (follow_up["voting_mode"], follow_up["follow_up_of_id"]) == ("dots", room.id)
    assert follow_up["title"] == "Follow-up: Front line, spring"
    carried = api.call("GET", f"/api/v1/sessions/{follow_up['id']}/ideas", room.staff).json
    assert [idea["text"] for idea in carried] == [TEXTS[2], TEXTS[0], TEXTS[1]]
    assert [idea["votes"] for idea in carried] == [0, 0, 0]
    original = api.call("GET", f"/api/v1/sessions/{room.id}", room.staff).json
    assert original["follow_up_ids"] == [follow_up["id"]]


def test_a_follow_up_only_starts_from_a_finished_session(api):
    """While voting there are no results to carry: 409, and no session is made."""
    room = open_room(api)
    before = session_count()
    body = {"target_level_id": level_named("Supervisor").id}
    refused = api.call("POST", follow_up_url(room), room.staff, json=body)
    assert_error_envelope(refused, 409, "wrong_phase")
    assert refused.json["error"]["message"] == messages.FOLLOW_UP_NOT_FINISHED
    assert session_count() == before


@pytest.mark.parametrize(
    ("body", "field_name"),
    [
        ({"top": 0}, "top"),
        ({"top": 51}, "top"),
        ({"top": "3"}, "top"),
        ({"target_level_id": None}, "target_level_id"),
    ]
    + [({"voting_mode": "ranked"}, "voting_mode")],
)
def test_bad_follow_up_bodies_are_422(api, body, field_name):
    """The number of ideas is 1 to 50 and the target level is required."""
    room = open_room(api, phase="results")
    before = session_count()
    full = {"target_level_id": level_named("Supervisor").id} | body
    response = api.call("POST", follow_up_url(room), room.staff, json=full)
    assert_error_envelope(response, 422, "validation_failed")
    assert field_name in response.json["error"]["fields"]
    assert session_count() == before


def test_only_the_sessions_facilitator_starts_a_follow_up(api):
    """Participants and other facilitators are refused."""
    room = open_room(api, phase="results")
    before = session_count()
    body = {"target_level_id": level_named("Supervisor").id}
    assert_error_envelope(api.call("POST", follow_up_url(room), room.voters[0], json=body), 403)
    stranger = api.token_for(make_user())
    assert_error_envelope(api.call("POST", follow_up_url(room), stranger, json=body), 403)
    assert session_count() == before
