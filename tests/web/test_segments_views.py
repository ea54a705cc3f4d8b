"""The segment register in the browser: add, edit, delete, import a CSV file (a bad file is
refused whole with its row report), the template, and tags on sessions and standards."""

import io
import re

import pytest
from sqlalchemy import select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, CustomerSegment
from feedback_app.services import segments
from tests.export_readers import csv_rows, json_document, workbook
from tests.factories import make_candidate, make_session, make_user
from tests.web.conftest import WebAuth
from tests.web.html_forms import csrf_token_from, page_text, press


@pytest.fixture
def manager(auth):
    user = make_user("manager")
    auth.login(user)
    return user


def _names() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(CustomerSegment.name).order_by(CustomerSegment.name)))


def _upload(client, content: bytes):
    token = csrf_token_from(client, "/segments")
    return client.post(
        "/segments/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), "segments.csv")},
        content_type="multipart/form-data",
    )


def test_a_manager_adds_a_segment_with_channels(client, manager):
    response = press(
        client,
        "/segments",
        "Add segment",
        name="Busy commuters",
        share_percent="35",
        channels=["app", "phone"],
        needs="Speed",
    )
    assert response.status_code == 302
    segment = db.session.scalar(select(CustomerSegment))
    assert (segment.name, segment.share_percent, segment.channels, segment.needs) == (
        "Busy commuters",
        35.0,
        ["phone", "app"],
        "Speed",
    )


def test_a_bad_share_keeps_what_was_typed_and_says_why(client, manager):
    response = press(client, "/segments", "Add segment", name="Students", share_percent="150")
    assert response.status_code == 422
    text = page_text(response)
    assert "The share of customers must be a number from 0 to 100 (percent)." in text
    assert 'value="Students"' in text
    assert _names() == []


def test_a_bad_file_is_refused_whole_with_its_row_report_then_a_good_file_imports(client, manager):
    bad = _upload(client, b"name,share_percent\nStudents,12\nFamilies,140\nX,5\n")
    assert bad.status_code == 422
    text = page_text(bad)
    assert "Nothing was imported: 2 row(s) need fixing first." in text
    assert "Row 3:" in text and "Row 4:" in text
    assert _names() == []
    good = _upload(client, b"name,share_percent\nStudents,12\nFamilies,40\n")
    assert good.status_code == 302
    assert _names() == ["Families", "Students"]


def test_an_oversized_upload_is_413_with_a_message(client, manager):
    body = b"name\n" + b"".join(b"Segment %d\n" % n for n in range(segments.IMPORT_MAX_ROWS + 1))
    response = _upload(client, body)
    assert response.status_code == 413
    assert "Import at most" in page_text(response)


def test_the_template_downloads_and_imports_as_it_is(client, manager):
    response = client.get("/segments/template.csv")
    assert response.mimetype == "text/csv"
    assert _upload(client, response.data).status_code == 302
    assert _names() == ["Busy commuters", "Retired regulars"]


def test_a_segment_is_edited_and_deleted(client, manager):
    segment = segments.create_segment({"name": "Students", "share_percent": 12})
    url = f"/segments/{segment.id}"
    assert 'value="12"' in page_text(client.get(url))
    press(client, url, "Save", name="University students", share_percent="14,5")
    assert _names() == ["University students"]
    assert db.session.get(CustomerSegment, segment.id).share_percent == 14.5
    press(client, "/segments", "Delete")
    assert _names() == []


def test_facilitators_do_not_see_the_register(client, auth):
    auth.login(make_user("facilitator"))
    assert client.get("/segments").status_code == 403


def test_a_new_session_is_tagged_with_segments(client, auth):
    auth.login(make_user("facilitator"))
    commuters = segments.create_segment({"name": "Busy commuters"})
    segments.create_segment({"name": "Students"})
    press(
        client,
        "/sessions/new",
        "Create session",
        title="Commuter rush",
        prompt="How do we serve people in a hurry?",
        segment_ids=[commuters.id],
    )
    session = db.session.scalar(select(BrainstormSession))
    assert [tag.name for tag in segments.session_tags(session)] == ["Busy commuters"]


def test_the_console_changes_a_sessions_segments(client, auth):
    owner = make_user("facilitator")
    auth.login(owner)
    session = make_session(owner)
    students = segments.create_segment({"name": "Students"})
    press(client, f"/sessions/{session.id}", "Save segments", segment_ids=[students.id])
    assert [tag.name for tag in segments.session_tags(session)] == ["Students"]


def test_a_candidate_standard_is_tagged_with_segments(client, manager):
    standard = make_candidate(manager, "Greet every customer within ten seconds", "Say hello")
    students = segments.create_segment({"name": "Students"})
    press(client, f"/standards/{standard.id}", "Save segments", segment_ids=[students.id])
    assert [tag.name for tag in segments.standard_tags(standard)] == ["Students"]


EXPORT_NAMES = {"csv": "CSV", "json": "JSON", "xlsx": "Excel"}


def _download_links(html: str) -> dict[str, str]:
    return {
        name: href
        for href, name in re.findall(
            r'<a class="[^"]*" href="([^"]+/export\.\w+)" download>(\w+)</a>', html
        )
    }


def test_the_register_links_its_exports_and_each_downloads(client, manager):
    commuters = segments.create_segment({"name": "Busy commuters", "channels": ["app"]})
    session = make_session(manager, title="Morning rush")
    segments.tag_session(session, [commuters.id])
    links = _download_links(page_text(client.get("/segments")))
    assert links == {name: f"/segments/export.{key}" for key, name in EXPORT_NAMES.items()}
    downloads = {}
    for name, href in links.items():
        response = client.get(href)
        response.get_data()  # a streamed body is read before the next request
        assert response.status_code == 200
        downloads[name] = response
    day = utc_now().date().isoformat()
    assert downloads["CSV"].headers["Content-Disposition"] == (
        f'attachment; filename="segments-{day}.csv"'
    )
    assert downloads["CSV"].mimetype == "text/csv"
    assert [
        (row["name"], row["channels"], row["sessions"]) for row in csv_rows(downloads["CSV"].data)
    ] == [("Busy commuters", "app", "1")]
    document = json_document(downloads["JSON"].data)
    assert document["segments"][0]["sessions"] == [{"id": session.id, "title": "Morning rush"}]
    assert workbook(downloads["Excel"].data).sheetnames == ["segments", "tags"]
    assert client.get("/segments/export.pdf").status_code == 404


def test_an_empty_register_offers_no_download(client, manager):
    assert _download_links(page_text(client.get("/segments"))) == {}


def test_the_export_is_for_managers_and_admins_only(app, client, auth):
    segments.create_segment({"name": "Busy commuters"})
    anonymous = client.get("/segments/export.csv")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    session = make_session(phase="collecting")
    joined = press(client, f"/j/{session.join_code}", "Join anonymously")
    assert joined.status_code == 302  # this browser now holds a participant's cookie
    as_participant = client.get("/segments/export.csv")
    assert as_participant.status_code == 302 and "/login" in as_participant.headers["Location"]
    auth.login(make_user("facilitator"))
    assert client.get("/segments/export.json").status_code == 403
    admin = app.test_client()
    WebAuth(admin).login(make_user("admin"))
    assert csv_rows(admin.get("/segments/export.csv").data)[0]["name"] == "Busy commuters"
