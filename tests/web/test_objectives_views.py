"""Measured objectives in the browser without JavaScript: the dashboard, one objective's page,
recording a measurement, and a missed target turned into a session."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Measurement, Team
from feedback_app.services import decisions, measurements, objectives, privacy
from tests.export_readers import csv_rows, json_document, workbook
from tests.factories import (
    answer_survey,
    make_candidate,
    make_session,
    make_survey,
    make_user,
    reload,
)
from tests.web.html_forms import form_with_button, page_text, post_form, press, readable_text

GREET = (
    "Greet every customer within ten seconds",
    "Say hello to customers as soon as they come in",
    "Greet customers at the counter with a smile",
)


def _text(response) -> str:
    return " ".join(readable_text(response.get_data(as_text=True)).split())


@pytest.fixture
def manager(app):
    return make_user("manager")


@pytest.fixture
def objective(manager):
    standard = make_candidate(None, *GREET)
    decisions.decide(standard, "adopted", "Customers notice it", manager)
    return objectives.add_objective(
        standard, manager, metric="Time to greet", target=10, unit="seconds", measured_by="Checks"
    )


@pytest.mark.parametrize("url", ["/objectives", "/objectives/1"])
def test_facilitators_are_forbidden_and_visitors_sent_to_log_in(client, auth, objective, url):
    assert client.get(url).status_code == 302
    auth.login(make_user("facilitator"))
    assert client.get(url).status_code == 403


def test_the_dashboard_says_where_each_objective_stands(client, auth, manager, objective):
    north = Team(name="North shop")
    db.session.add(north)
    db.session.commit()
    measurements.record_measurement(
        objective, manager, value=16, measured_on=date.today(), source="Spot check"
    )
    measurements.record_measurement(
        objective, manager, value=8, measured_on=date.today(), source="Spot", team_id=north.id
    )
    auth.login(manager)
    page = _text(client.get("/objectives"))
    assert "Greet and listen" in page
    assert "Time to greet" in page and "at most 10 seconds" in page
    assert "12 seconds" in page  # the month's mean of 16 and 8
    assert "Missed" in page
    assert "North shop" in page and "On track" in page
    assert "Create this session" in page


def test_recording_a_measurement_shows_it_and_its_trend(client, auth, manager, objective):
    auth.login(manager)
    page = f"/objectives/{objective.id}"
    assert "Not measured yet" in _text(client.get(page))
    response = press(
        client,
        page,
        "Record",
        value="9.5",
        measured_on=date.today().isoformat(),
        source="Timed spot check, front desk",
    )
    assert response.status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "9.5 seconds" in readable_text(shown)
    assert 'class="chart chart-line"' in shown and "chart-target" in shown
    assert "On track" in readable_text(shown)
    assert "Timed spot check, front desk" in readable_text(shown)


def test_a_bad_measurement_comes_back_with_what_was_typed(client, auth, manager, objective):
    auth.login(manager)
    page = f"/objectives/{objective.id}"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = press(client, page, "Record", value="12", measured_on=tomorrow, source="Till")
    assert response.status_code == 422
    assert "not in the future" in _text(response)
    form = form_with_button(response.get_data(as_text=True), "Record")
    assert ("value", "12.0") in form.fields or ("value", "12") in form.fields
    assert ("source", "Till") in form.fields
    assert db.session.scalars(select(Measurement)).all() == []


def test_a_missed_target_becomes_a_draft_session_in_one_click(client, auth, manager, objective):
    measurements.record_measurement(
        objective, manager, value=30, measured_on=date.today(), source="Spot check"
    )
    auth.login(manager)
    dashboard = client.get("/objectives").get_data(as_text=True)
    response = post_form(client, form_with_button(dashboard, "Create this session"))
    assert response.status_code == 302
    session = db.session.scalars(
        select(BrainstormSession).order_by(BrainstormSession.id.desc())
    ).first()
    assert response.headers["Location"] == f"/sessions/{session.id}"
    assert session.phase == "draft" and "Time to greet" in session.prompt
    assert "Created a draft session" in _text(client.get(response.headers["Location"]))


EXPORT_LINK = re.compile(r'href="(/objectives/export/(\w+)\.(\w+))" download>')


def test_the_dashboard_links_both_exports_and_each_downloads(client, auth, manager, objective):
    today = utc_now().date()
    measurements.record_measurement(
        objective, manager, value=12, measured_on=today, source="@ the front desk"
    )
    auth.login(manager)
    links = {
        (part, fmt): href
        for href, part, fmt in EXPORT_LINK.findall(page_text(client.get("/objectives")))
    }
    assert set(links) == {
        (part, fmt) for part in ("measurements", "progress") for fmt in ("csv", "json", "xlsx")
    }
    downloads = {}
    for key, href in links.items():
        response = client.get(href)
        response.get_data()  # a streamed body is read before the next request
        assert response.status_code == 200
        downloads[key] = response
    entered = downloads["measurements", "csv"]
    assert entered.headers["Content-Disposition"] == (
        f'attachment; filename="objectives-measurements-{today.isoformat()}.csv"'
    )
    assert [(row["metric"], row["value"], row["source"]) for row in csv_rows(entered.data)] == [
        ("Time to greet", "12.0", "'@ the front desk")
    ]
    (standing,) = csv_rows(downloads["progress", "csv"].data)
    assert (standing["status"], standing["current"], standing["readings"]) == (
        "missed",
        "12.0",
        "1",
    )
    document = json_document(downloads["progress", "json"].data)
    assert document["objectives"][0]["trend"][0]["mean"] == 12.0
    assert json_document(downloads["measurements", "json"].data)["schema"] == (
        "feedback_app.measurements/1"
    )
    assert workbook(downloads["progress", "xlsx"].data).sheetnames == [
        "objectives",
        "trend",
        "teams",
    ]
    assert workbook(downloads["measurements", "xlsx"].data).sheetnames == ["measurements"]
    assert client.get("/objectives/export/progress.pdf").status_code == 404
    assert client.get("/objectives/export/everything.csv").status_code == 404


def test_the_exports_are_for_managers_and_admins_only(client, auth, objective):
    url = "/objectives/export/measurements.csv"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    session = make_session(phase="collecting")
    assert press(client, f"/j/{session.join_code}", "Join anonymously").status_code == 302
    as_participant = client.get("/objectives/export/progress.json")
    assert as_participant.status_code == 302 and "/login" in as_participant.headers["Location"]
    auth.login(make_user("facilitator"))
    assert client.get(url).status_code == 403
    assert client.get("/objectives/export/progress.xlsx").status_code == 403


def test_an_objective_measured_from_surveys_is_added_and_shows_its_answers(
    client, auth, manager, objective
):
    privacy.set_min_group(3)
    auth.login(manager)
    url = f"/standards/{objective.standard_id}"
    page = client.get(url).get_data(as_text=True)
    assert '<option value="survey_csat">' in page
    fields = {"metric": "Satisfied customers", "target": "80", "measured_by": "Customer survey"}
    refused = press(
        client, url, "Add objective", measured_from="survey_csat", unit="seconds", **fields
    )
    assert refused.status_code == 303
    assert "set the unit to percent" in _text(client.get(refused.headers["Location"]))
    assert [o.metric for o in reload(objective.standard).objectives] == ["Time to greet"]
    press(client, url, "Add objective", measured_from="survey_csat", unit="percent", **fields)
    added = reload(objective.standard).objectives[-1]
    assert (added.metric, added.measured_from, added.unit) == (
        "Satisfied customers",
        "survey_csat",
        "percent",
    )
    survey = make_survey(manager)
    for score in (5, 4, 2):
        answer_survey(survey, csat=score)
    dashboard = _text(client.get("/objectives"))
    assert "66.67 percent" in dashboard and "from 3 survey answers" in dashboard
    shown = _text(client.get(f"/objectives/{added.id}"))
    assert "customer surveys: share satisfied" in shown and "from 3 survey answers" in shown
