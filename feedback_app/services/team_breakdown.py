"""Feedback across teams, and across levels and teams together, under the k of the levels.

Teams are pooled exactly like levels: teams of fewer than k people (and the smallest others while
the pool is short) count together as "Other teams", so every team column stands for at least k
people. The combinations of a level group and a team group are cells of a table whose rows and
columns are those groups; the cells are shown only when privacy.cells_safe_to_show allows it
(every cell nobody or at least k people), so no small group can be read from a cell, nor by
subtracting cells from a level's or a team's total.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import Idea, Participant, Team
from feedback_app.services import tallies
from feedback_app.services.privacy import POOLED, cells_safe_to_show, pool_small_groups

OTHER_TEAMS = "Other teams"
NO_TEAM = "Team not given"


@dataclass(frozen=True)
class TeamGroup:
    """One team column: a team, "team not given", or small teams pooled; at least k people."""

    key: str
    name: str
    team_names: tuple[str, ...]
    participants: int
    ideas: int
    votes: int
    team_ids: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class Combination:
    """People of a level group who are also in a team group; None when the table cannot be
    shown (some combination is 1 … k-1 people)."""

    level_key: str
    team_key: str
    participants: int | None


def team_key(group) -> str:
    """The key of a team group: "team-<id>", "team-none" or "team-other"."""
    if group == POOLED:
        return "team-other"
    return "team-none" if group is None else f"team-{group}"


def team_parts(
    session_id: int, idea_ids: list[int], level_keys: dict, k: int
) -> tuple[list[TeamGroup], list[Combination]]:
    """The team groups and the level × team cells of a session of at least k people.

    `level_keys` maps each level id (None: not given) to the key of its (pooled) level group.
    Nothing when nobody in the session gave a team.
    """
    people = _people_per_level_and_team(session_id)
    sizes = defaultdict(int)
    for (_, team_id), count in people.items():
        sizes[team_id] += count
    if not any(team_id is not None for team_id in sizes):
        return [], []
    pools = pool_small_groups(sizes, k)
    names = dict(db.session.execute(select(Team.id, Team.name)).tuples().all())
    members, size_of = defaultdict(list), defaultdict(int)
    for team_id in sorted(sizes, key=lambda t: (t is None, names.get(t, "").lower(), t or 0)):
        members[pools[team_id]].append(team_id)
        size_of[pools[team_id]] += sizes[team_id]
    ideas, votes = _ideas_and_votes(session_id, idea_ids, pools)
    order = sorted(members, key=lambda g: (g == POOLED, g is None, names.get(g, "").lower()))
    teams = [
        TeamGroup(
            key=team_key(group),
            name=_name(group, names),
            team_names=tuple(_name(team_id, names) for team_id in members[group]),
            participants=size_of[group],
            ideas=ideas[group],
            votes=votes[group],
            team_ids=tuple(members[group]),
        )
        for group in order
    ]
    return teams, _combinations(people, level_keys, pools, k)


def _combinations(people: dict, level_keys: dict, pools: dict, k: int) -> list[Combination]:
    """Every level group × team group, nobody included; all None unless all may be shown."""
    cells = {
        (level, team_key(team)): 0
        for level in set(level_keys.values())
        for team in set(pools.values())
    }
    for (level_id, team_id), count in people.items():
        cells[(level_keys[level_id], team_key(pools[team_id]))] += count
    shown = cells_safe_to_show(cells, k)
    return [
        Combination(level, team, cells[(level, team)] if shown else None)
        for level, team in sorted(cells)
    ]


def _people_per_level_and_team(session_id: int) -> dict[tuple, int]:
    rows = db.session.execute(
        select(Participant.level_id, Participant.team_id, func.count(Participant.id))
        .where(Participant.session_id == session_id)
        .group_by(Participant.level_id, Participant.team_id)
    )
    return {(level_id, team_id): int(count) for level_id, team_id, count in rows}


def _ideas_and_votes(session_id: int, idea_ids: list[int], pools: dict):
    """Visible ideas written and votes cast per team group (proposals from a team page have no
    author and count in no group)."""
    ideas, votes = defaultdict(int), defaultdict(int)
    if not idea_ids:
        return ideas, votes
    authors = db.session.execute(
        select(Participant.team_id, func.count(Idea.id))
        .join(Participant, Participant.id == Idea.participant_id)
        .where(Idea.id.in_(idea_ids))
        .group_by(Participant.team_id)
    )
    for team_id, count in authors:
        ideas[pools[team_id]] += int(count)
    by_team = tallies.counts_by_level(session_id, idea_ids, group_by=Participant.team_id)
    for (_, team_id), count in by_team.items():
        if team_id in pools:
            votes[pools[team_id]] += count
    return ideas, votes


def group_votes_per_idea(session_id: int, idea_ids: list[int], group: TeamGroup) -> dict[int, int]:
    """Each idea's votes (in the session's mode) from the people of one team group: a group of
    at least k, like a level group's votes per idea in the breakdown."""
    members = set(group.team_ids)
    counts = dict.fromkeys(idea_ids, 0)
    by_team = tallies.counts_by_level(session_id, idea_ids, group_by=Participant.team_id)
    for (idea_id, team_id), count in by_team.items():
        if team_id in members:
            counts[idea_id] += count
    return counts


def _name(group, names: dict) -> str:
    if group == POOLED:
        return OTHER_TEAMS
    return NO_TEAM if group is None else names.get(group, f"Team {group}")
