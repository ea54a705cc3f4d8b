"""GET /api/v1/sessions/<id>/export.<format> and /api/v1/exports: staff download results."""

import pytest

from feedback_app.services.ranking import rank_ideas
from tests.export_readers import EXACT_TIME, csv_rows, json_document, pdf_text, workbook
from tests.factories import join, make_results_session, make_session, make_user

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@pytest.fixture
def owned(app):
    owner = make_user()
    session, _, tokens = make_results_session(owner)
    return owner, session, tokens


@pytest.mark.parametrize("export_format", list(MEDIA_TYPES))
def test_owner_downloads_each_format_as_an_attachment(api, owned, export_format):
    owner, session, _ = owned
    url = f"/api/v1/sessions/{session.id}/export.{export_format}"
    response = api.call("GET", url, api.token_for(owner))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == MEDIA_TYPES[export_format]
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="session-{session.id}-results.{export_format}"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    top = rank_ideas(session)[0].text
    if export_format == "csv":
        assert csv_rows(response.data)[0]["idea"] == top
    elif export_format == "json":
        assert json_document(response.data)["sessions"][0]["ideas"][0]["text"] == top
    elif export_format == "xlsx":
        assert workbook(response.data)["Ideas"]["C2"].value == top
    else:
        assert top in pdf_text(response.data)


def test_who_may_export_a_session(api, owned):
    owner, session, tokens = owned
    url = f"/api/v1/sessions/{session.id}/export.csv"
    assert api.call("GET", url).status_code == 401
    assert api.call("GET", url, tokens[0]).status_code == 403
    other = api.call("GET", url, api.token_for(make_user()))
    assert other.status_code == 403 and other.json["error"]["code"] == "forbidden"
    for role in ("manager", "admin"):
        response = api.call("GET", url, api.token_for(make_user(role=role)))
        assert response.status_code == 200 and csv_rows(response.data)


def test_unknown_session_or_format_is_not_found(api, owned):
    owner, session, _ = owned
    token = api.token_for(owner)
    missing = api.call("GET", "/api/v1/sessions/99999/export.json", token)
    assert missing.status_code == 404
    assert set(missing.json["error"]) == {"code", "message", "fields"}
    assert api.call("GET", f"/api/v1/sessions/{session.id}/export.txt", token).status_code == 404


def test_a_selection_in_one_file_with_a_session_column(api, owned):
    owner, session, _ = owned
    second = make_session(owner, phase="collecting", title="Second")
    join(second)
    token = api.token_for(owner)
    url = f"/api/v1/exports?session_ids={session.id},{second.id},{session.id}&format=json"
    response = api.call("GET", url, token)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="sessions-{session.id}-{second.id}-results.json"'
    )
    document = json_document(response.data)
    assert [entry["session"]["title"] for entry in document["sessions"]] == [
        "Refunds = trust",
        "Second",
    ]
    assert not EXACT_TIME.search(response.data.decode())
    rows = csv_rows(api.call("GET", url.replace("format=json", "format=csv"), token).data)
    assert {row["session"] for row in rows} == {str(session.id)}
    assert list(rows[0])[:3] == ["session", "session_title", "rank"]
    for export_format in ("xlsx", "pdf"):
        other = api.call("GET", url.replace("format=json", f"format={export_format}"), token)
        assert other.status_code == 200 and len(other.data) > 1000
        assert other.headers["Content-Type"] == MEDIA_TYPES[export_format]


@pytest.mark.parametrize(
    "query, field",
    [
        ("session_ids=1&format=txt", "format"),
        ("session_ids=1", "format"),
        ("format=csv", "session_ids"),
        ("session_ids=1,x&format=csv", "session_ids"),
        ("session_ids=&format=csv", "session_ids"),
        ("session_ids=0&format=csv", "session_ids"),
        ("session_ids=99999999999&format=csv", "session_ids"),
        ("session_ids=" + ",".join(str(n) for n in range(1, 52)) + "&format=csv", "session_ids"),
    ],
)
def test_bad_selection_is_422_naming_the_field(api, owned, query, field):
    owner, _, _ = owned
    response = api.call("GET", f"/api/v1/exports?{query}", api.token_for(owner))
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_failed" and field in error["fields"]


def test_a_selection_needs_every_session_to_be_visible(api, owned):
    owner, session, tokens = owned
    someone_elses = make_session(title="Not yours")
    url = f"/api/v1/exports?session_ids={session.id},{someone_elses.id}&format=csv"
    assert api.call("GET", url, api.token_for(owner)).status_code == 403
    managed = api.call("GET", url, api.token_for(make_user(role="manager")))
    assert managed.status_code == 200
    assert [row["session_title"] for row in csv_rows(managed.data)][0] == "Refunds = trust"
    assert api.call("GET", url).status_code == 401
    assert api.call("GET", url, tokens[0]).status_code == 403
    unknown = f"/api/v1/exports?session_ids={session.id},99999&format=csv"
    assert api.call("GET", unknown, api.token_for(owner)).status_code == 404


def test_openapi_documents_the_exports_with_their_media_types(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for export_format, media_type in MEDIA_TYPES.items():
        operation = paths[f"/api/v1/sessions/{{session_id}}/export.{export_format}"]["get"]
        assert operation["operationId"] == f"export_session_{export_format}"
        assert list(operation["responses"]["200"]["content"]) == [media_type.split(";")[0]]
        assert {"401", "403", "404"} <= set(operation["responses"])
    selection = paths["/api/v1/exports"]["get"]
    assert set(selection["responses"]["200"]["content"]) == {
        media_type.split(";")[0] for media_type in MEDIA_TYPES.values()
    }
    assert {"401", "403", "404", "422"} <= set(selection["responses"])
    assert {p["name"] for p in selection["parameters"]} == {"session_ids", "format"}


def test_a_real_server_streams_the_export_after_the_request_has_ended(app, owned):
    """The stream runs after the view returned (and its database session was removed)."""
    import httpx

    from feedback_app.services.accounts import issue_api_token
    from tests.e2e.live import serve

    owner, session, _ = owned
    token = issue_api_token(owner)
    with serve(app) as live:
        for export_format in MEDIA_TYPES:
            url = f"{live.url}/api/v1/sessions/{session.id}/export.{export_format}"
            response = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
            assert response.status_code == 200, response.text[:500]
            assert len(response.content) > 500
