"""Decisions in the browser without JavaScript: candidates, one candidate's page, the
handbook, versions and publishing, the audit trail."""

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import AuditEntry, StandardVersion
from feedback_app.services import decisions, objectives, standard_versions
from tests.export_readers import pdf_text
from tests.factories import make_candidate, make_user, reload
from tests.web.html_forms import press, readable_text

GREET = [
    "Greet every customer within ten seconds of reaching the counter",
    "Say hello to every customer within 10 seconds",
    "Greet customers at the counter with a smile",
]
REFUND = ["Let staff approve refunds up to $50", "Refund faulty products up to fifty dollars"]


def _text(response) -> str:
    return " ".join(readable_text(response.get_data(as_text=True)).split())


@pytest.fixture
def manager(app):
    return make_user("manager")


@pytest.fixture
def greet(app):
    return make_candidate(None, *GREET)


@pytest.mark.parametrize("url", ["/standards", "/standards/1", "/audit", "/standard/versions"])
def test_facilitators_are_forbidden_and_visitors_sent_to_log_in(client, auth, greet, url):
    assert client.get(url).status_code == 302
    auth.login(make_user("facilitator"))
    expected = 200 if url == "/standard/versions" else 403
    assert client.get(url).status_code == expected


def test_nav_shows_standards_to_managers_only(client, auth, manager):
    auth.login(make_user("facilitator"))
    assert 'href="/standards"' not in client.get("/sessions/").get_data(as_text=True)
    press(client, "/sessions/", "Log out")
    auth.login(manager)
    page = client.get("/standard").get_data(as_text=True)
    assert 'href="/standards"' in page and 'href="/audit"' in page


def test_decide_with_a_reason_and_see_it_on_the_list_by_status(client, auth, manager, greet):
    auth.login(manager)
    url = f"/standards/{greet.id}"
    response = press(client, url, "Record decision", decision="adopted", reason="Agreed by all")
    assert response.status_code == 303
    stored = reload(greet)
    assert (stored.status, stored.decision_reason, stored.decided_by_id) == (
        "adopted",
        "Agreed by all",
        manager.id,
    )
    page = _text(client.get(url))
    assert "Adopted by " + manager.email in page and "Agreed by all" in page
    adopted = _text(client.get("/standards?status=adopted"))
    assert greet.title in adopted
    assert greet.title not in _text(client.get("/standards?status=rejected"))


def test_candidates_name_their_session_and_labels_reach_their_fields(client, auth, manager, greet):
    auth.login(manager)
    other = make_candidate(None, *REFUND)
    session_link = f'from <a href="/sessions/{greet.session_id}/results">{greet.session.title}</a>'
    assert session_link in client.get("/standards").get_data(as_text=True)
    page = client.get(f"/standards/{greet.id}").get_data(as_text=True)
    assert session_link in page
    assert f"{other.title} ({other.session.title})</option>" in page
    for name in ("decision", "reason", "title", "statement", "metric", "other_id"):
        assert page.count(f'id="{name}"') == 1, name  # <label for> finds the field


def test_a_decision_without_reason_is_refused(client, auth, manager, greet):
    auth.login(manager)
    press(client, f"/standards/{greet.id}", "Record decision", decision="parked", reason=" ")
    page = _text(client.get(f"/standards/{greet.id}"))
    assert "Give the reason for the decision" in page
    assert reload(greet).status == "candidate"


def test_accept_a_suggestion_in_one_click_then_remove_it(client, auth, manager, greet):
    auth.login(manager)
    url = f"/standards/{greet.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Suggested from what staff wrote" in page
    response = press(client, url, "Accept suggestion", having={"unit": "seconds"})
    assert response.status_code == 303
    (objective,) = reload(greet).objectives
    assert (objective.target, objective.unit) == (10.0, "seconds")
    assert objective.metric.startswith("Time to ")
    page = client.get(url).get_data(as_text=True)
    assert "Accept suggestion" not in page  # taken: no longer offered
    press(client, url, "Remove")
    assert reload(greet).objectives == []


def test_own_objective_form_validates(client, auth, manager, greet):
    auth.login(manager)
    url = f"/standards/{greet.id}"
    fields = {"metric": "Queue length", "unit": "people", "measured_by": "Till reports"}
    press(client, url, "Add objective", target="", **fields)
    assert reload(greet).objectives == []
    press(client, url, "Add objective", target="4", review_date="2027-05-01", **fields)
    (objective,) = reload(greet).objectives
    assert (objective.target, str(objective.review_date)) == (4.0, "2027-05-01")


def test_edit_wording_and_merge(client, auth, manager, greet):
    refund = make_candidate(None, *REFUND)
    auth.login(manager)
    url = f"/standards/{greet.id}"
    press(
        client,
        url,
        "Save wording",
        title="Greeting",
        statement="Staff greet every customer within 10 seconds.",
        protocol_stage="greet_listen",
    )
    stored = reload(greet)
    assert (stored.title, stored.statement) == (
        "Greeting",
        "Staff greet every customer within 10 seconds.",
    )
    press(client, url, "Merge into this standard", other_id=refund.id)
    assert reload(refund).merged_into_id == greet.id
    assert len(reload(greet).ideas) == 5
    assert client.get(f"/standards/{refund.id}").status_code == 404


