"""The export's tables as rows of plain values, shared by the CSV and Excel writers.

* ideas: rank, tied, idea, votes, score, consensus, then one column of votes per level group
  (a selection adds `session` and `session_title` in front);
* votes per idea and level: the same numbers in long form, one row per idea and group;
* candidates: the candidate standards with the ideas behind them;
* level breakdown: each group's people, ideas and votes.

Level groups come from the breakdown service only, so every column stands for k people or more.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services.exports.content import SessionContent, votes_by_group_name

GROUP_PREFIX = "votes: "
SESSION_COLUMNS = ["session", "session_title"]
IDEA_COLUMNS = ["rank", "tied", "idea", "votes", "score", "consensus"]
VOTE_COLUMNS = ["rank", "idea", "level_group", "votes"]
CANDIDATE_COLUMNS = [
    "position",
    "title",
    "statement",
    "protocol_stage",
    "votes",
    "supporters",
    "idea_count",
    "ideas",
]
GROUP_COLUMNS = ["level_group", "levels", "participants", "ideas", "votes"]
IDEAS_SEPARATOR = "\n"


@dataclass(frozen=True)
class Table:
    """A named table: its header and a way to produce its rows one at a time."""

    name: str
    header: list[str]
    rows: Iterator[list]


def _session_cells(content: SessionContent, with_session: bool) -> list:
    return [content.facts.session_id, content.facts.title] if with_session else []


def _header(columns: list[str], with_session: bool) -> list[str]:
    return (SESSION_COLUMNS if with_session else []) + columns


def idea_rows(
    contents: list[SessionContent], groups: list[str], with_session: bool
) -> Iterator[list]:
    """Ranked ideas of every session, with a cell per level group (blank: not a group there)."""
    for content in contents:
        lead = _session_cells(content, with_session)
        for row in content.ideas:
            by_name = votes_by_group_name(row, content.breakdown)
            yield [
                *lead,
                row.rank,
                row.tied,
                row.text,
                row.votes,
                row.score,
                row.consensus,
                *(by_name.get(name) for name in groups),
            ]


def vote_rows(contents: list[SessionContent], with_session: bool) -> Iterator[list]:
    """Each idea's votes per level group, one row per idea and group."""
    for content in contents:
        lead = _session_cells(content, with_session)
        for row in content.ideas:
            for name, votes in votes_by_group_name(row, content.breakdown).items():
                yield [*lead, row.rank, row.text, name, votes]


def candidate_rows(contents: list[SessionContent], with_session: bool) -> Iterator[list]:
    """Candidate standards, best supported first, with the ideas behind them."""
    for content in contents:
        lead = _session_cells(content, with_session)
        for position, item in enumerate(content.standards, start=1):
            standard = item.standard
            yield [
                *lead,
                position,
                standard.title,
                standard.statement,
                PROTOCOL_STAGE_LABELS.get(standard.protocol_stage, standard.protocol_stage),
                item.votes,
                item.supporters,
                item.idea_count,
                IDEAS_SEPARATOR.join(idea.text for idea in item.ideas),
            ]


def group_rows(contents: list[SessionContent], with_session: bool) -> Iterator[list]:
    """The level groups of each session (none for a session under k)."""
    for content in contents:
        lead = _session_cells(content, with_session)
        for group in content.breakdown.groups:
            yield [
                *lead,
                group.name,
                ", ".join(group.level_names),
                group.participants,
                group.ideas,
                group.votes,
            ]


def all_tables(contents: list[SessionContent], groups: list[str], with_session: bool):
    """The four tables of an export, in the order the workbook shows them."""
    return [
        Table(
            "Ideas",
            _header(IDEA_COLUMNS + [GROUP_PREFIX + name for name in groups], with_session),
            idea_rows(contents, groups, with_session),
        ),
        Table(
            "Votes per level",
            _header(VOTE_COLUMNS, with_session),
            vote_rows(contents, with_session),
        ),
        Table(
            "Candidates",
            _header(CANDIDATE_COLUMNS, with_session),
            candidate_rows(contents, with_session),
        ),
        Table(
            "Level breakdown",
            _header(GROUP_COLUMNS, with_session),
            group_rows(contents, with_session),
        ),
    ]
