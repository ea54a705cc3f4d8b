"""The scores page's charts, drawn by the workspace's SVG charts (each with a table beside it)."""

from markupsafe import Markup

from feedback_app.services.visit_scores import Figure, Overview
from feedback_app.web.presenters import percent
from feedback_app.workspace.charts import Bar, Point, bar_chart, line_chart


def _bars(figures: list[Figure]) -> list[Bar]:
    """A bar per figure, its percentage beside it (the counts are in the table)."""
    return [Bar(f.label, f.score, percent(f.score)) for f in figures]


def score_charts(overview: Overview) -> dict[str, Markup]:
    """Scores per team and per protocol stage (bars from 0 to 100 %), and each visit's score
    in date order (a line)."""
    if not overview.trend:
        return {}
    points = [
        Point(
            f"{p.visited_on:%d %b %Y} · {p.team_name}",
            p.score,
            percent(p.score),
            f"{p.visited_on:%d %b %Y}",
        )
        for p in overview.trend
    ]
    return {
        "teams": bar_chart(
            "chart-visit-teams",
            "Score per team or location",
            "The mean score of each team's visits, from 0 to 100 %.",
            _bars(overview.teams),
            top=1,
        ),
        "stages": bar_chart(
            "chart-visit-stages",
            "Score per protocol stage",
            "The mean score of the answers in each protocol stage, from 0 to 100 %.",
            _bars(overview.stages),
            top=1,
        ),
        "trend": line_chart(
            "chart-visit-trend",
            "Score over visits",
            "Each visit's score, oldest visit first.",
            points,
        ),
    }
