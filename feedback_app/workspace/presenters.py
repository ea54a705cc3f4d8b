"""The workspace's charts, built from the services' figures (templates hold no arithmetic)."""

from markupsafe import Markup

from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services.privacy import min_group
from feedback_app.services.proposals import ProposalRanking
from feedback_app.services.workspace import ComparedSession, SessionFigures
from feedback_app.web.presenters import VOTE_NOUNS, percent, score_text
from feedback_app.workspace.charts import Bar, Point, bar_chart, heat_map, line_chart

CANDIDATES_CHARTED = 15


def session_label(figures: SessionFigures) -> str:
    """A session as a chart names it: date and title."""
    return f"{figures.session.created_at:%d %b %Y} · {figures.session.title}"


def turnout_chart(series) -> Markup | None:
    """Turnout of each session, oldest first."""
    if not series:
        return None
    points = [
        Point(
            f"{session.created_at:%d %b %Y} · {session.title}",
            share,
            percent(share),
            f"{session.created_at:%d %b %Y}",
        )
        for session, share in series
    ]
    return line_chart(
        "chart-turnout",
        "Turnout over sessions",
        "Share of each session's participants who voted, oldest session first.",
        points,
    )


def stage_rows(stage_counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """(stage label, ideas) in the stages' order."""
    return [(PROTOCOL_STAGE_LABELS.get(stage, stage), count) for stage, count in stage_counts]


def stage_chart(stage_counts: list[tuple[str, int]]) -> Markup | None:
    """Ideas per protocol stage, one bar per stage."""
    if not stage_counts:
        return None
    bars = [
        Bar(label, count, f"{count} idea{'' if count == 1 else 's'}")
        for label, count in stage_rows(stage_counts)
    ]
    return bar_chart(
        "chart-stages",
        "Ideas per protocol stage",
        "Visible ideas in the themes of each session, counted per protocol stage.",
        bars,
    )


def candidate_chart(ranking: ProposalRanking) -> Markup | None:
    """Support for each of the best candidate standards, with its 95 % range, best first.

    Support is the share of a session's voters behind the standard's ideas: one measure for
    every voting mode, where votes would count up-votes, dots, ratings or wins.
    """
    shown = ranking.proposals[:CANDIDATES_CHARTED]
    if not shown:
        return None
    bars = [
        Bar(
            f"{item.rank}. {item.scored.standard.title} ({item.figures.session.title})",
            *_support_bar(item.scored.support),
        )
        for item in shown
    ]
    return bar_chart(
        "chart-candidates",
        "Support per candidate standard",
        "The share of each session's voters who voted for an idea behind the candidate "
        "standard, with its 95 % range; best ranked first.",
        bars,
    )


def support_text(support: tuple[float, float] | None) -> str:
    """'45 % (30–60 %)': the middle of the range and the range; a dash when not shown."""
    if support is None:
        return "–"
    low, high = support
    return f"{percent((low + high) / 2)} ({percent(low)}–{percent(high)})"


def _support_bar(support: tuple[float, float] | None) -> tuple:
    if support is None:
        return 0.0, f"fewer than {min_group()} supporters", None, None
    low, high = support
    return (low + high) / 2, f"{round(100 * low)}–{round(100 * high)} %", low, high


def heat_chart(ranking: ProposalRanking) -> Markup | None:
    """Support for each candidate standard from each level group, shaded by rate."""
    shown = ranking.proposals[:CANDIDATES_CHARTED]
    if not shown or not ranking.group_names:
        return None
    cells = {}
    for row, item in enumerate(shown):
        for col, name in enumerate(ranking.group_names):
            support = item.groups.get(name)
            if support is not None:
                cells[(row, col)] = (str(support.votes), support.shade)
    return heat_map(
        "chart-heat",
        "Support per candidate standard and level",
        "Votes for each candidate standard from each level group of at least k people; "
        "darker cells mean more votes for the size of the group. A dash: the level did not "
        "take part in that session.",
        [f"{item.rank}. {item.scored.standard.title}" for item in shown],
        ranking.group_names,
        cells,
    )


def top_ideas_chart(index: int, compared: ComparedSession) -> Markup | None:
    """A compared session's best ideas by score, with their 95 % ranges where the mode has one."""
    if not compared.top:
        return None
    mode = compared.figures.session.voting_mode
    bars = [
        Bar(
            f"{item.rank}. {item.text}",
            item.score,
            score_text(mode, item.score),
            item.low,
            item.high,
        )
        for item in compared.top
    ]
    ranges = " Whiskers: the 95 % range of the score." if bars[0].high is not None else ""
    return bar_chart(
        f"chart-top-{index}",
        f"Top ideas of {compared.figures.session.title}",
        f"Score of the session's best ideas ({VOTE_NOUNS[mode][1]}).{ranges}",
        bars,
    )
