"""Forms of the auth blueprint."""

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from feedback_app.web.forms import Form


class LoginForm(Form):
    """Email and password of a staff member."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
