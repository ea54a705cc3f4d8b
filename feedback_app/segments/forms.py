"""Forms of the segment register; the service checks every rule."""

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from feedback_app.models import CHANNELS
from feedback_app.models.segments import SEGMENT_NAME_MAX, SEGMENT_TEXT_MAX
from feedback_app.web.forms import CheckboxListField, Form


class SegmentForm(Form):
    """One customer segment."""

    name = StringField("Name", render_kw={"maxlength": SEGMENT_NAME_MAX})
    description = TextAreaField(
        "Description (optional)", render_kw={"rows": 2, "maxlength": SEGMENT_TEXT_MAX}
    )
    share_percent = StringField(
        "Share of customers, % (optional)", render_kw={"inputmode": "decimal"}
    )
    channels = CheckboxListField(
        "Preferred channels", choices=[SelectChoice(c, c.capitalize()) for c in CHANNELS]
    )
    needs = TextAreaField(
        "Typical needs (optional)", render_kw={"rows": 2, "maxlength": SEGMENT_TEXT_MAX}
    )

    def values(self) -> dict:
        """The fields as the service takes them."""
        return {
            "name": self.name.data,
            "description": self.description.data,
            "share_percent": self.share_percent.data,
            "channels": list(self.channels.data or []),
            "needs": self.needs.data,
        }


class ImportForm(Form):
    """A CSV file of segments."""

    file = FileField("CSV file", validators=[DataRequired("Choose a CSV file to import.")])
