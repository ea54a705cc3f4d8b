"""The workspace's filters: a GET form (no CSRF: it changes nothing), so links can share them."""

from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services.levels import list_levels
from feedback_app.services.segments import list_segments
from feedback_app.services.teams import list_teams
from feedback_app.services.workspace import Filters
from feedback_app.web.forms import Form
from feedback_app.web.presenters import PHASE_LABELS

SORT_LABELS = {
    "date": "Date",
    "participants": "Participants",
    "ideas": "Ideas",
    "votes": "Votes",
}
FILTER_NAMES = (
    "level",
    "segment",
    "team",
    "created_from",
    "created_to",
    "phase",
    "stage",
    "sort",
    "order",
)
DATE_HINT = "Give a date as YYYY-MM-DD."
CHOICE_HINT = "Choose an option from the list."


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class FilterForm(Form):
    """Level, dates, phase and protocol stage to narrow to; the order of the overview."""

    class Meta:
        csrf = False

    level = SelectField("Level", default="")
    segment = SelectField("Customer segment", default="")
    team = SelectField("Team of participants", default="")
    created_from = DateField("Created from", validators=[Optional()])
    created_to = DateField("Created to", validators=[Optional()])
    phase = SelectField("Phase", default="", choices=_choices({"": "Any phase", **PHASE_LABELS}))
    stage = SelectField(
        "Protocol stage", default="", choices=_choices({"": "Any stage", **PROTOCOL_STAGE_LABELS})
    )
    sort = SelectField("Sort by", default="date", choices=_choices(SORT_LABELS))
    order = SelectField(
        "Order",
        default="desc",
        choices=_choices({"desc": "Highest or newest first", "asc": "Lowest or oldest first"}),
    )
    page = IntegerField(
        "Page", validators=[Optional(), NumberRange(min=1, message="Pages start at 1.")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = _choices(
            {"": "All levels"}
            | {str(level.id): level.name for level in list_levels(include_retired=True)}
        )
        self.segment.choices = _choices(
            {"": "All segments"} | {str(item.id): item.name for item in list_segments()}
        )
        self.team.choices = _choices(
            {"": "All teams"}
            | {str(team.id): team.name for team in list_teams(include_retired=True)}
        )

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, and say in words what a bad date or choice was."""
        valid = super().validate(extra_validators)
        for field in (self.created_from, self.created_to):
            if field.errors and field.raw_data and field.raw_data[0]:
                field.errors = [DATE_HINT]
        for field in (
            self.level,
            self.segment,
            self.team,
            self.phase,
            self.stage,
            self.sort,
            self.order,
        ):
            if field.errors:
                field.errors = [CHOICE_HINT]
        return valid

    def filters(self) -> Filters:
        """The validated filters (raises ValidationFailed when the dates are reversed)."""
        return Filters(
            level_id=int(self.level.data) if self.level.data else None,
            segment_id=int(self.segment.data) if self.segment.data else None,
            team_id=int(self.team.data) if self.team.data else None,
            created_from=self.created_from.data,
            created_to=self.created_to.data,
            phase=self.phase.data or None,
            stage=self.stage.data or None,
            sort=self.sort.data,
            descending=self.order.data != "asc",
        )

    def query(self, **changes) -> dict[str, str]:
        """The filters as query parameters (empty ones left out), with some changed."""
        values = {
            name: "" if self[name].data is None else str(self[name].data) for name in FILTER_NAMES
        }
        values.update({name: str(value) for name, value in changes.items()})
        return {name: value for name, value in values.items() if value}
