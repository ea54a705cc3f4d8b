"""Views of the results blueprint: the ranking of one session for staff."""

from flask import Blueprint, render_template
from flask_login import login_required

from feedback_app.services.ranking import RESULT_PHASES, rank_ideas
from feedback_app.web.permissions import viewable_session

bp = Blueprint("results", __name__, url_prefix="/sessions")


@bp.get("/<int:session_id>/results")
@login_required
def ranking(session_id: int):
    """Ideas ranked by votes with their counts (provisional until voting ends)."""
    session = viewable_session(session_id)
    ranked = rank_ideas(session)
    return render_template(
        "results/ranking.html",
        session=session,
        ranked=ranked,
        provisional=session.phase not in RESULT_PHASES,
        total_votes=sum(item.votes for item in ranked),
    )
