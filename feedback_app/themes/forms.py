"""Forms of the themes blueprint; the services own the rules, the forms only parse input."""

from wtforms import IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from feedback_app.models.clusters import LABEL_MAX
from feedback_app.services.clustering import K_MAX
from feedback_app.web.forms import Form

BACKEND_LABELS = {"nltk": "NLTK keywords (default)", "semantic": "Semantic (MiniLM)"}


class RunForm(Form):
    """Group the session's ideas: how many themes (optional) and with which method."""

    k = IntegerField(
        "Number of themes",
        validators=[Optional()],
        render_kw={"min": 1, "max": K_MAX, "inputmode": "numeric", "placeholder": "auto"},
    )
    backend = SelectField("Method", default="nltk")

    def set_backend_choices(self, backends: dict[str, bool]) -> None:
        """Offer the installed methods only."""
        self.backend.choices = [
            SelectChoice(name, BACKEND_LABELS.get(name, name))
            for name, installed in backends.items()
            if installed
        ]


class RenameForm(Form):
    """Give a theme the facilitator's own name."""

    label = StringField("Theme name", render_kw={"maxlength": LABEL_MAX})


class PinForm(Form):
    """Pin a theme so that re-runs keep it, or unpin it."""

    pinned = IntegerField(validators=[InputRequired()])


class MoveForm(Form):
    """Move one idea into another theme."""

    idea_id = StringField(validators=[InputRequired()])  # the idea's public id
    cluster_id = IntegerField(validators=[InputRequired()])


class MergeForm(Form):
    """Fold this theme into another one."""

    into_cluster_id = IntegerField(validators=[InputRequired()])


class SplitForm(Form):
    """Split the ticked ideas off into a new theme."""

    idea_ids = SelectMultipleField(validate_choice=False)  # public ids


class MergeIdeasForm(Form):
    """Merge a near-duplicate idea into the one that stays."""

    keep_id = StringField(validators=[InputRequired()])  # public ids
    duplicate_id = StringField(validators=[InputRequired()])
