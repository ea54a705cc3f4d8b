"""/api/v1/teams and /api/v1/segments: creating teams, importing the segment register from CSV."""

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import CustomerSegment, Team
from feedback_app.services import segments
from tests.factories import make_user

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
