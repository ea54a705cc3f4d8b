"""Follow-up sessions from the console: put a finished session's top ideas to another level."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from feedback_app.errors import DomainError
from feedback_app.facilitate.blueprint import bp
from feedback_app.facilitate.forms import FollowUpForm
from feedback_app.services import follow_up
from feedback_app.services.levels import list_levels
from feedback_app.web.forms import show_errors
from feedback_app.web.permissions import managed_session


@bp.route("/<int:session_id>/follow-up", methods=["GET", "POST"])
@login_required
def new_follow_up(session_id: int):
    """Choose the level and how many top ideas to carry over; create the draft follow-up."""
    session = managed_session(session_id)
    form = FollowUpForm()
    form.set_level_choices(list_levels(), session.target_level_id)
    if form.validate_on_submit():
        try:
            created = follow_up.create_follow_up(
                session,
                current_user,
                target_level_id=form.target_level_id.data,
                top=form.top.data,
                title=form.title.data or None,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(
                f"Follow-up created with the top {form.top.data} ideas. "
                f"Join code: {created.join_code}",
                "success",
            )
            return redirect(url_for("facilitate.show_session", session_id=created.id))
    finished = session.phase in ("results", "closed")
    status = 422 if form.errors else (200 if finished else 409)
    page = render_template(
        "facilitate/follow_up.html", session=session, form=form, finished=finished
    )
    return page, status
