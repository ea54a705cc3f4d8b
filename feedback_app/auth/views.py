"""Views of the auth blueprint: /login, /logout and /account/password."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from feedback_app import messages
from feedback_app.auth.forms import ChangePasswordForm, LoginForm
from feedback_app.errors import DomainError, TooManyAttempts, Unauthorized
from feedback_app.services import accounts
from feedback_app.web.forms import ActionForm, show_errors
from feedback_app.web.staff_sessions import mark_active

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow a 'next' that stays on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("facilitate.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and sign the user in (failed attempts are throttled)."""
    if current_user.is_authenticated:
        return redirect(url_for("facilitate.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.log_in(form.email.data, form.password.data, request.remote_addr or "")
        except TooManyAttempts as error:
            form.form_errors.append(error.message)
            return render_template("auth/login.html", form=form), 429, error.headers
        except Unauthorized:
            form.form_errors.append(messages.LOGIN_FAILED)
        else:
            login_user(user)
            mark_active()
            return redirect(_safe_next(request.args.get("next")))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere: this cookie, any copy of it and the account's API tokens."""
    if ActionForm().validate_on_submit():
        accounts.end_sessions(current_user._get_current_object())
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("participate.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Choose a new password; other sessions and API tokens are signed out."""
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(user, form.current_password.data, form.password.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            login_user(user)  # this browser stays in, under the new epoch
            mark_active()
            flash(
                "Password changed. Your other sessions and API tokens were signed out.", "success"
            )
            return redirect(url_for("facilitate.dashboard"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/change_password.html", form=form, forced=user.must_change_password
    ), status
