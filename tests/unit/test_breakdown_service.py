"""Breakdown by level: every group shown has at least k people, so no small level can be read
directly or by subtracting the shown groups from the totals."""

import itertools
import random

import pytest

from feedback_app.errors import ValidationFailed
from feedback_app.services import ideas, privacy
from feedback_app.services.breakdown import OTHER_LEVELS, pool_small_groups, session_breakdown
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests.factories import join, level_named, make_session


def groups_of(pools: dict, sizes: dict) -> dict:
    totals = {}
    for key, group in pools.items():
        totals[group] = totals.get(group, 0) + sizes[key]
    return totals


@pytest.mark.parametrize("seed", range(200))
def test_pooling_never_leaves_a_group_under_k_and_keeps_everyone(seed):
    rng = random.Random(seed)
    k = rng.randint(3, 8)
    sizes = {level: rng.choice([0, 1, 2, 3, 4, 5, 7, 12, 30]) for level in range(rng.randint(1, 6))}
    pools = pool_small_groups(sizes, k)
    people = sum(sizes.values())
    if people < k:
        assert pools == {}
        return
    totals = groups_of(pools, sizes)
    assert min(totals.values()) >= k
    assert sum(totals.values()) == people  # nobody dropped: totals minus shown = nothing hidden
    assert set(pools) == {level for level, size in sizes.items() if size}
    for level, size in sizes.items():
        if 0 < size < k:
            assert pools[level] == "other"


def test_a_pool_still_too_small_takes_the_smallest_other_level():
    pools = pool_small_groups({"front": 20, "supervisors": 6, "managers": 2}, 5)
    assert pools == {"front": "front", "supervisors": "other", "managers": "other"}
    assert pool_small_groups({"front": 20, "a": 2, "b": 3}, 5) == {
        "front": "front",
        "a": "other",
        "b": "other",
    }
    assert pool_small_groups({"front": 4}, 5) == {}


def room_with_levels(sizes: dict[str, int], mode: str = "upvote"):
    """A voting session whose participants declared these levels; the first level's first
    person wrote both ideas; everyone votes for idea one, the smallest level also for idea two."""
    session = make_session(phase="collecting", voting_mode=mode)
    people = {
        name: [join(session, level_named(name).id)[0] for _ in range(count)]
        for name, count in sizes.items()
    }
    author = next(iter(people.values()))[0]  # someone of the first level listed
    first = ideas.add_idea(session, author, "Greet every customer")
    second = ideas.add_idea(session, author, "Call back within a day")
    change_phase(session, "voting")
    for members in people.values():
        for person in members:
            cast_vote(first.id, person)
    smallest = min(people, key=lambda name: len(people[name]))
    for person in people[smallest]:
        cast_vote(second.id, person)
    return session, first, second


def test_a_level_of_two_is_never_shown_alone_nor_recoverable(app):
    session, first, second = room_with_levels(
        {"Front-line staff": 6, "Supervisor": 5, "Executive": 2}
    )
    result = session_breakdown(session)
    assert result.shown and result.min_group == 5
    by_name = {group.name: group for group in result.groups}
    assert "Executive" not in by_name
    other = by_name[OTHER_LEVELS]
    assert set(other.level_names) == {"Executive", "Supervisor"}  # joined by the smallest level
    assert other.participants == 7
    assert [(g.participants, g.ideas) for g in result.groups] == [(6, 2), (7, 0)]
    front = f"level-{level_named('Front-line staff').id}"
    row = {idea.idea_id: idea for idea in result.ideas}
    assert row[second.id].votes_by_group == {front: 0, "other": 2}
    assert row[first.id].votes_by_group == {front: 6, "other": 7}


def test_a_session_under_k_has_no_breakdown_at_all(app):
    session, _, _ = room_with_levels({"Front-line staff": 2, "Supervisor": 2})
    result = session_breakdown(session)
    assert not result.shown and result.groups == [] and result.ideas == []


def test_votes_count_in_the_sessions_mode(app):
    session, first, second = room_with_levels({"Front-line staff": 5, "Supervisor": 5}, "dots")
    result = session_breakdown(session)
    # levels in the organisation's order; front line (listed first) also spent a dot on idea two
    assert [(g.name, g.participants, g.ideas, g.votes) for g in result.groups] == [
        ("Supervisor", 5, 0, 5),
        ("Front-line staff", 5, 2, 10),
    ]
    totals = {row.idea_id: row.votes for row in result.ideas}
    assert totals == {first.id: 10, second.id: 5}


def test_admins_set_k_but_never_below_three(app):
    assert privacy.min_group() == 5
    assert privacy.set_min_group(3) == 3 and privacy.min_group() == 3
    for bad in (2, 51, "4", True):
        with pytest.raises(ValidationFailed):
            privacy.set_min_group(bad)
    assert privacy.min_group() == 3
    app.config["BREAKDOWN_MIN_GROUP"] = 1
    privacy.set_min_group(4)
    assert privacy.min_group() == 4


def test_pooling_does_not_depend_on_the_order_levels_come_in():
    sizes = {"a": 2, "b": 2, "c": 9, "d": 9}
    expected = pool_small_groups(sizes, 5)
    assert groups_of(expected, sizes) == {"other": 13, "d": 9} or groups_of(expected, sizes) == {
        "other": 13,
        "c": 9,
    }
    for order in itertools.permutations(sizes):
        assert pool_small_groups({key: sizes[key] for key in order}, 5) == expected
