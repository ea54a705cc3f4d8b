"""The projector: what goes on the wall, live, with nothing a facilitator would click.

Visible ideas only (never hidden, pending, merged or off-topic ones), the join code while
joining is open, the phase and its countdown, the number of people and of votes cast, and at
results the ranking with bars. static/js/projector.js follows the stream's projector view.
"""

from flask import render_template
from flask_login import login_required

from feedback_app.facilitate.blueprint import bp
from feedback_app.services import live
from feedback_app.services.ideas import ideas_for_staff, visible_idea_count
from feedback_app.services.ranking import RESULT_PHASES, rank_ideas
from feedback_app.web.permissions import viewable_session
from feedback_app.web.urls import join_page_url

PROJECTOR_IDEAS = 60  # the newest that can fit; the wall pages through them by itself
RANKING_ROWS = 50


def _ranking_context(session) -> dict:
    ranked = rank_ideas(session)[:RANKING_ROWS] if session.phase in RESULT_PHASES else []
    top = max((item.score for item in ranked), default=0)
    return {"session": session, "ranked": ranked, "top_score": top}


def _projector_context(session) -> dict:
    visible = ideas_for_staff(
        session, limit=PROJECTOR_IDEAS, newest_first=True, statuses=("visible",)
    )
    context = _ranking_context(session)
    context.update(
        projector_ideas=visible,
        visible_count=visible_idea_count(session),
        participant_count=live.participant_total(session.id),
        votes_cast=live.votes_cast(session.id),
        join_page_url=join_page_url(),
        last_seq=live.last_seq(session.id),
    )
    return context


@bp.get("/<int:session_id>/present")
@login_required
def present(session_id: int):
    """The full-screen projector view of a session."""
    session = viewable_session(session_id)
    return render_template("facilitate/present.html", **_projector_context(session))


@bp.get("/<int:session_id>/present/live")
@login_required
def projector_ideas(session_id: int):
    """The projector's ideas, counts and ranking alone (its polling fallback and resync)."""
    session = viewable_session(session_id)
    return render_template("facilitate/_projector_body.html", **_projector_context(session))


@bp.get("/<int:session_id>/present/ranking")
@login_required
def projector_ranking(session_id: int):
    """The ranking with bars, fetched by the projector when the results are shown."""
    session = viewable_session(session_id)
    return render_template("facilitate/_projector_ranking.html", **_ranking_context(session))
