"""Views of the participate blueprint: home, join, the phone-first room, voting, results."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from feedback_app import messages
from feedback_app.errors import DomainError, Forbidden, NotFound, WrongPhase
from feedback_app.live.responses import event_stream
from feedback_app.participate.ballot_memory import forget_ballot
from feedback_app.participate.forms import NO_LEVEL, CodeForm, IdeaForm, JoinForm
from feedback_app.participate.tokens import forget_token, remember_token, token_for
from feedback_app.participate.voting_room import voting_room
from feedback_app.services import access, live
from feedback_app.services import ideas as idea_service
from feedback_app.services.comments import comments_by_idea
from feedback_app.services.idea_submissions import submit_idea
from feedback_app.services.participation import (
    join_session,
    offered_levels,
    participant_for_token,
    refusal,
    session_for_code,
)
from feedback_app.services.privacy import min_group
from feedback_app.services.ranking import ranking_for_participant
from feedback_app.services.sessions import find_session_by_code, normalise_join_code
from feedback_app.services.teams import list_teams
from feedback_app.web.forms import ActionForm, show_errors
from feedback_app.web.rate_limits import join_limits, participant_limits

bp = Blueprint("participate", __name__)


def is_htmx() -> bool:
    """Whether htmx sent the request (it swaps a fragment in; plain browsers get a page)."""
    return request.headers.get("HX-Request") == "true"


def _participant(session):
    """The participant this browser is in this session, or None (a closed session's place is
    forgotten on the first visit after closing, so a shared phone stops showing "Your idea")."""
    if session.phase == "closed":
        if forget_token(session.id):
            forget_ballot(session.id)
            flash(messages.SESSION_ENDED_HOLD.format(title=session.title), "info")
        return None
    return participant_for_token(token_for(session.id), session.id)


def room_url(session) -> str:
    """The room of a session."""
    return url_for("participate.room", code=session.join_code)


@bp.get("/")
def home():
    """Landing page: join with a code, or go to the staff dashboard."""
    if current_user.is_authenticated:
        return redirect(url_for("facilitate.dashboard"))
    return render_template("participate/home.html", form=CodeForm(formdata=None))


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Ask for the code shown by the facilitator."""
    form = CodeForm(formdata=request.form if request.method == "POST" else request.args or None)
    if form.code.data and (request.method == "GET" or form.validate_on_submit()):
        try:
            session, card = session_for_code(form.code.data)
        except NotFound as error:
            show_errors(form, error)
        else:
            code = normalise_join_code(form.code.data) if card else session.join_code
            return redirect(url_for("participate.join_by_code", code=code))
    status = 404 if form.errors else 200
    return render_template("participate/join.html", form=form), status


@bp.route("/j/<code>", methods=["GET", "POST"])
@join_limits
def join_by_code(code: str):
    """The QR link (of the session or of a ballot card): show the session and join it, or go
    straight in if this browser already joined."""
    try:
        session, card = session_for_code(code)
    except NotFound as error:
        form = CodeForm(formdata=None, code=normalise_join_code(code))
        show_errors(form, error)
        return render_template("participate/join.html", form=form), 404
    if _participant(session) is not None:
        return redirect(room_url(session))
    form = JoinForm()
    form.set_levels(offered_levels(session))
    form.set_teams(list_teams())
    problem = refusal(session, card)
    if problem is None and form.validate_on_submit():
        level_id = form.level_id.data if form.level_id.data != NO_LEVEL else None
        team_id = form.team_id.data if form.team_id.data != NO_LEVEL else None
        try:
            _, token = join_session(code, level_id, team_id)
        except DomainError as error:
            show_errors(form, error)
        else:
            remember_token(session.id, token)
            forget_ballot(session.id)  # a batch handed to someone before on this phone
            return redirect(room_url(session))
    problem = refusal(session, card)
    status = 409 if problem else (422 if form.errors else 200)
    page = render_template(
        "participate/join_session.html",
        session=session,
        form=form,
        refusal=problem,
        card_form=CodeForm(formdata=None),
        min_group=min_group(),
    )
    return page, status


ROOM_PAGE_SIZE = 30


def _page_number() -> int:
    page = request.args.get("page", "1")
    return min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1


def room_context(session, participant, idea_form=None) -> dict:
    """What the room shows now: the voting batch (or pair) while voting, otherwise a page of
    ideas (never all of a big session); and what the live script resumes from."""
    context = {
        "session": session,
        "idea_form": idea_form or IdeaForm(formdata=None),
        "last_seq": live.last_seq(session.id),
    }
    if session.phase == "voting":
        return context | voting_room(session, participant)
    page = _page_number()
    ideas = idea_service.ideas_for_participant(
        session, participant, limit=ROOM_PAGE_SIZE * page, offset=0
    )
    total = idea_service.visible_idea_count(session)
    return context | {
        "ideas": ideas,
        "idea_total": total,
        "next_page": page + 1 if ROOM_PAGE_SIZE * page < total else None,
        "comments": comments_by_idea([idea.id for idea in ideas], participant),
    }


