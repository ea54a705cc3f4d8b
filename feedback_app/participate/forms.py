"""Forms of the participate blueprint."""

import secrets

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from feedback_app.models.ideas import IDEA_MAX
from feedback_app.web.forms import Form

NO_LEVEL = 0


class CodeForm(Form):
    """The join code read off the screen."""

    code = StringField("Session code", validators=[DataRequired(), Length(max=20)])


class JoinForm(Form):
    """Optionally say which level you work at, and in which team when there are teams."""

    level_id = SelectField("Your level (optional)", coerce=int, default=NO_LEVEL)
    team_id = SelectField("Your team or location (optional)", coerce=int, default=NO_LEVEL)

    def set_levels(self, levels) -> None:
        """Offer the levels invited to this session, with 'prefer not to say' first."""
        self.level_id.choices = [SelectChoice(NO_LEVEL, "Prefer not to say")] + [
            SelectChoice(level.id, level.name) for level in levels
        ]

    def set_teams(self, teams) -> None:
        """Offer the active teams; without any, the field is left out of the page."""
        self.team_id.choices = [SelectChoice(NO_LEVEL, "Prefer not to say")] + [
            SelectChoice(team.id, team.name) for team in teams
        ]
        self.offers_teams = bool(teams)


def new_submission_key() -> str:
    """A fresh idempotency key for one rendering of the idea form."""
    return secrets.token_urlsafe(16)


class IdeaForm(Form):
    """One idea; the hidden key makes a double submit or a resubmit give one idea."""

    text = TextAreaField("Your idea", validators=[DataRequired(), Length(max=IDEA_MAX + 50)])
    submission_key = HiddenField(
        default=new_submission_key, validators=[Optional(), Length(max=64)]
    )
