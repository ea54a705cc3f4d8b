"""The facilitator's console: the live state of a session plus moderation, phase and timer.

The page follows the session's event stream (static/js/console.js); every control is a plain
form that also works without JavaScript.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from feedback_app.errors import DomainError, NotFound
from feedback_app.facilitate.blueprint import bp
from feedback_app.facilitate.forms import (
    CorrectIdeaForm,
    IdeaStatusForm,
    SegmentTagsForm,
    SettingForm,
    TimerForm,
)
from feedback_app.live.responses import event_stream
from feedback_app.messages import COMMENT_NOT_FOUND, IDEA_NOT_FOUND
from feedback_app.models import IdeaStatus
from feedback_app.services import ballots, comments, live, moderation, phases, public_ids, segments
from feedback_app.services import ideas as idea_service
from feedback_app.services import sessions as session_service
from feedback_app.web.permissions import managed_session, viewable_session
from feedback_app.web.urls import join_page_url, join_url

CONSOLE_PAGE_SIZE = 50
TIMER_ACTIONS = {
    "pause": phases.pause_timer,
    "resume": phases.resume_timer,
    "extend": phases.extend_timer,
    "stop": phases.stop_timer,
    "skip": phases.skip_phase,
}
SETTINGS = {
    "joining_open": session_service.set_joining_open,
    "show_live_counts": session_service.set_show_live_counts,
}
SETTING_MESSAGES = {
    ("joining_open", True): "New people can join.",
    ("joining_open", False): "Joining is closed; the projector hides the code.",
    ("show_live_counts", True): "The projector shows each idea's votes during voting.",
    ("show_live_counts", False): "The projector shows only the number of votes cast.",
}


def _page() -> int:
    page = request.args.get("page", "1")
    return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1


def _ideas_context(session, page: int = 1) -> dict:
    """A page of the newest ideas (any status but pending) and the pending queue."""
    listed = (IdeaStatus.VISIBLE.value, IdeaStatus.HIDDEN.value, IdeaStatus.OFF_TOPIC.value)
    ideas = idea_service.ideas_for_staff(
        session,
        limit=CONSOLE_PAGE_SIZE,
        offset=CONSOLE_PAGE_SIZE * (page - 1),
        newest_first=True,
        statuses=listed,
    )
    pending = idea_service.ideas_for_staff(session, statuses=(IdeaStatus.PENDING.value,))
    visible = idea_service.visible_idea_count(session)
    return {
        "session": session,
        "ideas": ideas,
        "pending": pending,
        "comments": comments.comments_for_staff([idea.id for idea in ideas]),
        "page": page,
        "next_page": page + 1 if len(ideas) == CONSOLE_PAGE_SIZE else None,
        "visible_count": visible,
        "vote_total": live.votes_cast(session.id),
        "participant_count": live.participant_total(session.id),
        "can_manage": session_service.can_manage_session(current_user, session),
    }


def _console_context(session) -> dict:
    context = _ideas_context(session, _page())
    context.update(
        moves=phases.allowed_phase_moves(session) if context["can_manage"] else (),
        join_url=join_url(session.join_code),
        join_page_url=join_page_url(),
        last_seq=live.last_seq(session.id),
        timer_form=TimerForm(formdata=None, data={"action": "start", "minutes": 5}),
    )
    context["cards_issued"], context["cards_used"] = ballots.card_counts(session)
    context["segment_tags"] = segments.session_tags(session)
    segment_form = SegmentTagsForm(
        formdata=None, data={"segment_ids": [tag.id for tag in context["segment_tags"]]}
    )
    segment_form.segment_ids.offer(segments.list_segments())
    context["segment_form"] = segment_form
    return context


@bp.get("/<int:session_id>")
@login_required
def show_session(session_id: int):
    """The console: join code, phase and timer controls, the pending queue and the ideas."""
    session = viewable_session(session_id)
    return render_template("facilitate/session.html", **_console_context(session))


@bp.get("/<int:session_id>/controls")
@login_required
def controls(session_id: int):
    """The phase, timer and settings controls alone, refreshed after a live change."""
    session = viewable_session(session_id)
    return render_template("facilitate/_controls.html", **_console_context(session))


@bp.get("/<int:session_id>/live")
@login_required
def live_ideas(session_id: int):
    """One page of the console's ideas (the next page on "Load more")."""
    session = viewable_session(session_id)
    return render_template("facilitate/_ideas_panel.html", **_ideas_context(session, _page()))


