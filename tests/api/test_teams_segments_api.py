"""/api/v1/teams and /api/v1/segments: creating teams, importing the segment register from CSV,
and exporting it."""

import pytest
from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import CustomerSegment, Team
from feedback_app.services import segments
from tests.export_readers import csv_rows, workbook
from tests.factories import join, make_candidate, make_session, make_user

GOOD = (
    "name,description,share_percent,channels,needs\n"
    'Retired regulars,Visit weekly,18,"in person, phone",Time to talk\n'
    "Busy commuters,,35%,app,Speed\n"
)


def _import(api, token, body, content_type="text/csv"):
    return api.call(
        "POST",
        "/api/v1/segments/import",
        token,
        data=body if isinstance(body, bytes) else body.encode(),
        content_type=content_type,
    )


def _stored() -> list[tuple]:
    rows = db.session.execute(
        select(
            CustomerSegment.name,
            CustomerSegment.share_percent,
            CustomerSegment.channels,
            CustomerSegment.needs,
        ).order_by(CustomerSegment.name)
    )
    return [tuple(row) for row in rows]


@pytest.fixture
def manager_token(api):
    return api.token_for(make_user("manager"))


def test_a_valid_file_imports_every_row(api, manager_token):
    response = _import(api, manager_token, GOOD)
    assert response.status_code == 201
    assert response.json == {"imported": 2}
    assert _stored() == [
        ("Busy commuters", 35.0, ["app"], "Speed"),
        ("Retired regulars", 18.0, ["in person", "phone"], "Time to talk"),
    ]
    listed = api.call("GET", "/api/v1/segments", manager_token).json
    assert [segment["name"] for segment in listed] == ["Busy commuters", "Retired regulars"]


def test_one_bad_row_refuses_the_whole_file_with_each_bad_row_numbered(api, manager_token):
    body = (
        "name,share_percent,channels\n"
        "Students,12,web\n"
        "X,10,web\n"  # row 3: name too short
        "Families,140,web\n"  # row 4: share out of range
        "\n"  # row 5: blank, skipped but counted
        "Tourists,5,carrier pigeon\n"  # row 6: unknown channel
        "students,3,app\n"  # row 7: same name as row 2
    )
    response = _import(api, manager_token, body)
    assert response.status_code == 422
    rows = response.json["error"]["fields"]["rows"]
    assert [row["row"] for row in rows] == [3, 4, 6, 7]
    assert "name" in rows[0]["message"]
    assert "0 to 100" in rows[1]["message"]
    assert "carrier pigeon" in rows[2]["message"]
    assert rows[3]["message"] == "“students” is also the name of row 2."
    assert _stored() == []


def test_a_name_already_in_the_register_is_a_bad_row(api, manager_token):
    segments.create_segment({"name": "Busy commuters"})
    response = _import(api, manager_token, GOOD)
    assert response.status_code == 422
    assert response.json["error"]["fields"]["rows"] == [
        {"row": 3, "message": "A segment called “Busy commuters” already exists."}
    ]
    assert [name for name, *_ in _stored()] == ["Busy commuters"]


def test_bom_semicolons_and_windows_line_ends_are_read(api, manager_token):
    body = "\ufeffName;Share_percent;Channels\r\nCafé owners;12,5;phone, e-mail\r\n"
    response = _import(api, manager_token, body.encode("utf-8"))
    assert response.status_code == 201, response.json
    assert _stored() == [("Café owners", 12.5, ["phone", "e-mail"], "")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "The file is empty: it needs a header row and at least one segment."),
        ("name,description\n", "The file has a header row but no segments."),
    ],
)
def test_an_empty_file_is_refused(api, manager_token, body, message):
    response = _import(api, manager_token, body)
    assert response.status_code == 422
    assert response.json["error"]["message"] == message
    assert response.json["error"]["fields"]["rows"] == []


def test_wrong_headers_are_reported_on_row_one(api, manager_token):
    response = _import(api, manager_token, "title,share\nStudents,12\n")
    assert response.status_code == 422
    [row] = response.json["error"]["fields"]["rows"]
    assert row["row"] == 1 and "Unknown column “title”" in row["message"]
    missing = _import(api, manager_token, "description\nSomething\n")
    assert missing.json["error"]["fields"]["rows"] == [
        {"row": 1, "message": "The header row needs a “name” column."}
    ]


def test_too_many_rows_is_413_and_nothing_imported(api, manager_token):
    body = "name\n" + "".join(f"Segment {n}\n" for n in range(segments.IMPORT_MAX_ROWS + 1))
    response = _import(api, manager_token, body)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"
    assert _stored() == []


def test_too_many_bytes_is_413(api, manager_token):
    body = "name,description\n" + "A segment," + "x" * (segments.IMPORT_MAX_BYTES) + "\n"
    assert _import(api, manager_token, body).status_code == 413


def test_a_body_that_is_not_csv_is_415(api, manager_token):
    response = _import(api, manager_token, '{"name": "x"}', content_type="application/json")
    assert response.status_code == 415


