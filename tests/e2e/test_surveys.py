"""Customer surveys in Chromium: a manager builds a survey from the published standard, three
phones (360 px) answer it, and the results show the figures and a comment theme that becomes
a brainstorming session in one click. Every survey page passes axe at its width."""

import re

from feedback_app.extensions import db
from feedback_app.models import Survey
from feedback_app.services import privacy
from tests import factories
from tests.e2e.live import expect
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_voting_modes import fits_phone, snap

ANSWERS = [
    (5, "Yes", 10, "Waiting at the counter took ages"),
    (4, "Partly", 8, "Long wait at the counter again"),
    (2, "No", 3, "We waited far too long at the counter"),
]


def _manager_and_standard(live_server) -> str:
    """A manager, a published standard on two protocol steps, k = 3; the manager's email."""
    with live_server.app.app_context():
        manager = factories.make_user("manager")
        factories.publish_standard_covering(manager, "greet_listen", "address_test")
        privacy.set_min_group(3)
        return manager.email


def _log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/sessions/$"))


def answer_on_phone(page, url: str, csat: int, step: str, nps: int, comment: str) -> None:
    """Answer the survey at its link as a customer: every question, a comment, sent."""
    page.goto(url)
    fits_phone(page)
    page.locator("fieldset", has_text="How satisfied").get_by_text(str(csat), exact=True).click()
    page.locator("fieldset", has_text="Were you greeted promptly?").get_by_text(step).click()
    page.locator("fieldset", has_text="Did we resolve your issue?").get_by_text("Yes").click()
    page.locator("fieldset", has_text="recommend").get_by_text(str(nps), exact=True).click()
    page.get_by_label("Anything else you would like to tell us?").fill(comment)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    fits_phone(page)


def build_survey(manager, title: str, team: str | None = None, segment: str | None = None) -> str:
    """From the main menu, build a survey from the published standard (greet_listen and
    address_test), tagged with a team and a segment if given, and open it; its public link."""
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    manager.get_by_label("Title").fill(title)
    if team:
        manager.get_by_label("Team or location (optional)").select_option(label=team)
    if segment:
        manager.get_by_label("Customer segment (optional)").select_option(label=segment)
    snap(manager, "survey-index-1280")
    manager.get_by_role("button", name="Build survey").click()
    expect(manager.get_by_role("heading", name=title)).to_be_visible()
    texts = manager.locator(".survey-questions input[name=text]")
    expect(texts).to_have_count(4)  # CSAT, the two steps of the standard, NPS
    expect(texts.nth(1)).to_have_value("Were you greeted promptly?")
    expect(texts.nth(2)).to_have_value("Did we resolve your issue?")
    snap(manager, "survey-draft-1280")
    manager.get_by_role("button", name="Open the survey").click()
    expect(manager.get_by_text("The survey is open")).to_be_visible()
    snap(manager, "survey-build-1280")
    return manager.locator(".short-link a").get_attribute("href")


def test_build_answer_on_three_phones_and_brainstorm_a_theme(live_server, desktop, phone):
    email = _manager_and_standard(live_server)
    manager = desktop().new_page()
    _log_in(manager, email)
    url = build_survey(manager, "How was your visit today?")

    for number, (csat, step, nps, comment) in enumerate(ANSWERS, start=1):
        page = phone().new_page()
        if number == 1:
            page.goto(url)
            snap(page, "survey-answer-360")
        answer_on_phone(page, url, csat, step, nps, comment)
        if number == 1:
            snap(page, "survey-thanks-360")
    with live_server.app.app_context():
        assert db.session.query(Survey).one().status == "open"

    manager.locator(".page-head").get_by_role("link", name="Results").click()
    expect(manager.get_by_text("3 responses.")).to_be_visible()
    expect(manager.locator("#csat .big-figure")).to_contain_text("3.67")
    expect(manager.locator("#nps .big-figure")).to_contain_text("+0")
    expect(manager.locator("#steps")).to_contain_text("33 %")
    expect(manager.get_by_role("heading", name="Wait at the counter")).to_be_visible()
    snap(manager, "survey-results-1280")
    manager.get_by_role("button", name="Start a session on “Wait at the counter”").click()
    expect(manager).to_have_url(re.compile(r"/sessions/\d+$"))
    expect(manager.get_by_text("Customers keep mentioning wait at the counter")).to_be_visible()


def test_survey_pages_have_no_serious_problems(live_server, desktop, phone):
    email = _manager_and_standard(live_server)
    with live_server.app.app_context():
        survey = factories.make_survey()
        for csat, step, nps, comment in ANSWERS:
            factories.answer_survey(survey, csat, [step.lower()], nps, comment)
        survey_id, code = survey.id, survey.code
        draft_id = factories.make_survey(status="draft").id
    answer = phone(bypass_csp=True).new_page()
    answer.goto(f"/q/{code}")
    assert_accessible(answer, "the survey's answer page")
    answer.get_by_role("button", name="Send my answers").click()  # nothing chosen: 422 page
    expect(answer.get_by_text("Some answers need another look")).to_be_visible()
    assert_accessible(answer, "the answer page with an error")
    answer.get_by_label("Anything else you would like to tell us?").fill("Fine")
    answer.get_by_role("button", name="Send my answers").click()
    assert_accessible(answer, "the thank-you page")
    page = desktop(bypass_csp=True).new_page()
    _log_in(page, email)
    for path in (
        "/surveys",
        f"/surveys/{survey_id}",
        f"/surveys/{survey_id}/results",
        f"/surveys/{survey_id}/card",
        f"/surveys/{survey_id}/import",
    ):
        page.goto(path)
        assert_accessible(page, path)
    small = phone(bypass_csp=True).new_page()
    _log_in(small, email)
    shots = {
        f"/surveys/{survey_id}": "open",
        f"/surveys/{survey_id}/results": "results",
        f"/surveys/{draft_id}": "draft",
        f"/surveys/{survey_id}/card": "card",
    }
    for path, name in shots.items():
        small.goto(path)
        fits_phone(small)
        snap(small, f"survey-{name}-360")
