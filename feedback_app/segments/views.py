"""Views of the segment register: list, create, edit, delete, import from CSV, the template,
and the register's export."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for

from feedback_app.errors import DomainError, TooLarge
from feedback_app.segments.forms import ImportForm, SegmentForm
from feedback_app.services import segments
from feedback_app.services.exports import FORMAT_NAMES
from feedback_app.services.exports.segments import SEGMENT_FORMATS, export_segments
from feedback_app.web.downloads import download_response
from feedback_app.web.forms import ActionForm, show_errors
from feedback_app.web.permissions import role_required

bp = Blueprint("segment_register", __name__, url_prefix="/segments")
EDITORS = ("manager", "admin")


def _page(form: SegmentForm, import_form: ImportForm, status: int = 200, report=None):
    page = render_template(
        "segments/register.html",
        form=form,
        import_form=import_form,
        segments=segments.list_segments(),
        report=report,
        columns=segments.COLUMNS,
        max_rows=segments.IMPORT_MAX_ROWS,
        export_formats={name: FORMAT_NAMES[name] for name in SEGMENT_FORMATS},
    )
    return page, status


@bp.get("")
@role_required(*EDITORS)
def register():
    """The register, a form to add a segment and a CSV upload."""
    return _page(SegmentForm(), ImportForm())


@bp.post("")
@role_required(*EDITORS)
def add_segment():
    """Add one segment."""
    form = SegmentForm()
    if form.validate_on_submit():
        try:
            segment = segments.create_segment(form.values())
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Added {segment.name}.", "success")
            return redirect(url_for("segment_register.register"))
    return _page(form, ImportForm(formdata=None), 422)


@bp.post("/import")
@role_required(*EDITORS)
def import_segments():
    """Import a CSV file: every row, or none with a report of each bad row."""
    form = ImportForm()
    if form.validate_on_submit():
        try:
            imported = segments.import_csv(form.file.data.read(segments.IMPORT_MAX_BYTES + 1))
        except TooLarge as error:
            show_errors(form, error)
            return _page(SegmentForm(formdata=None), form, 413)
        except DomainError as error:
            form.file.errors = [error.message]
            report = error.fields.get("rows") or []
            return _page(SegmentForm(formdata=None), form, 422, report)
        flash(f"Imported {len(imported)} segment(s).", "success")
        return redirect(url_for("segment_register.register"))
    return _page(SegmentForm(formdata=None), form, 422)


@bp.get("/template.csv")
@role_required(*EDITORS)
def csv_template():
    """A CSV file to fill in: the columns and two example rows."""
    return Response(
        segments.CSV_TEMPLATE,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="segments-template.csv"'},
    )


@bp.get("/export.<export_format>")
@role_required(*EDITORS)
def export(export_format: str):
    """Download the register, with what is tagged with each segment, as CSV, JSON or Excel."""
    if export_format not in SEGMENT_FORMATS:
        abort(404)
    return download_response(export_segments(export_format))


@bp.route("/<int:segment_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_segment(segment_id: int):
    """Change a segment."""
    segment = segments.segment_or_404(segment_id)
    form = SegmentForm(obj=segment)
    if form.validate_on_submit():
        try:
            segments.update_segment(segment, form.values())
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Saved {segment.name}.", "success")
            return redirect(url_for("segment_register.register"))
    if not form.is_submitted() and segment.share_percent is not None:
        form.share_percent.data = f"{segment.share_percent:g}"
    status = 422 if form.is_submitted() else 200
    page = render_template("segments/edit.html", form=form, segment=segment)
    return page, status


@bp.post("/<int:segment_id>/delete")
@role_required(*EDITORS)
def delete_segment(segment_id: int):
    """Remove a segment; what was tagged with it loses the tag."""
    segment = segments.segment_or_404(segment_id)
    if ActionForm().validate_on_submit():
        segments.delete_segment(segment)
        flash(f"Removed {segment.name}.", "info")
    return redirect(url_for("segment_register.register"))
