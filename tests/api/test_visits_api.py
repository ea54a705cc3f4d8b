"""/api/v1 mystery shopping: the checklist, filing once per Idempotency-Key (also in a
parallel burst), every field checked, who may do what, one-time links and exports."""

import csv
import io
import json
import threading
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import Visit
from tests.factories import join, make_location, make_session, make_user, publish_standard

TODAY = utc_now().date().isoformat()


def _count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(Visit))


@pytest.fixture
def setup(app, api):
    """A published standard, a team, and tokens for a shopper and a manager."""
    publish_standard()
    team_id = make_location("High Street").id
    shopper, manager = make_user("shopper"), make_user("manager")
    checklist = api.call("GET", "/api/v1/checklists/current", api.token_for(shopper)).json
    return {
        "team_id": team_id,
        "items": [item["id"] for item in checklist["items"]],
        "shopper": api.token_for(shopper),
        "manager": api.token_for(manager),
    }


def _body(setup, **changes) -> dict:
    first, second = setup["items"][:2]
    body = {
        "team_id": setup["team_id"],
        "visited_on": TODAY,
        "channel": "phone",
        "scores": {str(first): "yes", str(second): "partly"},
        "notes": "Quick answer",
    }
    return body | changes


def _post(api, token, body, key="burst-key-0001"):
    return api.call("POST", "/api/v1/visits", token, json=body, headers={"Idempotency-Key": key})


def test_the_checklist_lists_item_ids_by_stage_or_says_to_publish(app, api):
    token = api.token_for(make_user("shopper"))
    missing = api.call("GET", "/api/v1/checklists/current", token)
    assert missing.status_code == 409
    assert missing.json["error"]["code"] == "no_published_standard"
    publish_standard()
    checklist = api.call("GET", "/api/v1/checklists/current", token).json
    assert checklist["standard_version"] == 1 and checklist["scale"] == "yes_partly_no"
    assert checklist["items"][0]["stage_label"] == "Greet and listen"
    assert checklist["items"][0]["values"] == ["yes", "partly", "no"]
    manager = api.token_for(make_user("manager"))
    made = api.call("POST", "/api/v1/checklists", manager, json={"scale": "one_to_five"})
    assert made.status_code == 201 and made.json["items"][0]["values"] == [1, 2, 3, 4, 5]
    refused = api.call("POST", "/api/v1/checklists", token, json={"scale": "one_to_five"})
    assert refused.status_code == 403


def test_the_same_key_files_one_report_and_answers_the_same_body(setup, api):
    first = _post(api, setup["shopper"], _body(setup))
    again = _post(api, setup["shopper"], _body(setup))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json == again.json
    assert first.json["scores"] == {str(setup["items"][0]): "yes", str(setup["items"][1]): "partly"}
    assert first.json["score_percent"] == 75.0
    other = _post(api, setup["shopper"], _body(setup, channel="chat"))
    assert other.status_code == 422
    assert other.json["error"]["code"] == "idempotency_key_reused"
    assert _count() == 1
    listed = api.call("GET", f"/api/v1/visits?team_id={setup['team_id']}", setup["manager"])
    assert [visit["id"] for visit in listed.json] == [first.json["id"]]


def test_a_parallel_burst_of_one_key_files_one_report(setup, app, api):
    clients = [app.test_client() for _ in range(8)]
    statuses, bodies = [], []
    start, body = threading.Barrier(len(clients)), _body(setup)

    def send(client):
        start.wait()
        response = client.post(
            "/api/v1/visits",
            json=body,
            headers={
                "Authorization": f"Bearer {setup['shopper']}",
                "Idempotency-Key": "burst-key-1",
            },
        )
        statuses.append(response.status_code)
        bodies.append(response.json)

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    assert len({json.dumps(body, sort_keys=True) for body in bodies}) == 1
    assert _count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"team_id": 4040}, "team_id"),
        ({"team_id": "1"}, "team_id"),
        ({"visited_on": "2999-01-01"}, "visited_on"),
        ({"visited_on": "yesterday"}, "visited_on"),
        ({"channel": "fax"}, "channel"),
        ({"scores": {"1": "maybe"}}, "scores.1"),
        ({"scores": {"1": 4}}, "scores.1"),
        ({"scores": {"999999": "yes"}}, "scores.999999"),
        ({"scores": {}}, "scores"),
        ({"scores": "yes"}, "scores"),
        ({"notes": "x" * 2001}, "notes"),
        ({"item_notes": {"1": 5}}, "item_notes"),
    ],
)
def test_every_bad_field_is_a_422_that_names_it(setup, api, change, field):
    response = _post(api, setup["shopper"], _body(setup, **change), key="bad-fields-01")
    assert response.status_code == 422, response.json
    assert any(name.startswith(field) for name in response.json["error"]["fields"]), response.json
    assert _count() == 0


