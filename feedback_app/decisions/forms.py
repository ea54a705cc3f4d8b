"""Forms of the decisions blueprint; the services own the rules, the forms only parse input."""

from wtforms import DateField, FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from feedback_app.messages import (
    MEASURED_FROM_LABELS,
    OBJECTIVE_DIRECTION_LABELS,
    PROTOCOL_STAGE_LABELS,
)
from feedback_app.models.standards import REASON_MAX, STATEMENT_MAX, TITLE_MAX
from feedback_app.services.objectives import TEXT_LIMITS
from feedback_app.services.standard_versions import NOTE_MAX
from feedback_app.web.forms import Form, SegmentTagsField

NO_TEAM = 0

DECISION_LABELS = {"adopted": "Adopt", "rejected": "Reject", "parked": "Park"}


class DecisionForm(Form):
    """Adopt, reject or park, and why."""

    decision = SelectField(
        "Decision", choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()]
    )
    reason = TextAreaField("Reason", render_kw={"maxlength": REASON_MAX, "rows": 3})


class EditForm(Form):
    """The wording and stage of a candidate standard."""

    title = StringField("Title", render_kw={"maxlength": TITLE_MAX})
    statement = TextAreaField("Policy statement", render_kw={"maxlength": STATEMENT_MAX, "rows": 4})
    procedures = TextAreaField("Procedures: the steps to take, one per line", render_kw={"rows": 5})
    protocol_stage = SelectField(
        "Protocol stage", choices=[SelectChoice(k, v) for k, v in PROTOCOL_STAGE_LABELS.items()]
    )


class ObjectiveForm(Form):
    """A measurable objective, delegated to a team if one is chosen."""

    metric = StringField("Metric", render_kw={"maxlength": TEXT_LIMITS["metric"]})
    direction = SelectField(
        "Counts as met when the value is",
        choices=[SelectChoice("", "the usual (at most for time and money)")]
        + [SelectChoice(value, label) for value, label in OBJECTIVE_DIRECTION_LABELS.items()],
        default="",
    )
    target = FloatField(
        "Target",
        validators=[InputRequired("Give the target as a number.")],
        render_kw={"inputmode": "decimal"},
    )
    unit = StringField("Unit", render_kw={"maxlength": TEXT_LIMITS["unit"]})
    measured_from = SelectField(
        "Values come from",
        choices=[SelectChoice(value, label) for value, label in MEASURED_FROM_LABELS.items()],
        default="manual",
    )
    measured_by = StringField("Measured by", render_kw={"maxlength": TEXT_LIMITS["measured_by"]})
    owner_team_id = SelectField("Owner team (optional)", coerce=int, default=NO_TEAM)
    review_date = DateField("Review date (optional)", validators=[Optional()])

    def set_teams(self, teams) -> None:
        """Offer the active teams, with no team first."""
        self.owner_team_id.choices = [SelectChoice(NO_TEAM, "No team")] + [
            SelectChoice(team.id, team.name) for team in teams
        ]


class SegmentTagsForm(Form):
    """The customer segments a standard concerns."""

    segment_ids = SegmentTagsField("Customer segments")


class MergeForm(Form):
    """Fold another candidate into this one."""

    other_id = SelectField("Candidate to merge into this one", coerce=int)


class PublishForm(Form):
    """What the new version changes."""

    note = TextAreaField(
        "What changed in this version", render_kw={"maxlength": NOTE_MAX, "rows": 2}
    )


class VisibilityForm(Form):
    """Whether people without an account may read the handbook."""

    public = IntegerField(validators=[InputRequired()])
