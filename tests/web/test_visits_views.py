"""Mystery-shopping pages: the report form (account and one-time link), a shopper's reach,
the managers' scores, checklist and links, and the exports."""

import re

import pytest
from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import ChecklistItem, Visit, VisitChecklist
from feedback_app.services import visits
from tests.factories import make_location, make_user, publish_standard
from tests.web.html_forms import form_with_button, page_text, post_form, press, readable_text

TODAY = utc_now().date().isoformat()
SEND = "Send the report"


def _visits() -> list[Visit]:
    db.session.remove()
    return list(db.session.scalars(select(Visit).order_by(Visit.id)))


def _item_ids() -> list[int]:
    checklist_id = db.session.scalar(select(func.max(VisitChecklist.id)))
    query = select(ChecklistItem.id).where(ChecklistItem.checklist_id == checklist_id)
    return list(db.session.scalars(query.order_by(ChecklistItem.position)))


@pytest.fixture
def shop(app):
    """A published standard, two teams, a shopper and a manager."""
    publish_standard()
    visits.current_checklist()
    return {
        "north": make_location("North").id,
        "south": make_location("South").id,
        "shopper": make_user("shopper"),
        "manager": make_user("manager"),
    }


def _answers(shop, **extra) -> dict:
    first, second, third = _item_ids()[:3]
    return {
        "team_id": shop["north"],
        "visited_on": TODAY,
        "channel": "in person",
        f"score-{first}": "yes",
        f"score-{second}": "no",
        f"note-{second}": "Nobody said hello",
        f"score-{third}": "partly",
        "notes": "Busy lunchtime",
    } | extra


def test_a_shopper_files_a_report_and_sending_it_twice_files_one(client, auth, shop):
    auth.login(shop["shopper"])
    page = client.get("/visits/new").get_data(as_text=True)
    assert "Greet and listen" in page and "Look up within ten seconds" in page
    assert 'data-draft-key="visit-draft:user:' in page
    form = form_with_button(page, SEND)
    form.action = "/visits/new"
    first = post_form(client, form, **_answers(shop))
    again = post_form(client, form, **_answers(shop))  # a double tap, or a resend
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    [visit] = _visits()
    assert (visit.team_id, visit.channel, visit.notes) == (
        shop["north"],
        "in person",
        "Busy lunchtime",
    )
    assert [(a.value, a.note) for a in visit.answers] == [
        ("yes", ""),
        ("no", "Nobody said hello"),
        ("partly", ""),
    ]
    report = page_text(client.get(first.headers["Location"], follow_redirects=True))
    assert "Nobody said hello" in report and "50 %" in report
    assert "data-clear-draft" in client.get(first.headers["Location"]).get_data(as_text=True)
    fresh = form_with_button(client.get("/visits/new").get_data(as_text=True), SEND)
    assert dict(fresh.fields)["idempotency_key"] != dict(form.fields)["idempotency_key"]


