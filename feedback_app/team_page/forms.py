"""Forms of the team page."""

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from feedback_app.models.ideas import IDEA_MAX
from feedback_app.web.forms import Form


class ProposalForm(Form):
    """A proposed change to what the team looks after."""

    text = TextAreaField(
        "Your proposal",
        validators=[DataRequired("Write your proposal first."), Length(max=IDEA_MAX + 50)],
        render_kw={"rows": 4, "maxlength": IDEA_MAX},
    )
