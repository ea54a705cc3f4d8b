"""Views of the objectives blueprint: the standard dashboard, one objective with its trend and
measurements, recording a measurement, the next session for a missed target, and the
exports of the measurements and of where each objective stands."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from feedback_app import messages
from feedback_app.errors import DomainError
from feedback_app.objectives.forms import WHOLE_ORGANISATION, MeasurementForm
from feedback_app.objectives.presenters import (
    figure,
    source_text,
    target_text,
    trend_chart,
    values_text,
)
from feedback_app.services import measurements
from feedback_app.services.decisions import DECIDING_ROLES
from feedback_app.services.exports import FORMAT_NAMES
from feedback_app.services.exports.measurements import (
    MEASUREMENT_FORMATS,
    PARTS,
    export_objectives,
)
from feedback_app.services.teams import list_teams
from feedback_app.web.downloads import download_response
from feedback_app.web.forms import Form, show_errors
from feedback_app.web.permissions import role_required

bp = Blueprint("measure", __name__)

PAGE_HELPERS = {
    "figure": figure,
    "target_text": target_text,
    "source_text": source_text,
    "values_text": values_text,
    "status_labels": messages.MEASUREMENT_STATUS_LABELS,
}


@bp.get("/objectives")
@role_required(*DECIDING_ROLES)
def dashboard():
    """Every objective of the adopted standard, by protocol stage and by team."""
    items = measurements.dashboard()
    counts = dict.fromkeys(measurements.STATUSES, 0)
    for item in items:
        counts[item.status] += 1
    attention = [item for item in items if item.status in ("missed", "at_risk")]
    return render_template(
        "objectives/dashboard.html",
        items=items,
        counts=counts,
        attention=attention,
        prompt_for=measurements.next_session_prompt,
        action_form=Form(),
        export_parts=PARTS,
        export_formats={name: FORMAT_NAMES[name] for name in MEASUREMENT_FORMATS},
        **PAGE_HELPERS,
    )


@bp.get("/objectives/export/<part>.<export_format>")
@role_required(*DECIDING_ROLES)
def export(part: str, export_format: str):
    """Download the measurements entered, or where each objective stands, as CSV, JSON or
    Excel."""
    if part not in PARTS or export_format not in MEASUREMENT_FORMATS:
        abort(404)
    return download_response(export_objectives(part, export_format))


def _measurement_form(formdata=None) -> MeasurementForm:
    form = MeasurementForm() if formdata is None else MeasurementForm(formdata=formdata)
    form.team_id.choices = [SelectChoice(WHOLE_ORGANISATION, "Whole organisation")] + [
        SelectChoice(team.id, team.name) for team in list_teams()
    ]
    return form


def _objective_page(objective_id: int, form: MeasurementForm, status: int = 200):
    item = measurements.progress(measurements.get_objective(objective_id))
    return (
        render_template(
            "objectives/objective.html",
            item=item,
            chart=trend_chart(item),
            form=form,
            action_form=Form(),
            prompt=measurements.next_session_prompt(item),
            **PAGE_HELPERS,
        ),
        status,
    )


@bp.get("/objectives/<int:objective_id>")
@role_required(*DECIDING_ROLES)
def objective_page(objective_id: int):
    """One objective: where it stands, its trend, each team, its measurements."""
    return _objective_page(objective_id, _measurement_form(formdata=None))


@bp.post("/objectives/<int:objective_id>/measurements")
@role_required(*DECIDING_ROLES)
def add_measurement(objective_id: int):
    """Record a measured value; a bad one comes back with the form as it was filled in."""
    objective = measurements.get_objective(objective_id)
    form = _measurement_form()
    if form.validate_on_submit():
        try:
            measurements.record_measurement(
                objective,
                current_user,
                value=form.value.data,
                measured_on=form.measured_on.data,
                source=form.source.data,
                team_id=form.team_id.data or None,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Recorded {figure(form.value.data, objective.unit)}.", "success")
            return redirect(url_for("measure.objective_page", objective_id=objective_id))
    return _objective_page(objective_id, form, 422)


@bp.post("/objectives/<int:objective_id>/session")
@role_required(*DECIDING_ROLES)
def create_next_session(objective_id: int):
    """One click: a draft session about the missed target, opened on its page."""
    objective = measurements.get_objective(objective_id)
    if not Form().validate_on_submit():
        flash("That form was incomplete; try again.", "error")
        return redirect(url_for("measure.dashboard"))
    session = measurements.session_for_missed_target(objective, current_user)
    flash(messages.MISSED_TARGET_SESSION_CREATED, "success")
    return redirect(url_for("facilitate.show_session", session_id=session.id))