def test_a_bad_report_comes_back_with_every_answer_and_each_problem(client, auth, shop):
    auth.login(shop["shopper"])
    first = _item_ids()[0]
    response = press(
        client,
        "/visits/new",
        SEND,
        **_answers(shop, visited_on="2999-12-31", channel="fax", team_id="")
        | {f"score-{first}": "maybe"},
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "The visit cannot be in the future" in text
    assert "Choose a channel: in person, phone, chat or e-mail." in text
    assert "Choose a team or location from the list." in text
    assert "Answer yes, partly or no." in text
    html = response.get_data(as_text=True)
    assert "Nobody said hello" in html and "Busy lunchtime" in html and "2999-12-31" in html
    assert "data-sent" in html
    assert _visits() == []


def test_without_a_published_standard_the_form_says_so(client, auth, app):
    auth.login(make_user("manager"))
    response = client.get("/visits/new")
    assert response.status_code == 409
    text = page_text(response)
    assert "There is no published standard to check yet" in text
    assert "Go to Standards to publish one" in text


def test_a_shopper_sees_only_their_visit_pages(client, auth, shop):
    landing = client.get(auth.login(shop["shopper"]).headers["Location"])
    assert landing.headers["Location"].endswith("/visits/")  # the dashboard sends them on
    page = client.get("/visits/").get_data(as_text=True)
    assert "My visit reports" in page and "Sessions</a>" not in page
    for url in ("/sessions/new", "/results", "/standards", "/admin/users", "/visits/scores"):
        assert client.get(url).status_code == 403, url
    press(client, "/visits/new", SEND, **_answers(shop))
    other = make_user("shopper")
    press(client, "/visits/", "Log out")
    auth.login(other)
    [visit] = _visits()
    assert client.get(f"/visits/{visit.id}").status_code == 404
    assert "You have not filed a report yet." in page_text(client.get("/visits/"))


@pytest.mark.parametrize("role", ["facilitator"])
def test_facilitators_have_no_visit_pages(client, auth, shop, role):
    auth.login(make_user(role))
    for url in ("/visits/new", "/visits/", "/visits/scores", "/visits/checklist"):
        assert client.get(url).status_code == 403, url
    assert client.get("/visits/scores").status_code == 403


def test_no_login_is_sent_to_log_in(client, shop):
    response = client.get("/visits/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_manager_sees_scores_charts_tables_and_reports(client, auth, shop):
    auth.login(shop["shopper"])
    press(client, "/visits/new", SEND, **_answers(shop))
    press(
        client, "/visits/new", SEND, **_answers(shop, team_id=shop["south"], notes="Closed early")
    )
    press(client, "/visits/", "Log out")
    auth.login(shop["manager"])
    html = client.get("/visits/scores").get_data(as_text=True)
    assert html.count('role="img"') == 3  # teams, stages, trend
    text = readable_text(html)
    assert "North 50 % 1" in text
    assert "Closed early" in text
    only_south = page_text(client.get(f"/visits/scores?team_id={shop['south']}"))
    assert "Closed early" in only_south and "Busy lunchtime" not in only_south
    assert client.get("/visits/scores?team_id=abc").status_code == 400
    export = client.get("/visits/export.csv")
    assert export.status_code == 200 and "Nobody said hello" in export.data.decode("utf-8-sig")
    assert client.get("/visits/export.pdf").status_code == 404


def test_the_manager_changes_the_scale_and_issues_a_single_use_link(client, auth, shop):
    auth.login(shop["manager"])
    response = press(client, "/visits/checklist", "Make a new checklist", scale="one_to_five")
    assert response.status_code == 303
    page = client.get("/visits/new").get_data(as_text=True)
    assert "1 not at all · 5 fully" in page
    issued = press(
        client, "/visits/checklist", "Issue a link", label="Agency A", team_id=shop["south"], days=5
    )
    assert issued.status_code == 201
    url = re.search(r'data-testid="new-link">([^<]+)<', issued.get_data(as_text=True)).group(1)
    path = url.split("feedback.test", 1)[1]
    assert "Agency A · South" in page_text(client.get("/visits/checklist"))
    press(client, "/visits/checklist", "Log out")
    first = _item_ids()[0]
    link_page = client.get(path).get_data(as_text=True)
    assert "This link files one report." in link_page and ">North<" not in link_page
    form = form_with_button(link_page, SEND)
    form.action = path
    fields = {
        "team_id": shop["south"],
        "visited_on": TODAY,
        "channel": "chat",
        f"score-{first}": "4",
    }
    done = post_form(client, form, **fields)
    assert done.status_code == 303 and done.headers["Location"].endswith("/done")
    twice = post_form(client, form, **fields)  # a double tap after the link is spent
    assert twice.status_code == 303 and twice.headers["Location"] == done.headers["Location"]
    assert "Thank you" in page_text(client.get(done.headers["Location"]))
    again = client.get(path)
    assert again.status_code == 409 and "already been used" in page_text(again)
    assert client.get("/visits/link/vl_nothing").status_code == 404
    [visit] = _visits()
    assert (visit.shopper_id, visit.answers[0].value, visit.answers[0].score) == (None, "4", 0.75)


def test_a_bad_link_form_keeps_its_values(client, auth, shop):
    auth.login(shop["manager"])
    response = press(client, "/visits/checklist", "Issue a link", label="Agency B", days=500)
    assert response.status_code == 422
    assert "From 1 to 90 days." in page_text(response)
    assert 'value="Agency B"' in response.get_data(as_text=True)


def test_admins_can_make_shopper_accounts(client, auth, app):
    auth.login(make_user("admin"))
    page = client.get("/admin/users").get_data(as_text=True)
    assert '<option value="shopper">Mystery shopper</option>' in page


PAGES = ("/visits/new", "/visits/", "/visits/scores", "/visits/checklist", "/sessions/", "/results")
ACCESS = {
    "shopper": (200, 200, 403, 403, 302, 403),
    "facilitator": (403, 403, 403, 403, 200, 403),
    "manager": (200, 302, 200, 200, 200, 200),
    "admin": (200, 302, 200, 200, 200, 200),
}


@pytest.mark.parametrize("role", ACCESS)
def test_the_role_access_matrix_of_the_visit_pages(client, auth, shop, role):
    auth.login(make_user(role))
    assert tuple(client.get(url).status_code for url in PAGES) == ACCESS[role]
