"""Views of the facilitate blueprint: dashboard, new session, session page, moderation."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from feedback_app.errors import DomainError
from feedback_app.facilitate.forms import (
    IdeaStatusForm,
    PhaseForm,
    ResultsVisibilityForm,
    SessionForm,
)
from feedback_app.services import ideas as idea_service
from feedback_app.services import sessions as session_service
from feedback_app.services.levels import list_levels
from feedback_app.services.qr import qr_svg
from feedback_app.web.forms import show_errors
from feedback_app.web.permissions import managed_session, viewable_session
from feedback_app.web.presenters import PHASE_LABELS
from feedback_app.web.urls import join_page_url, join_url

bp = Blueprint("facilitate", __name__, url_prefix="/sessions")


@bp.get("/")
@login_required
def dashboard():
    """List the sessions this staff member may see."""
    summaries = session_service.sessions_for(current_user)
    return render_template("facilitate/dashboard.html", summaries=summaries)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_session():
    """Create a session and go to its page."""
    form = SessionForm()
    form.set_level_choices(list_levels())
    if form.validate_on_submit():
        try:
            session = session_service.create_session(
                current_user,
                title=form.title.data,
                prompt=form.prompt.data,
                target_level_id=form.target_level_id.data,
                contributing_level_ids=form.contributing_level_ids.data,
                results_public=form.results_public.data,
                language=form.language.data,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Session created. Join code: {session.join_code}", "success")
            return redirect(url_for("facilitate.show_session", session_id=session.id))
    status = 422 if form.is_submitted() else 200
    return render_template("facilitate/new_session.html", form=form), status


def _session_page_context(session) -> dict:
    can_manage = session_service.can_manage_session(current_user, session)
    ideas = idea_service.ideas_for_staff(session)
    return {
        "session": session,
        "ideas": ideas,
        "visible_count": sum(1 for idea in ideas if idea.status == "visible"),
        "vote_total": sum(idea.votes for idea in ideas),
        "participant_count": session_service.participant_count(session),
        "can_manage": can_manage,
        "moves": session_service.allowed_phase_moves(session) if can_manage else (),
        "join_url": join_url(session.join_code),
        "join_page_url": join_page_url(),
    }


@bp.get("/<int:session_id>")
@login_required
def show_session(session_id: int):
    """The facilitator's page: code, QR, link, phase controls and the ideas."""
    session = viewable_session(session_id)
    return render_template("facilitate/session.html", **_session_page_context(session))


@bp.get("/<int:session_id>/live")
@login_required
def live_ideas(session_id: int):
    """The ideas panel alone, polled by htmx so new ideas and votes appear by themselves."""
    session = viewable_session(session_id)
    return render_template("facilitate/_ideas_panel.html", **_session_page_context(session))


def _projector_context(session) -> dict:
    """What may go on the wall: visible idea texts and counts, never moderation or hidden text."""
    texts = [
        idea.text for idea in idea_service.ideas_for_staff(session) if idea.status == "visible"
    ]
    return {
        "session": session,
        "projector_ideas": texts,
        "visible_count": len(texts),
        "participant_count": session_service.participant_count(session),
        "join_page_url": join_page_url(),
    }


@bp.get("/<int:session_id>/present")
@login_required
def present(session_id: int):
    """A full-screen view for the projector: question, code, QR, phase and the visible ideas."""
    session = viewable_session(session_id)
    return render_template("facilitate/present.html", **_projector_context(session))


@bp.get("/<int:session_id>/present/live")
@login_required
def projector_ideas(session_id: int):
    """The projector's ideas panel alone, polled by htmx."""
    session = viewable_session(session_id)
    return render_template("facilitate/_projector_ideas.html", **_projector_context(session))


@bp.get("/<int:session_id>/qr.svg")
@login_required
def qr_code(session_id: int):
    """The join QR code as SVG."""
    session = viewable_session(session_id)
    response = Response(qr_svg(join_url(session.join_code)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.post("/<int:session_id>/phase")
@login_required
def change_phase(session_id: int):
    """Move the session to the requested phase."""
    session = managed_session(session_id)
    form = PhaseForm()
    if form.validate_on_submit():
        try:
            session_service.change_phase(session, form.phase.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"Session is now: {PHASE_LABELS[session.phase]}.", "success")
    return redirect(url_for("facilitate.show_session", session_id=session_id))


@bp.post("/<int:session_id>/results-visibility")
@login_required
def results_visibility(session_id: int):
    """Share the results with participants, or stop sharing them."""
    session = managed_session(session_id)
    form = ResultsVisibilityForm()
    if form.validate_on_submit():
        public = form.results_public.data == "1"
        session_service.set_results_public(session, public)
        flash("Participants can see the results." if public else "Results are staff-only.", "info")
    return redirect(url_for("facilitate.show_session", session_id=session_id))


@bp.post("/<int:session_id>/ideas/<int:idea_id>/status")
@login_required
def idea_status(session_id: int, idea_id: int):
    """Hide an idea from participants and the ranking, or show it again."""
    session = managed_session(session_id)
    idea = idea_service.get_idea(idea_id)
    if idea.session_id != session.id:
        return redirect(url_for("facilitate.show_session", session_id=session_id))
    form = IdeaStatusForm()
    if form.validate_on_submit():
        idea_service.set_idea_status(idea, form.status.data)
    if request.headers.get("HX-Request"):
        return render_template("facilitate/_ideas_panel.html", **_session_page_context(session))
    return redirect(url_for("facilitate.show_session", session_id=session_id) + "#ideas")