def test_a_missing_or_malformed_key_is_refused(setup, api):
    missing = api.call("POST", "/api/v1/visits", setup["shopper"], json=_body(setup))
    bad = _post(api, setup["shopper"], _body(setup), key="no spaces please")
    for response in (missing, bad):
        assert response.status_code == 422
        assert "Idempotency-Key" in response.json["error"]["fields"]
    assert _count() == 0


def test_who_may_file_and_read(setup, api):
    assert _post(api, None, _body(setup)).status_code == 401
    assert api.call("GET", "/api/v1/visits").status_code == 401
    facilitator = api.token_for(make_user("facilitator"))
    assert _post(api, facilitator, _body(setup)).status_code == 403
    assert api.call("GET", "/api/v1/visits", facilitator).status_code == 403
    session = make_session(phase="collecting")
    _, participant = join(session)
    assert _post(api, participant, _body(setup)).status_code == 403
    assert api.call("GET", "/api/v1/visits", participant).status_code == 403
    mine = _post(api, setup["shopper"], _body(setup), key="shopper-key-1")
    theirs = _post(api, setup["manager"], _body(setup), key="manager-key-1")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    own = api.call("GET", "/api/v1/visits", setup["shopper"]).json
    assert [visit["id"] for visit in own] == [mine.json["id"]]
    every = api.call("GET", "/api/v1/visits", setup["manager"]).json
    assert {visit["id"] for visit in every} == {mine.json["id"], theirs.json["id"]}
    # a shopper's token opens nothing of the staff side
    assert api.call("GET", "/api/v1/sessions", setup["shopper"]).status_code == 403


def test_a_one_time_link_files_one_report_as_a_bearer_token(setup, api):
    made = api.call(
        "POST",
        "/api/v1/visit-links",
        setup["manager"],
        json={"label": "Agency A", "team_id": setup["team_id"], "days": 3},
    )
    assert made.status_code == 201
    assert made.json["url"].endswith(f"/visits/link/{made.json['token']}")
    token = made.json["token"]
    first = _post(api, token, _body(setup), key="link-key-0001")
    resend = _post(api, token, _body(setup), key="link-key-0001")
    second = _post(api, token, _body(setup), key="link-key-0002")
    assert (first.status_code, resend.status_code, second.status_code) == (201, 200, 409)
    assert first.json["filed_by"] == "link"
    assert second.json["error"]["code"] == "link_used"
    assert _post(api, "vl_made-up", _body(setup)).status_code == 401
    assert api.call("POST", "/api/v1/visit-links", setup["shopper"], json={}).status_code == 403
    assert _count() == 1


def test_an_expired_link_files_nothing(setup, api):
    made = api.call("POST", "/api/v1/visit-links", setup["manager"], json={"days": 1}).json
    from feedback_app.models import VisitLink

    link = db.session.get(VisitLink, made["id"])
    link.expires_at = utc_now() - timedelta(minutes=1)
    db.session.commit()
    response = _post(api, made["token"], _body(setup), key="expired-key-1")
    assert response.status_code == 409 and response.json["error"]["code"] == "link_expired"


def test_exports_in_three_formats_for_managers_only(setup, api):
    _post(api, setup["shopper"], _body(setup, notes="=SUM(A1)"), key="export-key-01")
    csv_response = api.call("GET", "/api/v1/visits/export.csv", setup["manager"])
    assert csv_response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(csv_response.data.decode("utf-8-sig"))))
    assert [(row["team"], row["value"], row["score_percent"]) for row in rows] == [
        ("High Street", "yes", "100.0"),
        ("High Street", "partly", "50.0"),
    ]
    document = api.call("GET", "/api/v1/visits/export.json", setup["manager"]).json
    assert document["schema"] == "feedback_app.visits/1"
    assert document["visits"][0]["notes"] == "=SUM(A1)"
    assert document["visits"][0]["score_percent"] == 75.0
    xlsx = api.call("GET", "/api/v1/visits/export.xlsx", setup["manager"])
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["visits", "answers"]
    visits_sheet = list(workbook["visits"].values)
    assert visits_sheet[1][2] == "High Street" and visits_sheet[1][6] == 75.0
    assert visits_sheet[1][8] == "=SUM(A1)"  # text, never a formula
    assert api.call("GET", "/api/v1/visits/export.csv", setup["shopper"]).status_code == 403


def test_every_status_is_documented(app, client):
    spec = client.get("/api/openapi.json").json
    post = spec["paths"]["/api/v1/visits"]["post"]
    assert {"200", "201", "401", "403", "409", "422", "503"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    current = spec["paths"]["/api/v1/checklists/current"]["get"]
    assert {"200", "401", "403", "409"} <= set(current["responses"])
    assert "/api/v1/visits/export.xlsx" in spec["paths"]
