"""Views of mystery shopping: the phone-first report form (for a shopper's account or a
one-time link), a shopper's own reports, and the managers' scores, checklist and links.

A shopper's account reaches these pages and nothing else of the staff side.
"""

from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import DomainError, Forbidden
from feedback_app.models import VisitLink
from feedback_app.models.visits import VISIT_CHANNELS
from feedback_app.services import visit_scores, visits
from feedback_app.services.exports.visits import VISIT_FORMATS, export_visits
from feedback_app.services.teams import list_teams
from feedback_app.visits.charts import score_charts
from feedback_app.visits.forms import (
    CHANNEL_LABELS,
    SCALE_LABELS,
    VALUE_LABELS,
    LinkForm,
    ReportForm,
    ScaleForm,
    new_key,
    report_fields,
)
from feedback_app.web.downloads import download_response
from feedback_app.web.permissions import role_required

bp = Blueprint("visits", __name__, url_prefix="/visits")

FILERS = visits.FILING_ROLES
MANAGERS = visits.MANAGING_ROLES
# Staff pages a shopper's account may not open (public pages stay public).
STAFF_BLUEPRINTS = {"facilitate", "results", "workspace", "admin", "themes", "decide"}


@bp.before_app_request
def keep_shoppers_to_their_pages():
    """A shopper lands on their reports, and every other staff page refuses them."""
    if not current_user.is_authenticated or not current_user.is_shopper:
        return None
    if request.endpoint == "facilitate.dashboard":  # where logging in leads staff
        return redirect(url_for("visits.index"))
    if request.blueprint in STAFF_BLUEPRINTS:
        raise Forbidden(messages.SHOPPER_PAGES_ONLY)
    return None


def stage_groups(items: list) -> list[tuple[str, list]]:
    """Checklist items in runs of one protocol stage, in the checklist's order."""
    return [(label, list(run)) for label, run in groupby(items, key=lambda i: i.stage_label)]


def _draft_key(link: VisitLink | None) -> str:
    return f"visit-draft:link:{link.id}" if link else f"visit-draft:user:{current_user.id}"


def _report_page(link: VisitLink | None, token: str = ""):
    """Draw the form (GET) or file the report (POST); a bad report comes back with every
    value as sent and a message at each field at fault (422)."""
    try:
        checklist = visits.current_checklist()
    except DomainError as error:
        return render_template("visits/no_checklist.html", problem=error.message), 409
    form = ReportForm()
    values, problems, status = {}, {}, 200
    if request.method == "POST":
        values = report_fields(request.form)
        if form.validate_on_submit():
            filer = link if link is not None else current_user
            try:
                visit, created = visits.file_visit(filer, values, form.idempotency_key.data)
            except DomainError as error:
                problems = error.fields or {"form": error.message}
                status = error.status
                if error.code == "idempotency_key_reused":  # filed before, then changed
                    problems = {"form": messages.VISIT_FORM_FILED_BEFORE}
                    form.idempotency_key.data = new_key()
            else:
                if link is not None:
                    return redirect(url_for("visits.link_done", token=token), code=303)
                flash(messages.VISIT_FILED if created else messages.VISIT_ALREADY_FILED, "success")
                return redirect(url_for("visits.report", visit_id=visit.id), code=303)
        else:
            problems, status = {"form": messages.VISIT_FORM_EXPIRED}, 400
    if not form.idempotency_key.data:
        form.idempotency_key.data = new_key()
    page = render_template(
        "visits/report_form.html",
        form=form,
        checklist=checklist,
        stages=stage_groups(checklist.items),
        teams=list_teams() if not (link and link.team_id) else [link.team],
        channels=[(c, CHANNEL_LABELS[c]) for c in VISIT_CHANNELS],
        value_labels=VALUE_LABELS,
        values=values,
        problems=problems,
        draft_key=_draft_key(link),
        today=utc_now().date().isoformat(),
        link=link,
    )
    return page, status


@bp.route("/new", methods=["GET", "POST"])
@role_required(*FILERS)
def new_report():
    """A shopper (or a manager) files a visit report."""
    return _report_page(None)


@bp.route("/link/<token>", methods=["GET", "POST"])
def link_report(token: str):
    """An external shopper files the one report their link allows. A form sent again after
    the link was spent still reaches the service, which answers with the report it filed."""
    try:
        link = visits.link_by_token(token) if request.method == "POST" else None
        link = link or visits.link_for_token(token)  # unknown (404), or spent or expired (409)
    except DomainError as error:
        return render_template("visits/link_closed.html", problem=error.message), error.status
    return _report_page(link, token)


