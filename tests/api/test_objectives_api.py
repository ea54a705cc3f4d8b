"""/api/v1/objectives: where each adopted objective stands, measurements, the next session."""

from datetime import date, timedelta

import pytest

from feedback_app.clock import utc_now
from feedback_app.services import decisions, objectives, privacy
from tests.export_readers import csv_rows, json_document, workbook
from tests.factories import (
    answer_survey,
    join,
    make_candidate,
    make_location,
    make_session,
    make_survey,
    make_user,
)

GREET = (
    "Greet every customer within ten seconds",
    "Say hello to customers as soon as they come in",
    "Greet customers at the counter with a smile",
)


@pytest.fixture
def setup(api):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET)
    decisions.decide(standard, "adopted", "Customers notice it", manager)
    objective = objectives.add_objective(
        standard, manager, metric="Time to greet", target=10, unit="seconds", measured_by="Checks"
    )
    return objective.id, api.token_for(manager)


def measure(api, token, objective_id, **fields):
    body = {"value": 12.5, "measured_on": date.today().isoformat(), "source": "Spot check"}
    body.update(fields)
    return api.call("POST", f"/api/v1/objectives/{objective_id}/measurements", token, json=body)


def test_objectives_show_target_current_status_and_trend(api, setup):
    objective_id, token = setup
    listed = api.call("GET", "/api/v1/objectives", token).json
    assert [(o["id"], o["status"], o["current"]) for o in listed] == [
        (objective_id, "not_measured", None)
    ]
    created = measure(api, token, objective_id, value=12.5)
    assert created.status_code == 201
    assert created.json["value"] == 12.5
    (item,) = api.call("GET", "/api/v1/objectives", token).json
    assert (item["target"], item["direction"], item["current"], item["status"]) == (
        10.0,
        "at_most",
        12.5,
        "missed",
    )
    assert item["trend"] == [
        {"month": date.today().replace(day=1).isoformat(), "value": 12.5, "count": 1, "computed": 0}
    ]
    assert api.call("GET", f"/api/v1/objectives/{objective_id}", token).json == item


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"value": "fast"}, "value"),
        ({"measured_on": (date.today() + timedelta(days=2)).isoformat()}, "measured_on"),
        ({"measured_on": "yesterday"}, "measured_on"),
        ({"source": ""}, "source"),
        ({"team_id": 424242}, "team_id"),
    ],
)
def test_bad_measurements_are_422_with_the_field(api, setup, fields, bad):
    objective_id, token = setup
    response = measure(api, token, objective_id, **fields)
    assert response.status_code == 422, response.json
    assert bad in response.json["error"]["fields"]
    assert api.call("GET", f"/api/v1/objectives/{objective_id}", token).json["trend"] == []


def test_a_missed_target_becomes_a_session_in_one_call(api, setup):
    objective_id, token = setup
    measure(api, token, objective_id, value=30)
    response = api.call("POST", f"/api/v1/objectives/{objective_id}/session", token)
    assert response.status_code == 201
    assert response.json["phase"] == "draft"
    assert "Time to greet" in response.json["prompt"]


def test_only_managers_and_admins_see_objectives(api, setup):
    objective_id, _ = setup
    facilitator = api.token_for(make_user("facilitator"))
    assert api.call("GET", "/api/v1/objectives", facilitator).status_code == 403
    assert api.call("GET", "/api/v1/objectives").status_code == 401
    assert measure(api, facilitator, objective_id).status_code == 403
    admin = api.token_for(make_user("admin"))
    assert api.call("GET", "/api/v1/objectives", admin).status_code == 200


