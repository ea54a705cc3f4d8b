"""Helpers shared by every blueprint's forms."""

from flask_wtf import FlaskForm

from feedback_app.errors import DomainError


class ActionForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state."""


def show_errors(form: FlaskForm, error: DomainError) -> None:
    """Attach a service's field errors to the form, or to its first field if none match."""
    placed = False
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and message:
            field.errors = [*field.errors, message]
            placed = True
    if not placed:
        form.form_errors.append(error.message)
