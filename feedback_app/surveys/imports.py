"""Import survey results from another tool: upload a CSV, map its columns, import or see
why not (every row checked; one bad row and nothing is imported)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from feedback_app.errors import DomainError
from feedback_app.services import survey_import, surveys
from feedback_app.surveys.blueprint import bp
from feedback_app.surveys.forms import UploadForm
from feedback_app.web.forms import ActionForm
from feedback_app.web.permissions import role_required

ROLES = surveys.SURVEY_ROLES


def _mapping_page(survey, csv_text: str, headers, mapping, error=None, status=200):
    return (
        render_template(
            "surveys/import_mapping.html",
            survey=survey,
            form=ActionForm(),
            csv_text=csv_text,
            headers=headers,
            mapping=mapping,
            targets=survey_import.targets(survey),
            error=error,
        ),
        status,
    )


@bp.get("/surveys/<int:survey_id>/import")
@role_required(*ROLES)
def import_upload(survey_id: int, form: UploadForm | None = None, status: int = 200):
    """Step 1: upload the other tool's CSV export."""
    survey = surveys.get_survey(survey_id)
    return render_template(
        "surveys/import.html",
        survey=survey,
        form=form or UploadForm(),
        rows_max=survey_import.ROWS_MAX,
    ), status


@bp.post("/surveys/<int:survey_id>/import")
@role_required(*ROLES)
def import_read(survey_id: int):
    """Step 2: read the file and offer a column mapping (guessed from the headers)."""
    survey = surveys.get_survey(survey_id)
    form = UploadForm()
    upload = form.file.data
    if not form.validate_on_submit() or upload is None or not upload.filename:
        form.file.errors = [*form.file.errors, "Choose the CSV file to import."]
        return import_upload(survey_id, form, 400)
    data = upload.read()
    try:
        file = survey_import.read_csv(data)
    except DomainError as error:
        form.file.errors = [*form.file.errors, error.message]
        return import_upload(survey_id, form, error.status)
    text = data.decode("utf-8-sig")
    return _mapping_page(
        survey, text, file.headers, survey_import.suggested_mapping(survey, file.headers)
    )


@bp.post("/surveys/<int:survey_id>/import/mapping")
@role_required(*ROLES)
def import_mapped(survey_id: int):
    """Step 3: check every row and import them all, or show the report and import nothing."""
    survey = surveys.get_survey(survey_id)
    form = ActionForm()
    text = request.form.get("csv", "")
    try:
        headers = survey_import.read_csv(text).headers
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("customer_surveys.import_upload", survey_id=survey_id), code=303)
    mapping = {h: request.form.get(f"map-{i}", "ignore") for i, h in enumerate(headers)}
    if not form.validate_on_submit():
        return _mapping_page(survey, text, headers, mapping, status=400)
    try:
        count = survey_import.import_responses(survey, current_user, text, mapping)
    except DomainError as error:
        return _mapping_page(survey, text, headers, mapping, error, error.status)
    flash(f"Imported {count} responses.", "success")
    return redirect(url_for("customer_surveys.results", survey_id=survey_id), code=303)
