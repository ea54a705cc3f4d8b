"""Views of the results blueprint: the ranking of one session for staff."""

from flask import Blueprint, render_template
from flask_login import login_required

from feedback_app.services.breakdown import Breakdown, session_breakdown
from feedback_app.services.exports import FORMAT_NAMES, export_sessions
from feedback_app.services.follow_up import origins
from feedback_app.services.privacy import min_group
from feedback_app.services.ranking import RESULT_PHASES, rank_ideas
from feedback_app.web.downloads import download_response
from feedback_app.web.permissions import viewable_session

bp = Blueprint("results", __name__, url_prefix="/sessions")
BREAKDOWN_IDEAS_SHOWN = 50  # the API has every idea; a page of thousands helps nobody


@bp.get("/<int:session_id>/results")
@login_required
def ranking(session_id: int):
    """Ideas ranked by their score in the session's mode (provisional until voting ends)."""
    session = viewable_session(session_id)
    ranked = rank_ideas(session)
    breakdown = session_breakdown(session)
    return render_template(
        "results/ranking.html",
        session=session,
        ranked=ranked,
        provisional=session.phase not in RESULT_PHASES,
        total_votes=sum(item.votes for item in ranked),
        origins=origins(session),
        min_group=min_group(),
        breakdown=breakdown,
        breakdown_ideas=breakdown.ideas[:BREAKDOWN_IDEAS_SHOWN],
        heat=heat_levels(breakdown),
        level_team={(c.level_key, c.team_key): c.participants for c in breakdown.combinations},
        export_formats=FORMAT_NAMES,
    )


@bp.get("/<int:session_id>/results/export.<any(csv, json, xlsx, pdf):export_format>")
@login_required
def export(session_id: int, export_format: str):
    """Download the results as CSV, JSON, Excel or PDF (the API's export, for logged-in staff)."""
    return download_response(export_sessions([viewable_session(session_id)], export_format))


def heat_levels(breakdown: Breakdown) -> dict[tuple[int, str], int]:
    """Shade 0–4 for each idea × group cell: its count per person of the group, against the
    highest such rate in the table, so a small group's support shows as clearly as a big one's."""
    size = {group.key: group.participants for group in breakdown.groups}
    rates = {
        (row.idea_id, key): count / size[key]
        for row in breakdown.ideas
        for key, count in row.votes_by_group.items()
        if size.get(key)
    }
    highest = max(rates.values(), default=0)
    if not highest:
        return dict.fromkeys(rates, 0)
    return {cell: round(4 * rate / highest) for cell, rate in rates.items()}
