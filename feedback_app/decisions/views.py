"""Views of the decisions blueprint: candidates across sessions, one candidate's decision,
wording, objectives and merges, the handbook of the published standard, its versions and
the audit trail."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import BadRequest
from wtforms.fields.choices import SelectChoice

from feedback_app.decisions.forms import (
    DECISION_LABELS,
    DecisionForm,
    EditForm,
    MergeForm,
    ObjectiveForm,
    PublishForm,
    SegmentTagsForm,
    VisibilityForm,
)
from feedback_app.errors import DomainError
from feedback_app.models.standards import STANDARD_STATUSES
from feedback_app.services import (
    audit,
    decisions,
    objectives,
    segments,
    standard_versions,
    teams,
)
from feedback_app.services.exports.standard import standard_version_pdf
from feedback_app.services.standards import score_standard
from feedback_app.web.downloads import download_response
from feedback_app.web.forms import Form
from feedback_app.web.permissions import role_required

bp = Blueprint("decide", __name__)

DECIDERS = decisions.DECIDING_ROLES
FORM_INCOMPLETE = "That form was incomplete; check the fields and try again."
STATUS_LABELS = {
    "candidate": "Undecided",
    "adopted": "Adopted",
    "rejected": "Rejected",
    "parked": "Parked",
}


def _back(standard_id: int, anchor: str = ""):
    target = url_for("decide.candidate", standard_id=standard_id)
    return redirect(target + (f"#{anchor}" if anchor else ""), code=303)


def _act(standard_id: int, form: Form, action, anchor: str):
    """Check the form, run one service call, flash its outcome and go back to the page."""
    if not form.validate_on_submit():
        problems = [e for errors in form.errors.values() for e in errors]
        flash(problems[0] if problems else FORM_INCOMPLETE, "error")
        return _back(standard_id, anchor)
    try:
        message = action(decisions.decidable_candidate(current_user, standard_id))
    except DomainError as error:
        detail = "; ".join(
            f"{name.replace('_', ' ')}: {text}" for name, text in error.fields.items()
        )
        flash(
            f"{error.message} ({detail})" if detail and len(error.fields) > 1 else error.message,
            "error",
        )
    else:
        flash(message, "success")
    return _back(standard_id, anchor)


@bp.get("/standards")
@role_required(*DECIDERS)
def candidates():
    """Candidate standards of every session, by status."""
    status = request.args.get("status", "")
    if status not in STANDARD_STATUSES:
        status = ""
    items = decisions.all_candidates(status or None)
    counts = {s: len(decisions.all_candidates(s)) for s in STANDARD_STATUSES}
    return render_template(
        "decisions/candidates.html",
        items=items,
        status=status,
        counts=counts,
        status_labels=STATUS_LABELS,
    )


@bp.get("/standards/<int:standard_id>")
@role_required(*DECIDERS)
def candidate(standard_id: int):
    """One candidate: decide, reword, objectives (with suggestions), merge."""
    standard = decisions.decidable_candidate(current_user, standard_id)
    edit_form = EditForm(
        data={
            "title": standard.title,
            "statement": standard.statement,
            "procedures": standard.procedures,
            "protocol_stage": standard.protocol_stage,
        }
    )
    merge_form = MergeForm()
    merge_form.other_id.choices = [
        SelectChoice(item.standard.id, f"{item.standard.title} ({item.standard.session.title})")
        for item in decisions.all_candidates()
        if item.standard.id != standard.id
    ]
    decision_form = DecisionForm(
        data={"decision": standard.status if standard.status != "candidate" else "adopted"}
    )
    return render_template(
        "decisions/candidate.html",
        item=score_standard(standard),
        standard=standard,
        status_labels=STATUS_LABELS,
        decision_labels=DECISION_LABELS,
        decision_form=decision_form,
        edit_form=edit_form,
        objective_form=_objective_form(),
        merge_form=merge_form,
        suggestions=objectives.objective_suggestions(standard),
        segment_tags=segments.standard_tags(standard),
        segment_form=_segment_form(standard),
        action_form=Form(),
    )


@bp.post("/standards/<int:standard_id>/decision")
@role_required(*DECIDERS)
def decide(standard_id: int):
    """Adopt, reject or park with a reason."""
    form = DecisionForm()

    def action(standard):
        decisions.decide(standard, form.decision.data, form.reason.data, current_user)
        return f"“{standard.title}”: {STATUS_LABELS[standard.status].lower()}."

    return _act(standard_id, form, action, "deciding")


@bp.post("/standards/<int:standard_id>/edit")
@role_required(*DECIDERS)
def edit(standard_id: int):
    """Save the title, statement, procedures and stage."""
    form = EditForm()

    def action(standard):
        decisions.edit_candidate(
            standard,
            current_user,
            title=form.title.data,
            statement=form.statement.data,
            procedures=form.procedures.data or "",
            protocol_stage=form.protocol_stage.data,
        )
        return "Saved the wording."

    return _act(standard_id, form, action, "wording")


@bp.post("/standards/<int:standard_id>/objectives")
@role_required(*DECIDERS)
def add_objective(standard_id: int):
    """Add an objective (typed, or a suggestion accepted as it is)."""
    form = _objective_form()

    def action(standard):
        objectives.add_objective(
            standard,
            current_user,
            metric=form.metric.data,
            target=form.target.data,
            direction=form.direction.data or None,
            unit=form.unit.data,
            measured_from=form.measured_from.data,
            measured_by=form.measured_by.data,
            owner_team_id=form.owner_team_id.data or None,
            review_date=form.review_date.data,
        )
        return f"Added the objective “{form.metric.data.strip()}”."

    return _act(standard_id, form, action, "objectives")


def _segment_form(standard=None) -> SegmentTagsForm:
    data = (
        {"segment_ids": [tag.id for tag in segments.standard_tags(standard)]} if standard else None
    )
    form = SegmentTagsForm(formdata=None, data=data) if standard else SegmentTagsForm()
    form.segment_ids.offer(segments.list_segments())
    return form


@bp.post("/standards/<int:standard_id>/segments")
@role_required(*DECIDERS)
def tag_segments(standard_id: int):
    """Say which customer segments the standard concerns."""
    form = _segment_form()

    def action(standard):
        segments.tag_standard(standard, form.segment_ids.data)
        return "Saved the customer segments."

    return _act(standard_id, form, action, "segments")


def _objective_form() -> ObjectiveForm:
    form = ObjectiveForm()
    form.set_teams(teams.list_teams())
    return form


@bp.post("/standards/<int:standard_id>/objectives/<int:objective_id>/remove")
@role_required(*DECIDERS)
def remove_objective(standard_id: int, objective_id: int):
    """Remove an objective."""

    def action(standard):
        objective = objectives.get_objective(standard, objective_id)
        objectives.remove_objective(objective, current_user)
        return f"Removed the objective “{objective.metric}”."

    return _act(standard_id, Form(), action, "objectives")


@bp.post("/standards/<int:standard_id>/merge")
@role_required(*DECIDERS)
def merge(standard_id: int):
    """Fold another candidate into this one."""
    form = MergeForm()
    form.other_id.choices = [SelectChoice(i.standard.id, "") for i in decisions.all_candidates()]

    def action(standard):
        other = decisions.get_candidate(form.other_id.data)
        decisions.merge_candidates(standard, other, current_user)
        return f"Merged “{other.title}” into this standard."

    return _act(standard_id, form, action, "merge")


def _handbook_reader():
    """Staff always; anyone else only when an admin opened the handbook."""
    if current_user.is_authenticated or standard_versions.handbook_public():
        return None
    return current_app.login_manager.unauthorized()


@bp.get("/standard")
def handbook():
    """The current published standard, by protocol stage; printable."""
    refused = _handbook_reader()
    if refused is not None:
        return refused
    version = standard_versions.current_version()
    return render_template("decisions/handbook.html", version=version)


@bp.get("/standard/versions/<int:number>")
def handbook_version(number: int):
    """An earlier published version, as it was."""
    refused = _handbook_reader()
    if refused is not None:
        return refused
    version = standard_versions.version_by_number(number)
    return render_template("decisions/handbook.html", version=version, older=True)


@bp.get("/standard/versions/<int:number>.pdf")
def handbook_version_pdf(number: int):
    """A published version as a PDF (the API's file, for the same readers as the page)."""
    refused = _handbook_reader()
    if refused is not None:
        return refused
    return download_response(standard_version_pdf(standard_versions.version_by_number(number)))


@bp.get("/standard/versions")
@role_required(*DECIDERS, "facilitator")
def versions():
    """Every version with its change log; managers publish the next one here."""
    return render_template(
        "decisions/versions.html",
        versions=standard_versions.all_versions(),
        publish_form=PublishForm(),
        visibility_form=VisibilityForm(),
        can_publish=current_user.role in DECIDERS,
        is_admin=current_user.role == "admin",
        public=standard_versions.handbook_public(),
    )


@bp.post("/standard/versions")
@role_required(*DECIDERS)
def publish():
    """Publish the adopted standards as the next version."""
    form = PublishForm()
    if not form.validate_on_submit():
        flash(FORM_INCOMPLETE, "error")
    else:
        try:
            version = standard_versions.publish(current_user, form.note.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"Published version {version.number}.", "success")
    return redirect(url_for("decide.versions"), code=303)


@bp.post("/standard/visibility")
@role_required("admin")
def set_visibility():
    """Open the handbook to everyone, or keep it for staff."""
    form = VisibilityForm()
    if not form.validate_on_submit():
        raise BadRequest(FORM_INCOMPLETE)
    public = standard_versions.set_handbook_public(bool(form.public.data), current_user)
    flash(
        "Anyone with the link can now read the standard."
        if public
        else "Only staff can read the standard now.",
        "success",
    )
    return redirect(url_for("decide.versions"), code=303)


@bp.get("/audit")
@role_required(*DECIDERS)
def audit_trail():
    """Who decided, edited, published and moderated after the vote, newest first."""
    page = request.args.get("page", "1")
    return render_template(
        "decisions/audit.html",
        trail=audit.audit_page(int(page) if page.isdigit() else 1),
        action_labels=audit.ACTION_LABELS,
    )
