"""Feedback across levels: a session's participants, ideas and votes per level, k-anonymous.

Levels with fewer than k participants are never shown on their own. They are pooled into
"Other levels"; while that pool is still under k, the smallest shown level joins it, so every
column stands for at least k people and no small level can be recovered by subtracting the
shown columns from the totals. A session with fewer than k participants in all has no
breakdown at all. Participants who did not give a level form a group of their own, under the
same rule.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, PairChoice, Participant, Vote
from feedback_app.services import tallies
from feedback_app.services.levels import list_levels
from feedback_app.services.privacy import POOLED, min_group, pool_small_groups
from feedback_app.services.team_breakdown import Combination, TeamGroup, team_parts

OTHER_LEVELS = "Other levels"
NO_LEVEL = "Level not given"
_OTHER_KEY = POOLED

__all__ = ["pool_small_groups"]  # long imported from here


@dataclass(frozen=True)
class LevelGroup:
    """One column of the breakdown: a level, or several small levels pooled together."""

    key: str
    name: str
    level_names: tuple[str, ...]
    participants: int
    ideas: int
    votes: int


@dataclass(frozen=True)
class IdeaBreakdown:
    """An idea's votes (in the session's mode) from each group, keyed like the groups."""

    idea_id: int
    text: str
    votes: int
    votes_by_group: dict[str, int]
    public_id: str = ""  # the only id shown outside the server


@dataclass(frozen=True)
class Breakdown:
    """The breakdown of one session; `shown` is False when it has fewer than k participants."""

    session_id: int
    voting_mode: str
    min_group: int
    participants: int
    shown: bool
    groups: list[LevelGroup] = field(default_factory=list)
    ideas: list[IdeaBreakdown] = field(default_factory=list)
    teams: list[TeamGroup] = field(default_factory=list)
    combinations: list[Combination] = field(default_factory=list)


def session_breakdown(session: BrainstormSession) -> Breakdown:
    """Participants, ideas and votes per level group, and each visible idea's votes per group."""
    k = min_group()
    sizes = _participants_per_level(session.id)
    total = sum(sizes.values())
    pools = pool_small_groups(sizes, k)
    if not pools:
        return Breakdown(session.id, session.voting_mode, k, total, False)
    names = {level.id: level.name for level in list_levels(include_retired=True)}
    ideas = list(
        db.session.execute(
            select(Idea.id, Idea.public_id, Idea.text, Idea.participant_id)
            .where(Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value)
            .order_by(Idea.id)
        )
    )
    level_of_author = _levels_of(session.id)
    by_level = tallies.counts_by_level(session.id, [idea.id for idea in ideas])
    people, idea_counts, vote_counts = defaultdict(int), defaultdict(int), defaultdict(int)
    members = defaultdict(list)
    position = {level_id: index for index, level_id in enumerate(names)}
    in_order = sorted(sizes, key=lambda level_id: position.get(level_id, len(position)))
    for level_id in in_order:
        size = sizes[level_id]
        people[pools[level_id]] += size
        members[pools[level_id]].append(level_id)
    for idea in ideas:
        author_level = level_of_author.get(idea.participant_id, _MISSING)
        if author_level in pools:
            idea_counts[pools[author_level]] += 1
    per_idea = defaultdict(lambda: defaultdict(int))
    for (idea_id, level_id), count in by_level.items():
        group = pools.get(level_id)
        if group is not None:
            per_idea[idea_id][group] += count
            vote_counts[group] += count
    groups = [
        LevelGroup(
            key=_group_key(group),
            name=_group_name(group, names),
            level_names=tuple(_level_name(level_id, names) for level_id in members[group]),
            participants=people[group],
            ideas=idea_counts[group],
            votes=vote_counts[group],
        )
        for group in _ordered(members, names)
    ]
    rows = [
        IdeaBreakdown(
            idea_id=idea.id,
            text=idea.text,
            votes=sum(per_idea[idea.id].values()),
            votes_by_group={
                _group_key(group): per_idea[idea.id].get(group, 0) for group in members
            },
            public_id=idea.public_id,
        )
        for idea in ideas
    ]
    rows.sort(key=lambda row: (-row.votes, row.public_id))  # ties: random, not as written
    level_keys = {level_id: _group_key(group) for level_id, group in pools.items()}
    teams, combinations = team_parts(session.id, [idea.id for idea in ideas], level_keys, k)
    return Breakdown(
        session.id, session.voting_mode, k, total, True, groups, rows, teams, combinations
    )


def voters_per_group(session: BrainstormSession) -> dict[str, int]:
    """People of each breakdown group who voted (or chose in a pair), keyed like the groups.

    The groups are pooled exactly as in session_breakdown; {} when the session is under k.
    """
    pools = pool_small_groups(_participants_per_level(session.id), min_group())
    voted = (
        select(Vote.participant_id)
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Idea.session_id == session.id)
    )
    paired = select(PairChoice.participant_id).where(PairChoice.session_id == session.id)
    rows = db.session.execute(
        select(Participant.level_id, func.count(Participant.id))
        .where(Participant.session_id == session.id, Participant.id.in_(voted.union(paired)))
        .group_by(Participant.level_id)
    )
    voters = defaultdict(int)
    for level_id, count in rows:
        if level_id in pools:
            voters[_group_key(pools[level_id])] += int(count)
    return dict(voters)


_MISSING = object()


def _participants_per_level(session_id: int) -> dict[int | None, int]:
    rows = db.session.execute(
        select(Participant.level_id, func.count(Participant.id))
        .where(Participant.session_id == session_id)
        .group_by(Participant.level_id)
    )
    return {level_id: int(count) for level_id, count in rows}


def _levels_of(session_id: int) -> dict[int, int | None]:
    rows = db.session.execute(
        select(Participant.id, Participant.level_id).where(Participant.session_id == session_id)
    )
    return dict(rows.tuples().all())


def _group_key(group) -> str:
    if group == _OTHER_KEY:
        return _OTHER_KEY
    return "none" if group is None else f"level-{group}"


def _level_name(level_id: int | None, names: dict[int, str]) -> str:
    return NO_LEVEL if level_id is None else names.get(level_id, f"Level {level_id}")


def _group_name(group, names: dict[int, str]) -> str:
    if group == _OTHER_KEY:
        return OTHER_LEVELS
    return _level_name(group, names)


def _ordered(members: dict, names: dict[int, str]) -> list:
    """Levels in their organisational order, then "not given", then the pool."""
    position = {level_id: index for index, level_id in enumerate(names)}

    def place(group):
        if group == _OTHER_KEY:
            return (2, 0)
        if group is None:
            return (1, 0)
        return (0, position.get(group, len(position)))

    return sorted(members, key=place)