@bp.get("/<int:session_id>/events")
@login_required
def events(session_id: int):
    """The session's live events for the console (everything) or the projector (?view=)."""
    session = viewable_session(session_id)
    audience = live.PROJECTOR if request.args.get("view") == "projector" else live.STAFF
    return event_stream(session, audience)


def _idea_of(session, idea_id: str):
    idea = public_ids.find_idea(idea_id)
    if idea.session_id != session.id:
        raise NotFound(IDEA_NOT_FOUND)
    return idea


def _after_idea_change(session, idea):
    """htmx gets the idea's row again; plain browsers go back to it on the console."""
    if request.headers.get("HX-Request"):
        row = idea_service.staff_idea(idea)
        return render_template(
            "facilitate/_idea_row.html",
            session=session,
            idea=row,
            can_manage=True,
            comments=comments.comments_for_staff([idea.id]),
        )
    anchor = f"#idea-{idea.public_id}"
    return redirect(url_for("facilitate.show_session", session_id=session.id) + anchor)


@bp.post("/<int:session_id>/ideas/<pid:idea_id>/status")
@login_required
def idea_status(session_id: int, idea_id: str):
    """Approve, hide, show or mark an idea off-topic."""
    session = managed_session(session_id)
    idea = _idea_of(session, idea_id)
    form = IdeaStatusForm()
    if form.validate_on_submit():
        try:
            moderation.set_idea_status(idea, form.status.data, actor=current_user)
        except DomainError as error:
            flash(error.message, "error")
    return _after_idea_change(session, idea)


@bp.post("/<int:session_id>/comments/<pid:comment_id>/status")
@login_required
def comment_status(session_id: int, comment_id: str):
    """Approve or show a comment, or hide it."""
    session = managed_session(session_id)
    comment = public_ids.find_comment(comment_id)
    if comments.session_id_of(comment) != session.id:
        raise NotFound(COMMENT_NOT_FOUND)
    form = IdeaStatusForm()
    if form.validate_on_submit():
        try:
            comments.set_comment_status(comment, form.status.data)
        except DomainError as error:
            flash(error.message, "error")
    if request.headers.get("HX-Request"):
        view = comments.view_of(comment, None)
        return render_template("facilitate/_comment_row.html", session=session, comment=view)
    anchor = f"#comment-{comment.public_id}"
    return redirect(url_for("facilitate.show_session", session_id=session.id) + anchor)


@bp.route("/<int:session_id>/ideas/<pid:idea_id>/correct", methods=["GET", "POST"])
@login_required
def correct_idea(session_id: int, idea_id: str):
    """Fix a typo in an idea; its author and voters see that it was corrected."""
    session = managed_session(session_id)
    idea = _idea_of(session, idea_id)
    form = CorrectIdeaForm(data={"text": idea.text} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            moderation.correct_idea(idea, form.text.data, session.phase)
        except DomainError as error:
            form.text.errors = [*form.text.errors, error.message]
        else:
            flash("Idea corrected; its author and voters see that it changed.", "success")
            return redirect(url_for("facilitate.show_session", session_id=session.id))
    status = 422 if form.errors else 200
    page = render_template("facilitate/correct_idea.html", session=session, idea=idea, form=form)
    return page, status


@bp.post("/<int:session_id>/timer")
@login_required
def timer(session_id: int):
    """Start (with minutes), pause, resume, extend, stop the phase timer, or skip ahead."""
    session = managed_session(session_id)
    form = TimerForm()
    if form.validate_on_submit():
        action = form.action.data
        try:
            if action == "start":
                phases.start_timer(session, form.minutes.data or 5)
            elif action in TIMER_ACTIONS:
                TIMER_ACTIONS[action](session)
            else:
                flash("Unknown timer action.", "error")
        except DomainError as error:
            flash(error.message, "error")
    else:
        flash("A timer runs from 1 to 120 minutes.", "error")
    return redirect(url_for("facilitate.show_session", session_id=session_id))


@bp.post("/<int:session_id>/settings")
@login_required
def setting(session_id: int):
    """Open or close joining, show or hide live counts, switch pre-moderation."""
    session = managed_session(session_id)
    form = SettingForm()
    if form.validate_on_submit():
        name, value = form.name.data, form.value.data
        if name in SETTINGS and value in ("0", "1"):
            SETTINGS[name](session, value == "1")
            flash(SETTING_MESSAGES[(name, value == "1")], "info")
        elif name == "moderation" and value in ("pre", "post"):
            session_service.set_moderation(session, value)
            flash(
                "Ideas now wait for your approval." if value == "pre" else "Ideas appear at once.",
                "info",
            )
    return redirect(url_for("facilitate.show_session", session_id=session_id))
