"""The admin's teams page: teams and locations, their links (shown once) and QR codes."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from feedback_app.admin.forms import TeamForm
from feedback_app.admin.views import bp
from feedback_app.errors import DomainError
from feedback_app.services import team_links, teams
from feedback_app.services.privacy import min_group
from feedback_app.services.qr import qr_svg_element
from feedback_app.web.forms import ActionForm, show_errors
from feedback_app.web.permissions import role_required
from feedback_app.web.urls import team_url


def _page(form: TeamForm, status: int = 200, new_link: team_links.TeamLink | None = None):
    shown = None
    if new_link is not None:
        url = team_url(new_link.token)
        shown = {"team": new_link.team, "url": url, "qr": qr_svg_element(url)}
    page = render_template(
        "admin/teams.html",
        form=form,
        teams=teams.list_teams(include_retired=True),
        edit_form=TeamForm(formdata=None),
        new_link=shown,
        min_group=min_group(),
    )
    return page, status


@bp.get("/teams")
@role_required("admin")
def teams_page():
    """The teams, and a form to add one."""
    return _page(TeamForm())


@bp.post("/teams")
@role_required("admin")
def add_team():
    """Add a team; its link and QR code are shown this once."""
    form = TeamForm()
    if form.validate_on_submit():
        try:
            made = team_links.create_team_with_link(
                current_user, form.name.data, form.description.data
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            # Rendered, not flashed or redirected: the link never travels in a cookie or a URL.
            return _page(TeamForm(formdata=None), 201, made)
    return _page(form, 422)


@bp.post("/teams/<int:team_id>/edit")
@role_required("admin")
def edit_team(team_id: int):
    """Rename a team or change its description."""
    team = teams.team_or_404(team_id)
    form = TeamForm()
    if form.validate_on_submit():
        try:
            teams.update_team(current_user, team, form.name.data, form.description.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"Saved {team.name}.", "success")
    else:
        flash("Give the team a name (and a description of at most 500 characters).", "error")
    return redirect(url_for("admin.teams_page"))


@bp.post("/teams/<int:team_id>/retire")
@role_required("admin")
def retire_team(team_id: int):
    """Retire a team (its link stops working) or bring it back."""
    team = teams.team_or_404(team_id)
    if ActionForm().validate_on_submit():
        teams.set_team_retired(current_user, team, not team.retired)
        flash(f"{team.name} is {'retired' if team.retired else 'active again'}.", "info")
    return redirect(url_for("admin.teams_page"))


@bp.post("/teams/<int:team_id>/link")
@role_required("admin")
def rotate_team_link(team_id: int):
    """Make a new link for the team; the old one stops working at once."""
    team = teams.team_or_404(team_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.teams_page"))
    return _page(TeamForm(formdata=None), 200, team_links.rotate_link(current_user, team))
