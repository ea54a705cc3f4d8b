"""Views of the team page: no login, the team's link is the key (a wrong or old link is 404)."""

from flask import Blueprint, flash, redirect, render_template, url_for

from feedback_app import messages
from feedback_app.errors import DomainError
from feedback_app.services import team_links
from feedback_app.services.delegation import delegated_items
from feedback_app.team_page.forms import ProposalForm
from feedback_app.web.forms import show_errors
from feedback_app.web.rate_limits import team_link_limits

bp = Blueprint("team_page", __name__)


@bp.route("/t/<token>", methods=["GET", "POST"])
@team_link_limits
def page(token: str):
    """The standard items delegated to the team, and a form to propose a change."""
    team = team_links.team_for_link(token)
    form = ProposalForm()
    if form.validate_on_submit():
        try:
            team_links.propose_change(team, form.text.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash("Thank you: your proposal has been sent, without your name.", "success")
            return redirect(url_for("team_page.page", token=token) + "#propose", code=303)
    status = 422 if form.errors else 200
    page_html = render_template(
        "team_page/page.html",
        team=team,
        items=delegated_items(team),
        form=form,
        not_measured=messages.NOT_MEASURED_YET,
        status_labels=messages.MEASUREMENT_STATUS_LABELS,
    )
    return page_html, status
