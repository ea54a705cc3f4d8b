"""Views of the auth blueprint: /login and /logout."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from feedback_app import messages
from feedback_app.auth.forms import LoginForm
from feedback_app.services.accounts import authenticate
from feedback_app.web.forms import ActionForm
from feedback_app.web.rate_limits import login_limits

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow a 'next' that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("facilitate.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    """Show the login form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("facilitate.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(messages.LOGIN_FAILED)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out and return to the home page."""
    if ActionForm().validate_on_submit():
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("participate.home"))