def _ready(standard, manager):
    decisions.decide(standard, "adopted", "Agreed", manager)
    objectives.add_objective(
        standard, manager, metric="Time to greet", target=10, unit="seconds", measured_by="Audit"
    )


def test_publish_from_the_versions_page_and_read_the_handbook(client, auth, manager, greet):
    auth.login(manager)
    press(client, "/standard/versions", "Publish version", note="First")
    assert "Adopt at least one" in _text(client.get("/standard/versions"))
    _ready(greet, manager)
    press(client, "/standard/versions", "Publish version", note="First")
    assert db.session.scalar(select(StandardVersion.number)) == 1
    handbook = _text(client.get("/standard"))
    assert "Version 1" in handbook and "Greet and listen" in handbook
    assert greet.statement in handbook and "Time to greet: 10 seconds" in handbook
    decisions.edit_candidate(greet, manager, title="Greeting")
    press(client, "/standard/versions", "Publish version", note="Renamed")
    versions = _text(client.get("/standard/versions"))
    assert "Version 2" in versions and "Changed Greeting (title)" in versions
    assert "Version 1" in _text(client.get("/standard/versions/1"))
    css = client.get("/static/css/standard.css").get_data(as_text=True)
    assert "@media print" in css


def test_the_handbook_is_public_only_when_an_admin_allows(client, auth, manager, greet):
    _ready(greet, manager)
    standard_versions.publish(manager, "First")
    assert client.get("/standard").status_code == 302
    admin = make_user("admin")
    auth.login(admin)
    press(client, "/standard/versions", "Let anyone read it")
    assert standard_versions.handbook_public() is True
    press(client, "/standard", "Log out")
    public = client.get("/standard")
    assert public.status_code == 200 and greet.statement in _text(public)


def test_manager_cannot_change_visibility(client, auth, manager):
    auth.login(manager)
    assert "Let anyone read it" not in client.get("/standard/versions").get_data(as_text=True)
    assert client.post("/standard/visibility", data={"public": "1"}).status_code in (400, 403)
    assert standard_versions.handbook_public() is False


def test_audit_page_lists_who_did_what(client, auth, manager, greet):
    decisions.decide(greet, "parked", "Next quarter", manager)
    auth.login(manager)
    page = _text(client.get("/audit"))
    assert "Decided on a candidate standard" in page and manager.email in page
    assert "reason: Next quarter" in page
    assert db.session.scalar(select(AuditEntry.action)) == "standard.decided"


def test_download_pdf_links_on_the_handbook_and_each_version(client, auth, manager, greet):
    _ready(greet, manager)
    standard_versions.publish(manager, "First")
    decisions.edit_candidate(greet, manager, title="Prompt hello")
    standard_versions.publish(manager, "Renamed")
    assert client.get("/standard/versions/1.pdf").status_code == 302  # log in first
    auth.login(manager)
    handbook = client.get("/standard").get_data(as_text=True)
    assert 'href="/standard/versions/2.pdf"' in handbook and "Download PDF" in handbook
    versions = client.get("/standard/versions").get_data(as_text=True)
    for number in (1, 2):
        assert f'href="/standard/versions/{number}.pdf"' in versions
    response = client.get("/standard/versions/2.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Changed: Prompt hello (title)" in pdf_text(response.data)
    assert client.get("/standard/versions/3.pdf").status_code == 404
    assert 'href="/standard/versions/1.pdf"' in client.get("/standard/versions/1").get_data(
        as_text=True
    )


def test_the_version_pdf_is_public_with_the_handbook(client, manager, greet):
    _ready(greet, manager)
    standard_versions.publish(manager, "First")
    standard_versions.set_handbook_public(True, make_user("admin"))
    response = client.get("/standard/versions/1.pdf")
    assert response.status_code == 200 and greet.statement in pdf_text(response.data)


def test_procedures_are_typed_one_step_per_line_and_listed_in_the_handbook(
    client, auth, manager, greet
):
    auth.login(manager)
    url = f"/standards/{greet.id}"
    press(client, url, "Save wording", procedures="Look up from the till\r\n\r\nSay hello\r\n")
    assert reload(greet).steps == ["Look up from the till", "Say hello"]
    assert "Look up from the till Say hello" in _text(client.get(url))
    refused = press(client, url, "Save wording", procedures="x" * 301)
    assert refused.status_code == 303  # back to the page, which says what is wrong
    assert "at most 12 steps of 1 to 300 characters each" in _text(client.get(url))
    assert reload(greet).steps == ["Look up from the till", "Say hello"]
    _ready(greet, manager)
    press(client, "/standard/versions", "Publish version", note="First")
    assert "Look up from the till Say hello" in _text(client.get("/standard"))