def load_room(code: str):
    """Return (session, participant); participant is None when this browser has not joined."""
    session = find_session_by_code(code)
    return session, _participant(session)


@bp.get("/s/<code>")
def room(code: str):
    """The participant's page: prompt, idea box, others' ideas, vote buttons."""
    session, participant = load_room(code)
    if participant is None:
        return redirect(url_for("participate.join_by_code", code=session.join_code))
    return render_template("participate/room.html", **room_context(session, participant))


@bp.post("/s/<code>/leave")
def leave(code: str):
    """Forget this session's token in this browser (shared phones, kiosks); the ideas and
    votes stay in the session. Back to the join page, ready for the next person."""
    session = find_session_by_code(code)
    if ActionForm().validate_on_submit():
        forget_token(session.id)
        forget_ballot(session.id)
        flash(messages.SESSION_LEFT.format(title=session.title), "success")
        return redirect(url_for("participate.join"))
    flash(messages.FORM_EXPIRED, "error")
    return redirect(room_url(session))


@bp.get("/s/<code>/events")
def events(code: str):
    """The room's live events (Server-Sent Events): what participants may see, nothing else."""
    session = find_session_by_code(code)
    # Not _participant(): a room still open on a phone must hear that the session closed (it
    # then reloads, and that page visit forgets this browser's place).
    if participant_for_token(token_for(session.id), session.id) is None:
        raise Forbidden(messages.PARTICIPANT_ONLY)
    return event_stream(session, live.PARTICIPANT)


@bp.post("/s/<code>/ideas")
@participant_limits()
def add_idea(code: str):
    """Add an idea, then show the room again."""
    session, participant = load_room(code)
    if participant is None:
        return redirect(url_for("participate.join_by_code", code=session.join_code))
    form = IdeaForm()
    if form.validate_on_submit():
        try:
            idea, _ = submit_idea(
                session, participant, form.text.data, form.submission_key.data or None
            )
        except WrongPhase as error:  # the room no longer shows the idea box: say why
            flash(error.message, "error")
            return redirect(room_url(session))
        except DomainError as error:
            show_errors(form, error)
        else:
            pending = idea.status == "pending"
            flash(
                messages.IDEA_AWAITING_APPROVAL if pending else "Thanks! Your idea is in.",
                "success",
            )
            return redirect(room_url(session) + "#ideas")
    context = room_context(session, participant, idea_form=form)
    return render_template("participate/room.html", **context), 422


def _own_idea(code: str, idea_id: str):
    """The idea, if this browser wrote it; anyone else's idea is simply not found."""
    session, participant = load_room(code)
    if participant is None:
        raise NotFound(messages.IDEA_NOT_FOUND)
    return session, participant, access.authored_idea(participant, idea_id)


@bp.route("/s/<code>/ideas/<pid:idea_id>/edit", methods=["GET", "POST"])
def edit_idea(code: str, idea_id: str):
    """Reword one of your own ideas while ideas are being collected."""
    session, participant, idea = _own_idea(code, idea_id)
    if session.phase != "collecting":
        flash(messages.EDITS_CLOSED, "error")
        return redirect(room_url(session))
    form = IdeaForm(data={"text": idea.text} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            idea_service.edit_idea(idea, participant, form.text.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash("Idea updated.", "success")
            return redirect(room_url(session) + "#ideas")
    status = 422 if form.errors else 200
    return render_template("participate/edit_idea.html", session=session, form=form), status


@bp.post("/s/<code>/ideas/<pid:idea_id>/withdraw")
def withdraw_idea(code: str, idea_id: str):
    """Withdraw one of your own ideas."""
    session, participant, idea = _own_idea(code, idea_id)
    if ActionForm().validate_on_submit():
        try:
            idea_service.withdraw_idea(idea, participant)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash("Idea withdrawn.", "info")
    return redirect(room_url(session) + "#ideas")


@bp.get("/s/<code>/results")
def results(code: str):
    """The ranking, once the facilitator shares it with participants."""
    session, participant = load_room(code)
    if participant is None:
        return redirect(url_for("participate.join_by_code", code=session.join_code))
    try:
        ranked = ranking_for_participant(session)
    except DomainError as error:
        flash(error.message, "info")
        return redirect(room_url(session))
    return render_template(
        "participate/results.html", session=session, ranked=ranked, min_group=min_group()
    )
