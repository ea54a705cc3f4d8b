"""Managers' pages of customer surveys: the list, building one (questions, tags, opening and
closing), sharing it (link, QR code, a card for receipts), its results and exports."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from feedback_app.errors import DomainError
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services import survey_results as results_service
from feedback_app.services import surveys
from feedback_app.services.exports.surveys import PARTS, SURVEY_FORMATS, export_survey
from feedback_app.services.qr import qr_svg, qr_svg_element
from feedback_app.surveys.blueprint import bp
from feedback_app.surveys.forms import (
    DetailsForm,
    FilterForm,
    NewSurveyForm,
    QuestionForm,
    StatusForm,
    ThemeSessionForm,
)
from feedback_app.web.downloads import download_response
from feedback_app.web.forms import show_errors
from feedback_app.web.permissions import role_required
from feedback_app.web.urls import survey_url

ROLES = surveys.SURVEY_ROLES
FORM_INCOMPLETE = "That form was incomplete; check the fields and try again."
MOVES = {"up": -1, "down": 1}


def _back(survey_id: int, anchor: str = "questions"):
    return redirect(url_for("customer_surveys.build", survey_id=survey_id) + f"#{anchor}", code=303)


@bp.get("/surveys")
@role_required(*ROLES)
def index(form: NewSurveyForm | None = None):
    """Every survey with its status and responses, and a form to build a new one."""
    everything = surveys.all_surveys()
    version, steps = surveys.steps_of_current_standard()
    return render_template(
        "surveys/index.html",
        surveys=everything,
        counts=surveys.response_counts(everything),
        form=form or NewSurveyForm().offer_tags("No team", "No segment"),
        version=version,
        steps=[PROTOCOL_STAGE_LABELS[step] for step in steps],
        status_labels=surveys.STATUS_LABELS,
    )


@bp.post("/surveys")
@role_required(*ROLES)
def create():
    """Build a survey from the current standard and open its page."""
    form = NewSurveyForm().offer_tags("No team", "No segment")
    if not form.validate_on_submit():
        return index(form), 400
    try:
        survey = surveys.create_survey(
            current_user,
            form.title.data or "",
            team_id=form.team_id.data,
            segment_id=form.segment_id.data,
        )
    except DomainError as error:
        show_errors(form, error)
        return index(form), error.status
    flash(f"Built “{survey.title}”. Check the questions, then open it.", "success")
    return redirect(url_for("customer_surveys.build", survey_id=survey.id), code=303)


@bp.get("/surveys/<int:survey_id>")
@role_required(*ROLES)
def build(survey_id: int, details_form: DetailsForm | None = None):
    """The survey's questions, tags, status and how to share it."""
    survey = surveys.get_survey(survey_id)
    if details_form is None:
        details_form = DetailsForm(
            data={
                "title": survey.title,
                "comment_prompt": survey.comment_prompt,
                "team_id": survey.team_id,
                "segment_id": survey.segment_id,
            }
        )
    details_form.offer_tags("No team", "No segment")
    steps = [q for q in survey.questions if q.kind == "step"]
    return render_template(
        "surveys/build.html",
        survey=survey,
        public_url=survey_url(survey.code),
        qr=qr_svg_element(survey_url(survey.code)),
        editable=surveys.questions_editable(survey),
        responses=surveys.response_counts([survey])[survey.id],
        details_form=details_form,
        question_form=QuestionForm(),
        status_form=StatusForm(),
        first_step=steps[0].id if steps else None,
        last_step=steps[-1].id if steps else None,
        several_steps=len(steps) > 1,
        stage_labels=PROTOCOL_STAGE_LABELS,
        status_labels=surveys.STATUS_LABELS,
    )


@bp.post("/surveys/<int:survey_id>/details")
@role_required(*ROLES)
def save_details(survey_id: int):
    """Save the title, the invitation to comment and the tags."""
    survey = surveys.get_survey(survey_id)
    form = DetailsForm().offer_tags()
    if not form.validate_on_submit():
        return build(survey_id, form), 400
    try:
        surveys.update_details(
            survey,
            title=form.title.data or "",
            comment_prompt=form.comment_prompt.data or survey.comment_prompt,
            team_id=form.team_id.data,
            segment_id=form.segment_id.data,
        )
    except DomainError as error:
        show_errors(form, error)
        return build(survey_id, form), error.status
    flash("Saved the survey’s details.", "success")
    return _back(survey_id, "details")


