"""k-anonymity across teams, and across levels and teams together (no small group singled out,
not even by subtracting a shown cell from its level's or its team's total)."""

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
    # Showing (front line, Leeds) = 6 would give the 2 away: front line (8) minus 6.
    assert cells == {(front, leeds): None, (front, york): None, (supervisor, york): None}
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


@pytest.mark.parametrize(
    "cells",
    [
        {("a", "x"): 6, ("a", "y"): 2, ("b", "y"): 5},
        {("a", "x"): 5, ("a", "y"): 1, ("a", "z"): 5, ("b", "x"): 7, ("b", "y"): 4, ("b", "z"): 9},
        {("a", "x"): 9, ("a", "y"): 3, ("b", "x"): 3, ("b", "y"): 9},
        {("a", "x"): 12, ("b", "x"): 4, ("c", "x"): 4, ("a", "y"): 8, ("b", "y"): 1, ("c", "y"): 1},
    ],
)
def test_no_line_total_minus_shown_cells_is_a_small_group(cells):
    """Rows and columns are groups of at least k (pooled), as in a real breakdown."""
    k = 5
    shown = cells_safe_to_show(cells, k)
    assert all(cells[key] >= k for key in shown)
    for axis in (0, 1):
        for line in {key[axis] for key in cells}:
            keys = [key for key in cells if key[axis] == line]
            hidden = sum(cells[key] for key in keys if key not in shown)
            assert hidden == 0 or hidden >= k, (line, shown)
            for key in keys:  # differencing two filters: the line minus one shown cell
                if key in shown:
                    rest = sum(cells[other] for other in keys) - cells[key]
                    assert rest == 0 or rest >= k
