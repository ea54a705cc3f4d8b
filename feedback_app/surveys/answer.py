"""The public answer page: a short link, big tap targets, no account, nothing stored about
the person answering."""

from flask import redirect, render_template, request, url_for

from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.services import survey_answers, surveys
from feedback_app.surveys.blueprint import bp
from feedback_app.web.forms import ActionForm
from feedback_app.web.rate_limits import survey_limits
from feedback_app.web.survey_cookie import browser_token, held_token

HONEYPOT = "website"
NPS_SCALE = range(0, 11)
CSAT_SCALE = [(1, "Very unhappy"), (2, "Unhappy"), (3, "Neutral"), (4, "Happy"), (5, "Very happy")]
STEP_CHOICES = [("yes", "Yes"), ("partly", "Partly"), ("no", "No")]


def _tag(name: str):
    value = request.values.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _page(survey, *, form, values=None, errors=None, status=200):
    return (
        render_template(
            "surveys/answer.html",
            survey=survey,
            form=form,
            values=values or {},
            errors=errors or {},
            team_id=_tag("team"),
            segment_id=_tag("segment"),
            csat_scale=CSAT_SCALE,
            nps_scale=NPS_SCALE,
            step_choices=STEP_CHOICES,
            honeypot=HONEYPOT,
        ),
        status,
    )


@bp.get("/q/<code>")
def answer(code: str):
    """The survey on a phone (or why it takes no answers now)."""
    survey = surveys.survey_by_code(code)
    if survey.status != "open":
        return render_template("surveys/closed.html", survey=survey), 409
    if survey_answers.already_answered(survey, held_token()):
        return redirect(url_for("customer_surveys.thanks", code=survey.code, again=1), code=303)
    return _page(survey, form=ActionForm())


@bp.post("/q/<code>")
@survey_limits
def submit(code: str):
    """Store the answers; a bad value shows the page again with every answer kept."""
    survey = surveys.survey_by_code(code)
    form = ActionForm()
    values = {q.id: request.form.get(f"q{q.id}", "") for q in survey.questions}
    values["comment"] = request.form.get("comment", "")
    if not form.validate_on_submit():
        return _page(survey, form=form, values=values, status=400)
    answers = {q.id: values[q.id] for q in survey.questions}
    try:
        survey_answers.submit_response(
            survey,
            answers,
            comment=values["comment"],
            team_id=_tag("team"),
            segment_id=_tag("segment"),
            browser_token=browser_token(),
            honeypot=request.form.get(HONEYPOT, ""),
        )
    except ValidationFailed as error:
        return _page(survey, form=form, values=values, errors=error.fields, status=422)
    except Conflict as error:
        if error.code == "already_answered":
            return redirect(url_for("customer_surveys.thanks", code=survey.code, again=1), code=303)
        return render_template("surveys/closed.html", survey=survey), 409
    return redirect(url_for("customer_surveys.thanks", code=survey.code), code=303)


@bp.get("/q/<code>/thanks")
def thanks(code: str):
    """Thank the customer (and say so again to one who answered before)."""
    survey = surveys.survey_by_code(code)
    return render_template("surveys/thanks.html", survey=survey, again=request.args.get("again"))
