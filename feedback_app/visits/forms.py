"""Forms of the visits blueprint. The report form's checklist items are drawn by the template
and read by ``report_fields``; the service checks every value (one rule for web and API)."""

import secrets

from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from feedback_app.models.visits import LINK_LABEL_MAX
from feedback_app.services.visits import LINK_DAYS_DEFAULT, LINK_DAYS_MAX
from feedback_app.web.forms import Form

SCALE_LABELS = {"yes_partly_no": "Yes / partly / no", "one_to_five": "1 to 5"}
VALUE_LABELS = {
    "yes_partly_no": [("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
    "one_to_five": [(str(n), str(n)) for n in range(1, 6)],
}
CHANNEL_LABELS = {"in person": "In person", "phone": "Phone", "chat": "Chat", "e-mail": "E-mail"}


def new_key() -> str:
    """The random idempotency key a report form carries from the moment it is drawn."""
    return secrets.token_urlsafe(24)


class ReportForm(Form):
    """The CSRF token and the report's idempotency key (the rest is drawn per item)."""

    idempotency_key = HiddenField()


def _int_or_raw(text: str):
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else text or None


def report_fields(form: MultiDict) -> dict:
    """The report as the service takes it, from the posted form (values left as typed)."""
    scores, item_notes = {}, {}
    for name, value in form.items():
        if name.startswith("score-") and value:
            scores[name.removeprefix("score-")] = value
        elif name.startswith("note-") and value.strip():
            item_notes[name.removeprefix("note-")] = value
    return {
        "team_id": _int_or_raw(form.get("team_id", "")),
        "visited_on": form.get("visited_on", ""),
        "channel": form.get("channel", ""),
        "notes": form.get("notes", ""),
        "scores": scores,
        "item_notes": item_notes,
    }


class ScaleForm(Form):
    """Make a new checklist from the current standard with this scale."""

    scale = SelectField(
        "Scale of every item",
        choices=[SelectChoice(key, label) for key, label in SCALE_LABELS.items()],
    )


class LinkForm(Form):
    """Issue a one-time link for an external shopper."""

    label = StringField(
        "Who it is for (optional)",
        validators=[Optional(), Length(max=LINK_LABEL_MAX)],
    )
    team_id = SelectField("Team or location", coerce=int, default=0)
    days = IntegerField(
        "Valid for (days)",
        default=LINK_DAYS_DEFAULT,
        validators=[
            InputRequired(),
            NumberRange(1, LINK_DAYS_MAX, f"From 1 to {LINK_DAYS_MAX} days."),
        ],
    )
