"""Views of the themes blueprint: the facilitator's board of themes and the candidate standards."""

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from feedback_app import messages
from feedback_app.errors import DomainError, NotFound, ValidationFailed
from feedback_app.services import clustering, clustering_edits, live, public_ids, standards
from feedback_app.services import sessions as session_service
from feedback_app.services.cluster_views import board as board_of
from feedback_app.services.duplicates import merge_ideas
from feedback_app.services.ideas import visible_idea_count
from feedback_app.services.privacy import min_group
from feedback_app.themes.forms import (
    BACKEND_LABELS,
    MergeForm,
    MergeIdeasForm,
    MoveForm,
    PinForm,
    RenameForm,
    RunForm,
    SplitForm,
)
from feedback_app.web.forms import ActionForm, Form, show_errors
from feedback_app.web.permissions import managed_session, viewable_session

bp = Blueprint("themes", __name__, url_prefix="/sessions")

FORM_INCOMPLETE = "That form was incomplete; pick an option and try again."
QUOTE_MAX = 60


def _cluster_in(session, cluster_id: int):
    """A theme of the session's current run; a theme of another session does not exist here."""
    cluster = clustering.get_cluster(cluster_id)
    if clustering.session_of(cluster).id != session.id:
        raise NotFound(messages.CLUSTER_NOT_FOUND)
    return cluster


def _idea_in(session, public_id: str):
    idea = public_ids.find_idea(public_id)
    if idea.session_id != session.id:
        raise NotFound(messages.IDEA_NOT_FOUND)
    return idea


def _quote(text: str) -> str:
    short = text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rstrip() + "…"
    return f"“{short}”"


def _back_to_board(session_id: int, anchor: str = ""):
    target = url_for("themes.board", session_id=session_id)
    return redirect(target + (f"#{anchor}" if anchor else ""), code=303)


def _run_facts(run) -> dict:
    """Ready-made words about a run for the page (method, themes, ideas, when)."""
    if run is None:
        return {}
    return {
        "method": BACKEND_LABELS.get(run.backend, run.backend).replace(" (default)", ""),
        "themes": "chosen automatically" if run.requested_k is None else f"{run.requested_k} asked",
        "when": run.created_at.strftime("%d %b %Y, %H:%M UTC"),
    }


def _rerun_fields(run) -> dict:
    """The settings of a failed run, for its "Run again" button."""
    if run is None or run.status != "failed":
        return {}
    return {"k": "" if run.requested_k is None else run.requested_k, "backend": run.backend}


def _board_context(session, run_form: RunForm | None = None) -> dict:
    run = clustering.latest_run(session)
    shown = None
    if run is not None and run.status == "done":
        shown = run
    elif run is not None and run.status == "failed":  # keep showing the last good grouping
        shown = clustering.latest_run(session, finished=True)
    columns, pairs = board_of(shown) if shown is not None else ([], [])
    backends = clustering.available_backends()
    if run_form is None:
        run_form = RunForm()
    run_form.set_backend_choices(backends)
    return {
        "session": session,
        "run": run,
        "rerun": _rerun_fields(run),
        "shown_run": shown,
        "facts": _run_facts(shown or run),
        "columns": columns,
        "pairs": pairs,
        "idea_count": visible_idea_count(session),
        "can_manage": session_service.can_manage_session(current_user, session),
        "run_form": run_form,
        "backend_status": [(BACKEND_LABELS.get(name, name), ok) for name, ok in backends.items()],
        "k_max": clustering.K_MAX,
        "last_seq": live.last_seq(session.id),
    }


def _edit(session_id: int, form: Form, action: Callable) -> object:
    """Check the form, run one edit, flash its outcome and go back to the board.

    `action(session)` calls the service and returns (message, anchor on the board).
    """
    session = managed_session(session_id)
    anchor = ""
    if not form.validate_on_submit():
        flash(FORM_INCOMPLETE, "error")
    else:
        try:
            message, anchor = action(session)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(message, "success")
    return _back_to_board(session.id, anchor)


@bp.get("/<int:session_id>/themes")
@login_required
def board(session_id: int):
    """The themes board: group the ideas, then shape the themes by hand."""
    session = viewable_session(session_id)
    return render_template("themes/board.html", **_board_context(session))


@bp.get("/<int:session_id>/themes/board")
@login_required
def board_fragment(session_id: int):
    """The run's state alone, polled by htmx while a run is still going."""
    session = viewable_session(session_id)
    return render_template("themes/_board.html", **_board_context(session))


def _run_outcome(run) -> tuple[str, str]:
    if run.status == "running":
        return f"Grouping {run.idea_count} ideas; the board appears when it is done.", "info"
    if run.status == "failed":
        return f"Grouping failed: {run.error}", "error"
    themes = "1 theme" if run.k == 1 else f"{run.k} themes"
    return f"Grouped {run.idea_count} ideas into {themes}.", "success"


