"""Views of the facilitate blueprint: the dashboard, a new session, the QR code, phases."""

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from feedback_app.errors import DomainError
from feedback_app.facilitate.blueprint import bp
from feedback_app.facilitate.forms import (
    PhaseForm,
    ResultsVisibilityForm,
    SegmentTagsForm,
    SessionForm,
)
from feedback_app.models.sessions import DOT_BUDGET_DEFAULT, DOTS_PER_IDEA_DEFAULT
from feedback_app.services import phases
from feedback_app.services import sessions as session_service
from feedback_app.services.levels import list_levels
from feedback_app.services.qr import qr_svg
from feedback_app.services.segments import list_segments, tag_session
from feedback_app.web.forms import show_errors
from feedback_app.web.permissions import managed_session, viewable_session
from feedback_app.web.presenters import PHASE_LABELS
from feedback_app.web.urls import join_url


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
    form.segment_ids.offer(list_segments())
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
                moderation=form.moderation.data,
                collecting_minutes=form.collecting_minutes.data,
                voting_minutes=form.voting_minutes.data,
                voting_mode=form.voting_mode.data,
                dot_budget=form.dot_budget.data or DOT_BUDGET_DEFAULT,
                dots_per_idea=form.dots_per_idea.data or DOTS_PER_IDEA_DEFAULT,
                allow_self_votes=form.allow_self_votes.data,
                ballot_cards=form.ballot_cards.data,
                segment_ids=form.segment_ids.data,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Session created. Join code: {session.join_code}", "success")
            return redirect(url_for("facilitate.show_session", session_id=session.id))
    status = 422 if form.is_submitted() else 200
    return render_template("facilitate/new_session.html", form=form), status


@bp.get("/<int:session_id>/qr.svg")
@login_required
def qr_code(session_id: int):
    """The join QR code as SVG."""
    session = viewable_session(session_id)
    response = Response(qr_svg(join_url(session.join_code)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _back_to_console(session_id: int):
    return redirect(url_for("facilitate.show_session", session_id=session_id))


@bp.post("/<int:session_id>/phase")
@login_required
def change_phase(session_id: int):
    """Move the session to the requested phase."""
    session = managed_session(session_id)
    form = PhaseForm()
    if form.validate_on_submit():
        try:
            phases.change_phase(session, form.phase.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"Session is now: {PHASE_LABELS[session.phase]}.", "success")
    return _back_to_console(session_id)


@bp.post("/<int:session_id>/segments")
@login_required
def tag_segments(session_id: int):
    """Say which customer segments the session concerns."""
    session = managed_session(session_id)
    form = SegmentTagsForm()
    form.segment_ids.offer(list_segments())
    if form.validate_on_submit():
        tag_session(session, form.segment_ids.data)
        flash("Saved the customer segments of this session.", "success")
    else:
        flash("Choose segments from the register.", "error")
    return _back_to_console(session_id)


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
    return _back_to_console(session_id)
