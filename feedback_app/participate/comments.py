"""Comments in the participant room: build on an idea, anonymously, while collecting or voting."""

from flask import flash, redirect, render_template, request

from feedback_app import messages
from feedback_app.errors import DomainError, NotFound
from feedback_app.models import IdeaStatus
from feedback_app.participate.views import bp, is_htmx, load_room, room_url
from feedback_app.services import comments, public_ids
from feedback_app.web.forms import ActionForm
from feedback_app.web.rate_limits import participant_limits


@bp.post("/s/<code>/ideas/<pid:idea_id>/comments")
@participant_limits()
def add_comment(code: str, idea_id: str):
    """Add a comment under an idea; htmx gets the comments back, plain browsers the room."""
    session, participant = load_room(code)
    idea = public_ids.find_idea(idea_id)
    if participant is None or idea.session_id != session.id:
        raise NotFound(messages.IDEA_NOT_FOUND)
    if idea.status != IdeaStatus.VISIBLE.value:
        raise NotFound(messages.IDEA_NOT_FOUND)
    text = request.form.get("text", "")
    error = None
    if ActionForm().validate_on_submit():
        try:
            comment = comments.add_comment(idea, participant, text)
        except DomainError as failure:
            error = failure.message
        else:
            text = ""
            if comment.status == "pending" and not is_htmx():
                flash(messages.COMMENT_AWAITING_APPROVAL, "success")
    else:
        error = messages.FORM_EXPIRED
    if not is_htmx():
        if error:
            flash(error, "error")
        return redirect(room_url(session) + f"#idea-{idea.public_id}")
    return render_template(
        "participate/_comments.html",
        session=session,
        idea=idea,
        comments=comments.comments_by_idea([idea.id], participant),
        comment_open=True,
        comment_error=error,
        comment_text=text if error else "",
    )  # 200 even with an error: htmx swaps only successful answers in