@bp.post("/<int:session_id>/themes/run")
@login_required
def run_grouping(session_id: int):
    """Group the visible ideas into themes (in the background for big sessions)."""
    session = managed_session(session_id)
    form = RunForm()
    form.set_backend_choices(clustering.available_backends())
    if form.validate_on_submit():
        try:
            run = clustering.run_clustering(session, k=form.k.data, backend=form.backend.data)
        except ValidationFailed as error:
            show_errors(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return _back_to_board(session.id)
        else:
            flash(*_run_outcome(run))
            return _back_to_board(session.id)
    return render_template("themes/board.html", **_board_context(session, form)), 422


@bp.post("/<int:session_id>/themes/<int:cluster_id>/rename")
@login_required
def rename(session_id: int, cluster_id: int):
    """Give a theme the facilitator's own name."""
    form = RenameForm()

    def action(session):
        cluster = clustering_edits.rename_cluster(_cluster_in(session, cluster_id), form.label.data)
        return f"Theme renamed to “{cluster.label}”.", f"theme-{cluster.id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/<int:cluster_id>/label/accept")
@login_required
def accept_label(session_id: int, cluster_id: int):
    """Name a theme as the grouping suggests after an edit."""
    form = ActionForm()

    def action(session):
        cluster = clustering_edits.accept_suggested_label(_cluster_in(session, cluster_id))
        return f"Theme renamed to “{cluster.label}”.", f"theme-{cluster.id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/<int:cluster_id>/label/keep")
@login_required
def keep_label(session_id: int, cluster_id: int):
    """Keep a theme's name and dismiss the suggested one."""
    form = ActionForm()

    def action(session):
        cluster = clustering_edits.keep_label(_cluster_in(session, cluster_id))
        return f"Kept the name “{cluster.label}”.", f"theme-{cluster.id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/<int:cluster_id>/pin")
@login_required
def pin(session_id: int, cluster_id: int):
    """Pin a theme so that grouping again keeps it as it is, or unpin it."""
    form = PinForm()

    def action(session):
        cluster = _cluster_in(session, cluster_id)
        clustering_edits.set_pinned(cluster, bool(form.pinned.data))
        if cluster.pinned:
            return f"📌 Pinned “{cluster.label}”: grouping again keeps it.", f"theme-{cluster.id}"
        return f"Unpinned “{cluster.label}”.", f"theme-{cluster.id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/move")
@login_required
def move(session_id: int):
    """Move one idea into another theme (the select menu, or a dropped card)."""
    form = MoveForm()

    def action(session):
        target = _cluster_in(session, form.cluster_id.data)
        idea = _idea_in(session, form.idea_id.data)
        clustering_edits.move_idea(target, idea.id, session)
        return f"Idea moved to “{target.label}”.", f"idea-{idea.public_id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/<int:cluster_id>/merge")
@login_required
def merge(session_id: int, cluster_id: int):
    """Fold this theme into the chosen one."""
    form = MergeForm()

    def action(session):
        source = _cluster_in(session, cluster_id)
        target = _cluster_in(session, form.into_cluster_id.data)
        source_label = source.label
        clustering_edits.merge_clusters(target, source, session)
        return f"Merged “{source_label}” into “{target.label}”.", f"theme-{target.id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/<int:cluster_id>/split")
@login_required
def split(session_id: int, cluster_id: int):
    """Split the ticked ideas off into a new theme."""
    form = SplitForm()

    def action(session):
        cluster = _cluster_in(session, cluster_id)
        chosen = public_ids.idea_ids(form.idea_ids.data)
        new = clustering_edits.split_cluster(cluster, chosen, session)
        count = len(new.members)
        noun = "idea" if count == 1 else "ideas"
        return f"Split {count} {noun} into a new theme: “{new.label}”.", f"theme-{new.id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/<int:cluster_id>/promote")
@login_required
def promote(session_id: int, cluster_id: int):
    """Promote a theme to a candidate standard."""
    form = ActionForm()

    def action(session):
        standard = standards.promote_cluster(_cluster_in(session, cluster_id), session)
        return f"“{standard.title}” is now a candidate standard.", f"theme-{cluster_id}"

    return _edit(session_id, form, action)


@bp.post("/<int:session_id>/themes/duplicates/merge")
@login_required
def merge_duplicates(session_id: int):
    """Merge a near-duplicate idea into the idea that stays."""
    form = MergeIdeasForm()

    def action(session):
        keep = _idea_in(session, form.keep_id.data)
        duplicate = _idea_in(session, form.duplicate_id.data)
        merge_ideas(keep, duplicate, actor=current_user)
        return f"Merged the duplicate into {_quote(keep.text)}.", f"idea-{keep.public_id}"

    return _edit(session_id, form, action)


@bp.get("/<int:session_id>/standards")
@login_required
def standards_page(session_id: int):
    """The session's candidate standards, best supported first."""
    session = viewable_session(session_id)
    items = standards.scored_standards(session)
    return render_template(
        "themes/standards.html", session=session, items=items, min_group=min_group()
    )