def test_import_needs_a_manager_or_admin(api):
    assert _import(api, None, GOOD).status_code == 401
    facilitator = api.token_for(make_user("facilitator"))
    assert _import(api, facilitator, GOOD).status_code == 403
    assert _stored() == []


def test_create_team_gives_its_link_once_and_refuses_a_duplicate_name(api):
    admin = api.token_for(make_user("admin"))
    response = api.call("POST", "/api/v1/teams", admin, json={"name": "  Shop  Leeds "})
    assert response.status_code == 201
    assert response.json["name"] == "Shop Leeds"
    assert "/t/" in response.json["link"]
    token = response.json["link"].rsplit("/", 1)[1]
    stored = db.session.scalar(select(Team).where(Team.name == "Shop Leeds"))
    assert stored.link_token_hash and token not in stored.link_token_hash
    again = api.call("POST", "/api/v1/teams", admin, json={"name": "shop leeds"})
    assert again.status_code == 409
    assert again.json["error"]["fields"] == {"name": "A team with that name already exists."}
    assert db.session.scalar(select(func.count(Team.id))) == 1
    listed = api.call("GET", "/api/v1/teams", admin).json
    assert listed == [{"id": stored.id, "name": "Shop Leeds", "description": "", "retired": False}]
    assert "link" not in listed[0]


def test_only_admins_create_teams(api):
    manager = api.token_for(make_user("manager"))
    assert api.call("POST", "/api/v1/teams", manager, json={"name": "Floor 2"}).status_code == 403
    assert api.call("GET", "/api/v1/teams", manager).status_code == 200
    assert api.call("GET", "/api/v1/teams").status_code == 401


def test_a_team_name_must_be_given(api):
    admin = api.token_for(make_user("admin"))
    response = api.call("POST", "/api/v1/teams", admin, json={"name": " "})
    assert response.status_code == 422
    assert "name" in response.json["error"]["fields"]


def test_a_file_that_is_not_csv_text_is_400(api, manager_token):
    response = _import(api, manager_token, b'name\n"Students\x00, unfinished quote\n')
    assert response.status_code == 400
    assert _stored() == []


def test_the_register_exports_in_three_formats_with_what_is_tagged(api, manager_token):
    assert _import(api, manager_token, GOOD + "=1+1,@risky,,web,-cheap\n").status_code == 201
    commuters = db.session.scalar(
        select(CustomerSegment).where(CustomerSegment.name == "Busy commuters")
    )
    standard = make_candidate(None, "Open a second till at peak", "Second till when busy")
    segments.tag_standard(standard, [commuters.id])
    exported = api.call("GET", "/api/v1/segments/export.csv", manager_token)
    assert (exported.status_code, exported.mimetype) == (200, "text/csv")
    day = utc_now().date().isoformat()
    assert exported.headers["Content-Disposition"] == f'attachment; filename="segments-{day}.csv"'
    rows = csv_rows(exported.data)
    assert [(r["name"], r["description"], r["needs"], r["standards"]) for r in rows] == [
        ("'=1+1", "'@risky", "'-cheap", "0"),
        ("Busy commuters", "", "Speed", "1"),
        ("Retired regulars", "Visit weekly", "Time to talk", "0"),
    ]
    assert rows[2]["channels"] == "in person, phone"
    document = api.call("GET", "/api/v1/segments/export.json", manager_token)
    assert document.mimetype == "application/json"
    assert document.json["segments"][1]["standards"] == [
        {"id": standard.id, "title": standard.title}
    ]
    assert document.json["segments"][0]["name"] == "=1+1"  # JSON carries the text as it is
    book = api.call("GET", "/api/v1/segments/export.xlsx", manager_token)
    assert book.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = workbook(book.data)["segments"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("=1+1", "s")  # never a formula


def test_the_export_needs_a_manager_or_admin(api):
    segments.create_segment({"name": "Students"})
    url = "/api/v1/segments/export.json"
    assert api.call("GET", url).status_code == 401
    facilitator = api.token_for(make_user("facilitator"))
    assert api.call("GET", "/api/v1/segments", facilitator).status_code == 200
    refused = api.call("GET", url, facilitator)  # it names every facilitator's sessions
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    _, participant = join(make_session(phase="collecting"))
    assert api.call("GET", url, participant).status_code == 403
    admin = api.token_for(make_user("admin"))
    assert [s["name"] for s in api.call("GET", url, admin).json["segments"]] == ["Students"]


def test_the_export_is_documented_and_clashes_with_no_other_route(client):
    spec = client.get("/api/openapi.json").json
    for fmt in ("csv", "json", "xlsx"):
        operation = spec["paths"][f"/api/v1/segments/export.{fmt}"]["get"]
        assert {"200", "401", "403"} <= set(operation["responses"])
    body = spec["paths"]["/api/v1/segments/export.json"]["get"]["responses"]["200"]["content"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/SegmentsDocument"}
    assert set(spec["paths"]["/api/v1/segments"]) >= {"get"}
    assert set(spec["paths"]["/api/v1/segments/import"]) >= {"post"}
