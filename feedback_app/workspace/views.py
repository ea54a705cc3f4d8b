"""Views of the workspace: overview, ranked proposals and comparison, all plain GET pages."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from feedback_app.errors import ValidationFailed
from feedback_app.services import proposals, teams, workspace
from feedback_app.services.privacy import min_group
from feedback_app.web.forms import show_errors
from feedback_app.web.permissions import role_required
from feedback_app.workspace import presenters
from feedback_app.workspace.forms import SORT_LABELS, FilterForm

bp = Blueprint("workspace", __name__, url_prefix="/results")
MANAGERS = ("manager", "admin")


def _read_filters() -> tuple[FilterForm, workspace.Filters | None]:
    """The filter form from the query string, and the filters when they are valid."""
    form = FilterForm(formdata=request.args)
    if not form.validate():
        return form, None
    try:
        return form, form.filters()
    except ValidationFailed as error:
        show_errors(form, error)
        return form, None


def _refused(template: str, form: FilterForm, **context):
    """The page with the form's messages and no figures: a 400 that says what to change."""
    return render_template(template, form=form, invalid=True, **context), 400


@bp.get("")
@role_required(*MANAGERS)
def overview():
    """Sessions across levels, dates, phases and protocol stages, with figures per level."""
    form, filters = _read_filters()
    if filters is None:
        return _refused("workspace/overview.html", form)
    figures, left_out = workspace.analysed_figures(filters)
    known = {item.session.id: item for item in figures}
    try:
        page = workspace.overview(filters, form.page.data or 1, known=known)
    except ValidationFailed as error:
        show_errors(form, error)
        return _refused("workspace/overview.html", form)
    stages = proposals.ideas_per_stage(figures)
    turnout = workspace.turnout_series(figures)
    return render_template(
        "workspace/overview.html",
        form=form,
        page=page,
        sort_labels=SORT_LABELS,
        left_out=left_out,
        turnout=turnout,
        turnout_chart=presenters.turnout_chart(turnout),
        stages=presenters.stage_rows(stages),
        stage_chart=presenters.stage_chart(stages),
        min_group=page.min_group,
    )


@bp.get("/proposals")
@role_required(*MANAGERS)
def ranked_proposals():
    """Candidate standards of the filtered sessions, ranked by score, with their levels."""
    form, filters = _read_filters()
    if filters is None:
        return _refused("workspace/proposals.html", form)
    figures, left_out = workspace.analysed_figures(filters)
    ranking = proposals.ranked_proposals(figures, filters.stage)
    return render_template(
        "workspace/proposals.html",
        form=form,
        ranking=ranking,
        left_out=left_out,
        candidate_chart=presenters.candidate_chart(ranking),
        support_text=presenters.support_text,
        heat_chart=presenters.heat_chart(ranking),
        charted=presenters.CANDIDATES_CHARTED,
        min_group=min_group(),
    )


@bp.get("/compare")
@role_required(*MANAGERS)
def compare():
    """Two to four sessions side by side: their best ideas and their levels, and a team's."""
    form, _ = _read_filters()
    raw = request.args.getlist("s")
    if not all(value.isdigit() for value in raw):
        return _compare_refused(form, "Sessions are chosen by their number; tick them in the list.")
    if form.team.errors:
        return _compare_refused(form, f"{form.team.label.text}: {form.team.errors[0]}")
    team = teams.team_or_404(int(form.team.data)) if form.team.data else None
    try:
        compared = workspace.compare_sessions(
            current_user, [int(value) for value in raw], team.id if team else None
        )
    except ValidationFailed as error:
        return _compare_refused(form, error.message)
    return render_template(
        "workspace/compare.html",
        form=form,
        compared=compared,
        team=team,
        charts=[presenters.top_ideas_chart(i, item) for i, item in enumerate(compared)],
        min_group=min_group(),
    )


def _compare_refused(form: FilterForm, message: str):
    return render_template("workspace/compare.html", form=form, problem=message, compared=[]), 400