def test_unknown_objectives_are_404(api, setup):
    _, token = setup
    assert api.call("GET", "/api/v1/objectives/9999", token).status_code == 404
    assert measure(api, token, 9999).status_code == 404
    assert api.call("POST", "/api/v1/objectives/9999/session", token).status_code == 404


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_measurements_and_progress_export_in_three_formats(api, setup):
    objective_id, token = setup
    measure(api, token, objective_id, value=9, source="=cmd|' /C calc'!A0")
    measure(api, token, objective_id, value=13, source="Till records")
    day = utc_now().date().isoformat()
    entered = api.call("GET", "/api/v1/objectives/export/measurements.csv", token)
    assert (entered.status_code, entered.mimetype) == (200, "text/csv")
    assert entered.headers["Content-Disposition"] == (
        f'attachment; filename="objectives-measurements-{day}.csv"'
    )
    assert [(row["objective"], row["value"], row["source"]) for row in csv_rows(entered.data)] == [
        (str(objective_id), "9.0", "'=cmd|' /C calc'!A0"),
        (str(objective_id), "13.0", "Till records"),
    ]
    progress = api.call("GET", "/api/v1/objectives/export/progress.json", token)
    assert (progress.status_code, progress.mimetype) == (200, "application/json")
    (item,) = progress.json["objectives"]
    assert (item["objective"], item["status"], item["current"]) == (objective_id, "at_risk", 11.0)
    assert item["trend"] == [{"month": day[:8] + "01", "mean": 11.0, "readings": 2}]
    listed = api.call("GET", "/api/v1/objectives", token).json[0]
    assert (item["current"], item["status"]) == (listed["current"], listed["status"])
    book = api.call("GET", "/api/v1/objectives/export/progress.xlsx", token)
    assert (book.status_code, book.mimetype) == (200, XLSX)
    assert workbook(book.data).sheetnames == ["objectives", "trend", "teams"]
    document = json_document(
        api.call("GET", "/api/v1/objectives/export/measurements.json", token).data
    )
    assert [m["value"] for m in document["objectives"][0]["measurements"]] == [9.0, 13.0]


def test_only_managers_and_admins_export_objectives(api, setup):
    url = "/api/v1/objectives/export/progress.csv"
    assert api.call("GET", url).status_code == 401
    facilitator = api.token_for(make_user("facilitator"))
    refused = api.call("GET", url, facilitator)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    _, participant = join(make_session(phase="collecting"))
    assert api.call("GET", url, participant).status_code == 403
    admin = api.token_for(make_user("admin"))
    assert len(csv_rows(api.call("GET", url, admin).data)) == 1


def test_the_exports_are_documented_beside_the_objectives(client):
    spec = client.get("/api/openapi.json").json
    for part in ("measurements", "progress"):
        for fmt in ("csv", "json", "xlsx"):
            operation = spec["paths"][f"/api/v1/objectives/export/{part}.{fmt}"]["get"]
            assert {"200", "401", "403"} <= set(operation["responses"])
    progress = spec["paths"]["/api/v1/objectives/export/progress.json"]["get"]
    body = progress["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ProgressDocument"}
    assert "/api/v1/objectives/{objective_id}" in spec["paths"]  # no clash with the export


def test_an_objective_measured_from_survey_answers_reports_its_nps(api, setup):
    objective_id, token = setup
    standard_id = api.call("GET", f"/api/v1/objectives/{objective_id}", token).json["standard_id"]
    privacy.set_min_group(3)
    url = f"/api/v1/standards/{standard_id}/objectives"
    body = {"metric": "Net Promoter Score", "target": 20, "measured_by": "Customer survey"}
    refused = api.call(
        "POST", url, token, json=body | {"unit": "percent", "measured_from": "survey_nps"}
    )
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"unit"}
    created = api.call(
        "POST", url, token, json=body | {"unit": "points", "measured_from": "survey_nps"}
    )
    assert created.status_code == 201, created.json
    assert created.json["measured_from"] == "survey_nps"
    north = make_location("North shop")
    survey = make_survey()
    for score in (10, 9, 7, 2):
        answer_survey(survey, nps=score, team_id=north.id)
    listed = api.call("GET", "/api/v1/objectives", token).json
    item = next(o for o in listed if o["id"] == created.json["id"])
    month = date.today().replace(day=1).isoformat()
    assert (item["measured_from"], item["current"], item["month"], item["status"]) == (
        "survey_nps",
        25.0,  # 2 promoters, 1 detractor of 4 answers
        month,
        "on_track",
    )
    assert item["trend"] == [{"month": month, "value": 25.0, "count": 4, "computed": 4}]
    assert [(t["team"], t["current"], t["status"]) for t in item["teams"]] == [
        ("North shop", 25.0, "on_track")
    ]
