"""Voting in the participant room: each mode's controls, more ideas on request, pairs.

htmx gets the changed card (or the ideas section) back; plain browsers go back to the room.
"""

from flask import flash, redirect, render_template, request, url_for

from feedback_app.errors import DomainError
from feedback_app.models.public_ids import looks_like_public_id
from feedback_app.participate.views import bp, is_htmx, load_room, room_context, room_url
from feedback_app.participate.voting_room import dots_left, hand_out_more
from feedback_app.services import ideas as idea_service
from feedback_app.services import pairwise, public_ids
from feedback_app.services.comments import comments_by_idea
from feedback_app.services.voting import cast_vote, remove_vote
from feedback_app.web.forms import ActionForm
from feedback_app.web.rate_limits import participant_limits


def _joined_room(code: str):
    """(session, participant), or a redirect to the join page for a browser that has not joined."""
    session, participant = load_room(code)
    if participant is None:
        return session, None, redirect(url_for("participate.join_by_code", code=session.join_code))
    return session, participant, None


def _ideas_section(session, participant, status: int = 200, **extra):
    context = room_context(session, participant) | extra
    return render_template("participate/_ideas_section.html", **context), status


@bp.get("/s/<code>/voting")
def voting_section(code: str):
    """The ideas section as it stands (the room asks for it when voting starts)."""
    session, participant, refusal = _joined_room(code)
    return refusal or _ideas_section(session, participant)


@bp.post("/s/<code>/ballot/more")
def more_ideas(code: str):
    """Hand out another batch of the least-seen ideas."""
    session, participant, refusal = _joined_room(code)
    if refusal:
        return refusal
    fresh, error = [], None
    if ActionForm().validate_on_submit():
        try:
            fresh = hand_out_more(session, participant)
        except DomainError as failure:
            error = failure
    if is_htmx():
        return _ideas_section(session, participant, first_new=fresh[0] if fresh else None)
    if error:
        flash(error.message, "error")
    anchor = f"#idea-{public_ids.idea_public_ids(fresh[:1])[0]}" if fresh else "#ideas"
    return redirect(room_url(session) + anchor)


def _stars() -> int | None:
    value = request.form.get("stars", "")
    return int(value) if value.isdigit() and len(value) < 3 else None


@bp.post("/s/<code>/ideas/<pid:idea_id>/vote")
@participant_limits()
def vote(code: str, idea_id: str):
    """Vote in the session's mode: an up-vote, one more dot, or a rating."""
    return _change_vote(code, idea_id, lambda idea, who: cast_vote(idea, who, stars=_stars()))


@bp.post("/s/<code>/ideas/<pid:idea_id>/unvote")
def unvote(code: str, idea_id: str):
    """Take a vote back (one dot at a time)."""
    return _change_vote(code, idea_id, _remove_vote)


def _remove_vote(idea_id: str, participant):
    return remove_vote(public_ids.find_idea_id(idea_id), participant)


def _change_vote(code: str, idea_id: str, action):
    session, participant, refusal = _joined_room(code)
    if refusal:
        return refusal
    error = None
    if ActionForm().validate_on_submit():
        try:
            action(idea_id, participant)
        except DomainError as failure:
            error = failure
    return _vote_response(session, participant, idea_id, error)


def _vote_response(session, participant, idea_id: str, error: DomainError | None):
    """htmx gets the updated card (and the dots left, out of band); plain browsers the room.

    When the vote was refused (voting just closed, say), the card says why and shows the
    controls of the current phase; the live stream updates the rest of the page.
    """
    if not is_htmx():
        if error:
            flash(error.message, "error")
        return redirect(room_url(session) + f"#idea-{idea_id}")
    idea = idea_service.idea_for_participant(public_ids.find_idea(idea_id), participant)
    if idea.status != "visible":  # hidden meanwhile: the card leaves the room
        return ""
    return render_template(
        "participate/_voted.html",
        session=session,
        idea=idea,
        error=error.message if error else None,
        dots_left=dots_left(session, participant),
        comments=comments_by_idea([idea.id], participant),
    )


def _posted_id(value: str | None) -> int | None:
    """The idea a form field names by its public id (None when malformed or unknown)."""
    if not looks_like_public_id(value):
        return None
    found = public_ids.idea_ids([value], skip_unknown=True)
    return found[0] if found else None


@bp.post("/s/<code>/pair")
@participant_limits()
def choose(code: str):
    """Record the choice between the two ideas on screen, or skip them; then the next pair."""
    session, participant, refusal = _joined_room(code)
    if refusal:
        return refusal
    error = None
    form = request.form
    pair = (_posted_id(form.get("left_id")), _posted_id(form.get("right_id")))
    if ActionForm().validate_on_submit() and None not in pair:
        winner = _posted_id(form.get("winner_id"))
        try:
            if form.get("skip"):
                pairwise.record_choice(session, participant, skip_ids=pair)
            elif winner in pair:
                loser = pair[1] if winner == pair[0] else pair[0]
                pairwise.record_choice(session, participant, winner_id=winner, loser_id=loser)
        except DomainError as failure:
            error = failure
    if is_htmx():
        return _ideas_section(session, participant, error=error.message if error else None)
    if error:
        flash(error.message, "error")
    return redirect(room_url(session) + "#ideas")
