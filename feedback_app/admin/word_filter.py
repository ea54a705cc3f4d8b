"""The admin's word filter page: words refused in ideas (profanity, colleagues' names)."""

from flask import flash, redirect, render_template, url_for

from feedback_app.admin.forms import BlockedTermForm
from feedback_app.admin.views import bp
from feedback_app.errors import DomainError
from feedback_app.services import word_filter
from feedback_app.web.forms import ActionForm, show_errors
from feedback_app.web.permissions import role_required


def _page(form: BlockedTermForm, status: int = 200):
    page = render_template("admin/word_filter.html", form=form, terms=word_filter.list_terms())
    return page, status


@bp.get("/word-filter")
@role_required("admin")
def word_filter_page():
    """The filtered words, and a form to add one."""
    return _page(BlockedTermForm())


@bp.post("/word-filter")
@role_required("admin")
def add_blocked_term():
    """Filter one more word."""
    form = BlockedTermForm()
    if form.validate_on_submit():
        try:
            entry = word_filter.add_term(form.term.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Ideas with “{entry.term}” are now refused.", "success")
            return redirect(url_for("admin.word_filter_page"))
    return _page(form, 422)


@bp.post("/word-filter/<int:term_id>/delete")
@role_required("admin")
def delete_blocked_term(term_id: int):
    """Stop filtering a word."""
    if ActionForm().validate_on_submit():
        word_filter.delete_term(term_id)
        flash("Removed from the word filter.", "info")
    return redirect(url_for("admin.word_filter_page"))
