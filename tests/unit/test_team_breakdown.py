"""k-anonymity across teams, and across levels and teams together (no small group singled out,
not even by subtracting a shown cell from its level's or its team's total)."""

import itertools
import random

import pytest

from feedback_app.services.breakdown import session_breakdown
from feedback_app.services.privacy import cells_safe_to_show
from tests.factories import join, level_named, make_session, make_team


def _session_with(people: dict[tuple[str, str | None], int]):
    """A collecting session whose participants gave (level, team) as asked."""
    session = make_session(phase="collecting")
    teams = {}
    for (level, team), count in people.items():
        if team is not None and team not in teams:
            teams[team] = make_team(team).team
        for _ in range(count):
            join(session, level_named(level).id, teams[team].id if team else None)
    return session, teams


def test_a_small_team_is_pooled_like_a_small_level(app):
    session, teams = _session_with(
        {
            ("Front-line staff", "Leeds"): 6,
            ("Front-line staff", "York"): 5,
            ("Supervisor", "Hull"): 2,
        }
    )
    result = session_breakdown(session)
    shown = {team.name: (team.participants, team.team_names) for team in result.teams}
    # Hull (2) under k=5: pooled, and the pool takes the smallest other team (York) to reach k.
    assert shown == {"Leeds": (6, ("Leeds",)), "Other teams": (7, ("Hull", "York"))}
    assert all(team.participants >= result.min_group for team in result.teams)


def test_no_team_breakdown_when_nobody_gave_a_team(app):
    session, _ = _session_with({("Front-line staff", None): 6})
    result = session_breakdown(session)
    assert result.shown is True
    assert (result.teams, result.combinations) == ([], [])


def test_a_small_level_and_team_cell_is_hidden_and_so_is_its_complement(app):
    # Front-line staff: 6 in Leeds and 2 in York, Supervisors: 5 in York. Levels and teams
    # are all at least k=5; the cell (front line, York) is 2 people.
    session, teams = _session_with(
        {
            ("Front-line staff", "Leeds"): 6,
            ("Front-line staff", "York"): 2,
            ("Supervisor", "York"): 5,
        }
    )
    result = session_breakdown(session)
    front = f"level-{level_named('Front-line staff').id}"
    supervisor = f"level-{level_named('Supervisor').id}"
    leeds, york = f"team-{teams['Leeds'].id}", f"team-{teams['York'].id}"
    cells = {(c.level_key, c.team_key): c.participants for c in result.combinations}
    # Showing (front line, Leeds) = 6 would give the 2 away: front line (8) minus 6; and
    # showing (supervisors, Leeds) = 0 would give the 6 away: Leeds (6) minus 0.
    assert cells == {
        (front, leeds): None,
        (front, york): None,
        (supervisor, leeds): None,
        (supervisor, york): None,
    }
    groups = {group.key: group.participants for group in result.groups}
    team_sizes = {team.key: team.participants for team in result.teams}
    assert groups == {front: 8, supervisor: 5}
    assert team_sizes == {leeds: 6, york: 7}


def test_large_cells_are_shown(app):
    session, teams = _session_with(
        {
            ("Front-line staff", "Leeds"): 5,
            ("Front-line staff", "York"): 5,
            ("Supervisor", "Leeds"): 5,
            ("Supervisor", "York"): 6,
        }
    )
    cells = {
        (c.level_key, c.team_key): c.participants for c in session_breakdown(session).combinations
    }
    assert sorted(count for count in cells.values()) == [5, 5, 5, 6]


def test_cells_including_nobody_are_shown_when_none_is_a_small_group(app):
    session, teams = _session_with(
        {
            ("Front-line staff", "Leeds"): 5,
            ("Front-line staff", "York"): 6,
            ("Supervisor", "York"): 5,
        }
    )
    cells = {
        (c.level_key, c.team_key): c.participants for c in session_breakdown(session).combinations
    }
    supervisor_leeds = (f"level-{level_named('Supervisor').id}", f"team-{teams['Leeds'].id}")
    assert cells[supervisor_leeds] == 0
    assert sorted(cells.values()) == [0, 5, 5, 6]


def _differences(cells: dict) -> set[int]:
    """Every count a user can work out: a line's total minus any of its shown cells."""
    found = set()
    for axis in (0, 1):
        for line in {key[axis] for key in cells}:
            values = [cells[key] for key in cells if key[axis] == line]
            for mask in itertools.product((0, 1), repeat=len(values)):
                found.add(sum(v for v, keep in zip(values, mask, strict=True) if keep))
    return found


@pytest.mark.parametrize("seed", range(40))
def test_no_shown_table_lets_a_small_group_be_worked_out(seed):
    k = 5
    rng = random.Random(seed)
    cells = {(r, c): rng.choice([0, 0, 1, 2, 4, 5, 6, 9]) for r in "abc" for c in "xy"}
    if cells_safe_to_show(cells, k):
        assert not any(0 < value < k for value in _differences(cells))
    else:
        assert any(0 < value < k for value in cells.values())
