"""Forms of the objectives blueprint."""

from wtforms import DateField, FloatField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from feedback_app.models.measurements import SOURCE_MAX
from feedback_app.web.forms import Form

WHOLE_ORGANISATION = 0


class MeasurementForm(Form):
    """A measured value of an objective, with where it comes from."""

    value = FloatField(
        "Measured value",
        validators=[InputRequired("Give the measured value as a number.")],
        render_kw={"inputmode": "decimal"},
    )
    measured_on = DateField(
        "Measured on", validators=[InputRequired("Give the date of the measurement.")]
    )
    team_id = SelectField("Team or location", coerce=int, default=WHOLE_ORGANISATION)
    source = StringField(
        "Source",
        validators=[InputRequired("Say where the value comes from."), Length(max=SOURCE_MAX)],
        render_kw={"maxlength": SOURCE_MAX, "placeholder": "Till records, a timed spot check…"},
    )