@bp.get("/link/<token>/done")
def link_done(token: str):
    """Thank the external shopper; the link is spent."""
    link = visits.link_by_token(token)
    if link is None or link.used_at is None:
        abort(404)
    return render_template("visits/link_done.html", draft_key=_draft_key(link))


@bp.get("/")
@role_required(*FILERS)
def index():
    """A shopper's own reports; managers go to the scores."""
    if current_user.role in MANAGERS:
        return redirect(url_for("visits.scores"))
    reports = visits.visits_for(current_user)
    return render_template(
        "visits/mine.html", reports=reports, score_of=visits.visit_score, draft_key=_draft_key(None)
    )


@bp.get("/<int:visit_id>")
@role_required(*FILERS)
def report(visit_id: int):
    """One report with its answers."""
    visit = visits.visit_for(current_user, visit_id)
    return render_template(
        "visits/report.html",
        visit=visit,
        score=visits.visit_score(visit),
        value_labels=dict(pair for pairs in VALUE_LABELS.values() for pair in pairs),
        draft_key=_draft_key(None),
    )


def _team_filter() -> int | None:
    text = request.args.get("team_id", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 11:
        abort(400, description=messages.VISIT_TEAM_UNKNOWN)
    return int(text)


@bp.get("/scores")
@role_required(*MANAGERS)
def scores():
    """Scores per team, per protocol stage and step, the trend over visits, every report."""
    team_id = _team_filter()
    overview = visit_scores.overview(team_id)
    return render_template(
        "visits/scores.html",
        overview=overview,
        charts=score_charts(overview),
        reports=visits.visits_for(current_user, team_id),
        teams=list_teams(),
        team_id=team_id,
        formats=VISIT_FORMATS,
    )


def _checklist_page(link_form: LinkForm | None = None, new_link: str = "", status: int = 200):
    try:
        checklist = visits.current_checklist()
    except DomainError as error:
        checklist, problem = None, error.message
    else:
        problem = ""
    link_form = link_form or LinkForm()
    link_form.team_id.choices = [(0, "Any team or location")] + [
        (team.id, team.name) for team in list_teams()
    ]
    page = render_template(
        "visits/checklist.html",
        checklist=checklist,
        problem=problem,
        scale_form=ScaleForm(scale=checklist.scale if checklist else None),
        link_form=link_form,
        scale_labels=SCALE_LABELS,
        new_link=new_link,
        links=visits.open_links(),
    )
    return page, status


@bp.get("/checklist")
@role_required(*MANAGERS)
def checklist():
    """The current checklist, its scale, and the one-time links still open."""
    return _checklist_page()


@bp.post("/checklist")
@role_required(*MANAGERS)
def regenerate_checklist():
    """Make a new checklist from the current standard with the scale chosen."""
    form = ScaleForm()
    if form.validate_on_submit():
        try:
            visits.generate_checklist(current_user, form.scale.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(messages.CHECKLIST_MADE, "success")
    else:
        flash(messages.SCALE_UNKNOWN, "error")
    return redirect(url_for("visits.checklist"), code=303)


@bp.post("/links")
@role_required(*MANAGERS)
def issue_link():
    """Issue a one-time link and show it this once."""
    form = LinkForm()
    form.team_id.choices = [(0, "")] + [(team.id, team.name) for team in list_teams()]
    if not form.validate_on_submit():
        return _checklist_page(form, status=422)
    try:
        _, token = visits.issue_link(
            current_user,
            label=form.label.data or "",
            team_id=form.team_id.data or None,
            days=form.days.data,
        )
    except DomainError as error:
        form.label.errors = [*form.label.errors, error.message]
        return _checklist_page(form, status=error.status)
    url = url_for("visits.link_report", token=token, _external=True)
    return _checklist_page(LinkForm(formdata=None), new_link=url, status=201)


@bp.get("/export.<export_format>")
@role_required(*MANAGERS)
def export(export_format: str):
    """Download the reports (of one team with team_id) as CSV, JSON or Excel."""
    if export_format not in VISIT_FORMATS:
        abort(404)
    reports = visits.visits_for(current_user, _team_filter())
    return download_response(export_visits(reports, export_format))
