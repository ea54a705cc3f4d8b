"""Views of the admin blueprint: users, levels (and the k of k-anonymity), vocabulary."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from feedback_app.admin.forms import (
    LevelActionForm,
    LevelNameForm,
    MinGroupForm,
    NewUserForm,
    ProtocolWordForm,
    UserUpdateForm,
    VocabularyForm,
)
from feedback_app.errors import DomainError, NotFound
from feedback_app.extensions import db
from feedback_app.models import User
from feedback_app.services import accounts, levels, privacy, vocabulary
from feedback_app.services.text import DEFAULT_GROUPS, DEFAULT_PROTOCOL_LEXICON, DEFAULT_SYNONYMS
from feedback_app.web.forms import ActionForm, show_errors
from feedback_app.web.permissions import role_required
from feedback_app.web.presenters import ROLE_LABELS

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@role_required("admin")
def users():
    """List staff accounts and create new ones."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.password.data, form.role.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Account created for {user.email}.", "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.is_submitted() else 200
    return _users_page(form, status)


def _users_page(form: NewUserForm, status: int = 200, reset: dict | None = None):
    return render_template(
        "admin/users.html",
        form=form,
        users=accounts.list_users(),
        role_choices=ROLE_LABELS.items(),
        me=current_user.id,
        reset=reset,
    ), status


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


@bp.post("/users/<int:user_id>/reset-password")
@role_required("admin")
def reset_password(user_id: int):
    """Give a user a temporary password, shown once here; they must change it at login."""
    user = _user_or_404(user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.users"))
    try:
        temporary = accounts.reset_password(user, current_user._get_current_object())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.users"))
    # Rendered, not flashed: the temporary password never travels in a cookie.
    return _users_page(
        NewUserForm(formdata=None), reset={"email": user.email, "password": temporary}
    )


@bp.post("/users/<int:user_id>")
@role_required("admin")
def update_user(user_id: int):
    """Change a user's role or active flag."""
    user = _user_or_404(user_id)
    form = UserUpdateForm()
    if form.validate_on_submit():
        active = None if form.active.data not in ("0", "1") else form.active.data == "1"
        try:
            accounts.update_user(user, role=form.role.data, active=active)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"Saved changes to {user.email}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/levels", methods=["GET", "POST"])
@role_required("admin")
def levels_page():
    """List levels in order and add new ones."""
    form = LevelNameForm()
    if form.validate_on_submit():
        try:
            level = levels.add_level(form.name.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Added level {level.name}.", "success")
            return redirect(url_for("admin.levels_page"))
    status = 422 if form.is_submitted() else 200
    return _levels_page(form, MinGroupForm(formdata=None), status)


def _levels_page(form: LevelNameForm, min_group_form: MinGroupForm, status: int = 200):
    if min_group_form.min_group.data is None:
        min_group_form.min_group.data = privacy.min_group()
    return render_template(
        "admin/levels.html",
        form=form,
        min_group_form=min_group_form,
        levels=levels.list_levels(include_retired=True),
        rename_form=LevelNameForm(formdata=None),
        k_floor=privacy.K_FLOOR,
    ), status


@bp.post("/levels/privacy")
@role_required("admin")
def set_min_group():
    """Change k: the smallest group of people a breakdown by level may show."""
    form = MinGroupForm()
    if form.validate_on_submit():
        try:
            k = privacy.set_min_group(form.min_group.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Breakdowns now show groups of at least {k} people.", "success")
            return redirect(url_for("admin.levels_page"))
    return _levels_page(LevelNameForm(formdata=None), form, 422)


@bp.post("/levels/<int:level_id>/rename")
@role_required("admin")
def rename_level(level_id: int):
    """Rename a level."""
    level = levels.level_or_404(level_id)
    form = LevelNameForm()
    if form.validate_on_submit():
        try:
            levels.rename_level(level, form.name.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"Renamed to {level.name}.", "success")
    else:
        flash("Give the level a name.", "error")
    return redirect(url_for("admin.levels_page"))


@bp.post("/levels/<int:level_id>/action")
@role_required("admin")
def level_action(level_id: int):
    """Reorder, retire or restore a level."""
    level = levels.level_or_404(level_id)
    form = LevelActionForm()
    if form.validate_on_submit():
        action = form.action.data
        try:
            if action in ("up", "down"):
                levels.move_level(level, -1 if action == "up" else 1)
            elif action in ("retire", "restore"):
                levels.set_level_retired(level, action == "retire")
        except DomainError as error:
            flash(error.message, "error")
    return redirect(url_for("admin.levels_page"))


@bp.get("/vocabulary")
@role_required("admin")
def vocabulary_page():
    """Synonyms and protocol words that teach the idea grouping the company's language."""
    return _vocabulary_page(VocabularyForm(prefix="synonym"), ProtocolWordForm(prefix="protocol"))


def _vocabulary_page(synonym_form, protocol_form, status: int = 200):
    return render_template(
        "admin/vocabulary.html",
        synonym_form=synonym_form,
        protocol_form=protocol_form,
        synonyms=vocabulary.list_entries("synonym"),
        protocol_words=vocabulary.list_entries("protocol"),
        default_synonyms=sorted(DEFAULT_SYNONYMS.items()),
        default_lexicon=DEFAULT_PROTOCOL_LEXICON,
        groups=_group_rows(vocabulary.synonym_groups()),
    ), status


def _group_rows(groups) -> list[dict]:
    """The lexicon's groups for the page: name, shipped words, the admin's words, area."""
    shipped = {group.name: set(group.words) for group in DEFAULT_GROUPS}
    return [
        {
            "name": group.name.replace("_", " ").capitalize(),
            "words": [w for w in group.words if w in shipped.get(group.name, ())],
            "added": [w for w in group.words if w not in shipped.get(group.name, ())],
            "area": group.area,
        }
        for group in groups
    ]


@bp.post("/vocabulary/<kind>")
@role_required("admin")
def add_vocabulary(kind: str):
    """Add a synonym or a protocol word."""
    if kind not in ("synonym", "protocol"):
        raise NotFound("No such list.")
    synonym_form = VocabularyForm(prefix="synonym")
    protocol_form = ProtocolWordForm(prefix="protocol")
    form = synonym_form if kind == "synonym" else protocol_form
    if form.validate_on_submit():
        try:
            entry = vocabulary.add_entry(kind, form.term.data, form.value.data)
        except DomainError as error:
            show_errors(form, error)
        else:
            flash(f"Added “{entry.term}”. The next grouping run uses it.", "success")
            return redirect(url_for("admin.vocabulary_page"))
    return _vocabulary_page(synonym_form, protocol_form, 422)


@bp.post("/vocabulary/entries/<int:entry_id>/delete")
@role_required("admin")
def delete_vocabulary(entry_id: int):
    """Remove one of the admin's entries."""
    if ActionForm().validate_on_submit():
        vocabulary.delete_entry(entry_id)
        flash("Removed.", "info")
    return redirect(url_for("admin.vocabulary_page"))