@bp.post("/surveys/<int:survey_id>/questions/<int:question_id>")
@role_required(*ROLES)
def change_question(survey_id: int, question_id: int):
    """Reword a question, move a step question up or down, or remove it."""
    survey = surveys.get_survey(survey_id)
    form = QuestionForm()
    if not form.validate_on_submit():
        flash(FORM_INCOMPLETE, "error")
        return _back(survey_id)
    try:
        question = surveys.get_question(survey, question_id)
        action = form.action.data
        if action in MOVES:
            surveys.move_question(survey, question, MOVES[action])
        elif action == "remove":
            surveys.remove_question(survey, question)
            flash("Removed the question.", "success")
        else:
            surveys.reword_question(survey, question, form.text.data or "")
            flash("Saved the question.", "success")
    except DomainError as error:
        flash(error.message, "error")
    return _back(survey_id)


@bp.post("/surveys/<int:survey_id>/status")
@role_required(*ROLES)
def change_status(survey_id: int):
    """Open the survey to answers, or close it."""
    survey = surveys.get_survey(survey_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(FORM_INCOMPLETE, "error")
        return _back(survey_id, "status")
    try:
        surveys.set_status(survey, form.status.data or "")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(
            "The survey is open: share the link or print the card."
            if survey.status == "open"
            else "The survey is closed: it takes no more answers.",
            "success",
        )
    return _back(survey_id, "status")


@bp.get("/surveys/<int:survey_id>/qr.svg")
@role_required(*ROLES)
def qr_code(survey_id: int):
    """The QR code of the survey's link, to put on posters and receipts."""
    survey = surveys.get_survey(survey_id)
    response = Response(qr_svg(survey_url(survey.code)), mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-qr.svg"'
    return response


@bp.get("/surveys/<int:survey_id>/card")
@role_required(*ROLES)
def card(survey_id: int):
    """A small printable card with the QR code and the short link, for receipts and counters."""
    survey = surveys.get_survey(survey_id)
    url = survey_url(survey.code)
    return render_template(
        "surveys/card.html", survey=survey, public_url=url, qr=qr_svg_element(url)
    )


def _filter(form: FilterForm) -> results_service.ResponseFilter:
    return results_service.ResponseFilter(
        team_id=form.team_id.data, segment_id=form.segment_id.data
    )


@bp.get("/surveys/<int:survey_id>/results")
@role_required(*ROLES)
def results(survey_id: int):
    """Figures per question, NPS, the steps, and the comments' themes (each can start a
    brainstorming session); for one team or segment if chosen."""
    survey = surveys.get_survey(survey_id)
    filter_form = FilterForm(request.args).offer_tags()
    selection = _filter(filter_form)
    figures = results_service.question_aggregates(survey, selection)
    return render_template(
        "surveys/results.html",
        survey=survey,
        figures=figures,
        csat=figures.by_kind("csat"),
        nps=figures.by_kind("nps"),
        steps=[q for q in figures.questions if q.kind == "step"],
        themes=results_service.comment_themes(survey, selection),
        filter_form=filter_form,
        filtered=selection.team_id is not None or selection.segment_id is not None,
        theme_form=ThemeSessionForm().offer_levels(),
        stage_labels=PROTOCOL_STAGE_LABELS,
        parts=PARTS,
        formats=SURVEY_FORMATS,
    )


@bp.post("/surveys/<int:survey_id>/themes/session")
@role_required(*ROLES)
def session_from_theme(survey_id: int):
    """Start a draft brainstorming session whose prompt is the theme customers mention."""
    survey = surveys.get_survey(survey_id)
    form = ThemeSessionForm().offer_levels()
    filter_form = FilterForm(request.args).offer_tags()
    if not form.validate_on_submit() or form.level_id.data is None:
        flash(FORM_INCOMPLETE, "error")
        return redirect(url_for("customer_surveys.results", survey_id=survey_id), code=303)
    try:
        session = results_service.session_from_theme(
            survey,
            current_user,
            label=form.label.data or "",
            level_id=form.level_id.data,
            selection=_filter(filter_form),
        )
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("customer_surveys.results", survey_id=survey_id), code=303)
    flash(f"Started the draft session “{session.title}”: check it, then open it.", "success")
    return redirect(url_for("facilitate.show_session", session_id=session.id), code=303)


@bp.get("/surveys/<int:survey_id>/export/<part>.<export_format>")
@role_required(*ROLES)
def export(survey_id: int, part: str, export_format: str):
    """Download the responses or the results as CSV, JSON or Excel."""
    if part not in PARTS or export_format not in SURVEY_FORMATS:
        abort(404)
    return download_response(export_survey(surveys.get_survey(survey_id), part, export_format))
