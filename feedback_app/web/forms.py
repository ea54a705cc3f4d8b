"""Helpers shared by every blueprint's forms."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from feedback_app.errors import DomainError
from feedback_app.services.characters import unstorable_problem


class Form(FlaskForm):
    """Every form of the site: text that no database can store is refused with a message."""

    def validate(self, extra_validators=None) -> bool:
        """Run the field validators, then refuse NUL characters and unpaired surrogates."""
        valid = super().validate(extra_validators)
        for field in self:
            problem = unstorable_problem(field.data) if isinstance(field.data, str) else None
            if problem:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as checkboxes, which works well on every screen."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SegmentTagsField(CheckboxListField):
    """The customer segments something concerns, as checkboxes of their ids."""

    def __init__(self, label="Customer segments it concerns (optional)", **kwargs):
        super().__init__(label, coerce=int, **kwargs)

    def offer(self, segments) -> None:
        """Offer the register's segments."""
        self.choices = [SelectChoice(segment.id, segment.name) for segment in segments]


class ActionForm(Form):
    """A form with only the CSRF token, for buttons that change state."""


def show_errors(form: Form, error: DomainError) -> None:
    """Attach a service's field errors to the form, or to its first field if none match."""
    placed = False
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and message:
            field.errors = [*field.errors, message]
            placed = True
    if not placed:
        form.form_errors.append(error.message)
