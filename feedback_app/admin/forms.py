"""Forms of the admin blueprint."""

from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange

from feedback_app import messages
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.models import ROLES
from feedback_app.models.levels import LEVEL_NAME_MAX
from feedback_app.models.teams import TEAM_DESCRIPTION_MAX, TEAM_NAME_MAX
from feedback_app.services.privacy import K_CEILING, K_FLOOR
from feedback_app.web.forms import Form
from feedback_app.web.presenters import ROLE_LABELS

ROLE_CHOICES = [SelectChoice(role, ROLE_LABELS[role]) for role in ROLES]


class NewUserForm(Form):
    """Create a staff account."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="facilitator")
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message=messages.PASSWORD_MISMATCH)],
    )


class UserUpdateForm(Form):
    """Change a user's role, or (de)activate them."""

    role = SelectField("Role", choices=ROLE_CHOICES)
    active = HiddenField()


class LevelNameForm(Form):
    """Name of a new or renamed level."""

    name = StringField("Level name", validators=[DataRequired(), Length(max=LEVEL_NAME_MAX)])


class MinGroupForm(Form):
    """k of k-anonymity: the smallest group of people any breakdown shows."""

    min_group = IntegerField(
        "Smallest group shown",
        validators=[
            InputRequired(),
            NumberRange(
                min=K_FLOOR,
                max=K_CEILING,
                message=messages.MIN_GROUP_RANGE.format(low=K_FLOOR, high=K_CEILING),
            ),
        ],
    )


class LevelActionForm(Form):
    """Move a level up or down, retire it or restore it."""

    action = HiddenField(validators=[DataRequired()])


class VocabularyForm(Form):
    """A synonym (term means value) or a protocol-stage word (term signals stage)."""

    term = StringField("Word or phrase", validators=[DataRequired(), Length(max=80)])
    value = StringField("Means", validators=[DataRequired(), Length(max=80)])


class ProtocolWordForm(Form):
    """A word that signals one stage of the service protocol."""

    term = StringField("Word", validators=[DataRequired(), Length(max=80)])
    value = SelectField(
        "Stage",
        choices=[SelectChoice(stage, label) for stage, label in PROTOCOL_STAGE_LABELS.items()],
    )


class BlockedTermForm(Form):
    """A word or phrase the word filter refuses in ideas."""

    term = StringField("Word or phrase", validators=[DataRequired(), Length(max=80)])


class TeamForm(Form):
    """A team or location: its name and what it is."""

    name = StringField("Team or location", validators=[DataRequired(), Length(max=TEAM_NAME_MAX)])
    description = TextAreaField(
        "Description (optional)",
        validators=[Length(max=TEAM_DESCRIPTION_MAX)],
        render_kw={"rows": 2, "maxlength": TEAM_DESCRIPTION_MAX},
    )
