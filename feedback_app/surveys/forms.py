"""Forms of the surveys blueprint; the services own the rules, the forms only parse input."""

from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from feedback_app.models.surveys import QUESTION_TEXT_MAX, SURVEY_TITLE_MAX
from feedback_app.services.levels import list_levels
from feedback_app.services.surveys import segment_choices, team_choices
from feedback_app.web.forms import Form

NONE = ""


def _optional_id(value):
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _tag_choices(field: SelectField, items, empty: str) -> None:
    field.choices = [SelectChoice(NONE, empty)] + [
        SelectChoice(str(item.id), item.name) for item in items
    ]


class TagsMixin:
    """The team and customer segment a survey (or a filter) is about."""

    team_id = SelectField("Team or location (optional)", coerce=_optional_id, validate_choice=False)
    segment_id = SelectField(
        "Customer segment (optional)", coerce=_optional_id, validate_choice=False
    )

    def offer_tags(self, empty_team: str = "Any team", empty_segment: str = "Any segment"):
        """Fill the team and segment choices from the registers."""
        _tag_choices(self.team_id, team_choices(), empty_team)
        _tag_choices(self.segment_id, segment_choices(), empty_segment)
        return self


class NewSurveyForm(TagsMixin, Form):
    """A new survey: its title and optional tags."""

    title = StringField("Title", render_kw={"maxlength": SURVEY_TITLE_MAX})


class DetailsForm(TagsMixin, Form):
    """The survey's title, comment prompt and tags."""

    title = StringField("Title", render_kw={"maxlength": SURVEY_TITLE_MAX})
    comment_prompt = StringField(
        "Invitation to comment", render_kw={"maxlength": QUESTION_TEXT_MAX}
    )


class FilterForm(TagsMixin, Form):
    """Results for one team or segment (a GET form: no CSRF token)."""

    team_id = SelectField("Team or location", coerce=_optional_id, validate_choice=False)
    segment_id = SelectField("Customer segment", coerce=_optional_id, validate_choice=False)

    class Meta:
        csrf = False


class QuestionForm(Form):
    """A question's new text, or a move or removal."""

    text = StringField("Question", render_kw={"maxlength": QUESTION_TEXT_MAX})
    action = HiddenField()


class StatusForm(Form):
    """Open or close the survey."""

    status = HiddenField()


class ThemeSessionForm(Form):
    """Start a brainstorming session from a comment theme, for a level."""

    label = HiddenField()
    level_id = SelectField("Session for", coerce=_optional_id, validate_choice=False)

    def offer_levels(self):
        """The levels a session can be for."""
        self.level_id.choices = [SelectChoice(str(level.id), level.name) for level in list_levels()]
        return self


class UploadForm(Form):
    """The CSV file exported by the other tool."""

    file = FileField("CSV file (UTF-8, with a header row)", render_kw={"accept": ".csv,text/csv"})
