"""The themes board in desktop Chromium: group, drag a card, rename, promote a standard."""

import re
import threading

from feedback_app.services import text
from tests import factories
from tests.e2e.live import expect
from tests.sample_ideas import THEMES

THEME_TEXTS = [idea for texts in THEMES.values() for idea in texts]
STRAY = THEMES["greet"][0]
HOLD_S = 15
POLL_MS = 9_000  # htmx polls the board fragment every 2 s


def _session_with_ideas(live_server) -> tuple[str, int]:
    with live_server.app.app_context():
        owner = factories.make_user()
        session = factories.make_session(owner, phase="collecting", title="Complaints, spring")
        factories.add_ideas(session, *THEME_TEXTS)
        return owner.email, session.id


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/sessions/$"))


def column(page, text: str):
    """The theme column that holds the card with this text."""
    return page.locator("section.theme").filter(has=page.locator("li.theme-card", has_text=text))


def card(page, text: str):
    return page.locator("li.theme-card", has_text=text)


def test_facilitator_groups_drags_renames_and_promotes(live_server, desktop):
    email, session_id = _session_with_ideas(live_server)
    page = desktop().new_page()
    log_in(page, email)
    page.goto(f"/sessions/{session_id}/themes")
    expect(page.get_by_role("heading", name="Group 15 ideas into themes")).to_be_visible()
    page.get_by_label("Number of themes").fill("3")
    page.get_by_role("button", name="Group ideas").click()
    expect(page.locator(".flash-success")).to_have_text("Grouped 15 ideas into 3 themes.")
    expect(page.locator("section.theme")).to_have_count(3)

    queue_column = column(page, THEMES["queue"][0])
    queue_id = queue_column.get_attribute("data-cluster-id")
    expect(column(page, STRAY)).not_to_have_attribute("data-cluster-id", queue_id)
    expect(card(page, STRAY)).to_have_attribute("draggable", "true")
    page.evaluate("window.__samePage = true; document.getElementById('board').scrollIntoView()")
    # Drop on the column's name: both ends stay in view, so the page does not scroll mid-drag.
    card(page, STRAY).drag_to(queue_column.locator(".theme-label"))
    expect(page.locator(".flash-success")).to_have_text(re.compile(r"^Idea moved to “"))
    assert page.evaluate("window.__samePage === true"), "the drop reloaded the whole page"
    expect(column(page, STRAY)).to_have_attribute("data-cluster-id", queue_id)
    page.reload()
    expect(column(page, STRAY)).to_have_attribute("data-cluster-id", queue_id)
    expect(card(page, STRAY)).to_contain_text("moved by hand")

    refund_column = column(page, THEMES["refund"][0])
    refund_column.get_by_text("Rename or merge").click()
    refund_column.get_by_label("New name for").fill("Refunds without a fuss")
    refund_column.get_by_role("button", name="Rename").click()
    expect(page.locator(".flash-success")).to_have_text(
        "Theme renamed to “Refunds without a fuss”."
    )
    refund_column = column(page, THEMES["refund"][0])
    expect(refund_column.get_by_role("heading", level=2)).to_have_text("Refunds without a fuss")

    refund_column.get_by_role("button", name="Promote to candidate standard").click()
    expect(page.locator(".flash-success")).to_have_text(
        "“Refunds without a fuss” is now a candidate standard."
    )
    page.get_by_role("link", name="Candidate standards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidate standards")
    standard = page.locator("li.standard", has_text="Refunds without a fuss")
    expect(standard).to_contain_text("0 votes")
    expect(standard.locator(".badge.stage")).to_be_visible()
    standard.locator("summary").click()
    expect(standard.get_by_text(THEMES["refund"][0], exact=True)).to_be_visible()


def test_the_board_works_with_the_keyboard_menu_on_a_phone(live_server, phone):
    email, session_id = _session_with_ideas(live_server)
    page = phone().new_page()
    log_in(page, email)
    page.goto(f"/sessions/{session_id}/themes")
    page.get_by_label("Number of themes").fill("3")
    page.get_by_role("button", name="Group ideas").click()
    expect(page.locator(".flash-success")).to_contain_text("Grouped 15 ideas")
    queue_column = column(page, THEMES["queue"][0])
    queue_id = queue_column.get_attribute("data-cluster-id")
    target = queue_column.get_by_role("heading", level=2).inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the board scrolls sideways on a phone ({width}px)"
    card(page, STRAY).get_by_label("Move to…").select_option(label=target)
    card(page, STRAY).get_by_role("button", name="Move").click()
    expect(page.locator(".flash-success")).to_have_text(f"Idea moved to “{target}”.")
    expect(column(page, STRAY)).to_have_attribute("data-cluster-id", queue_id)


def test_a_background_run_shows_progress_then_the_board_appears(live_server, desktop, monkeypatch):
    email, session_id = _session_with_ideas(live_server)
    live_server.app.config["CLUSTER_SYNC_LIMIT"] = 3  # 15 ideas: run in a background thread
    gate = threading.Event()
    real = text.cluster_ideas

    def held_back(*args, **kwargs):
        gate.wait(HOLD_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(text, "cluster_ideas", held_back)
    page = desktop().new_page()
    log_in(page, email)
    page.goto(f"/sessions/{session_id}/themes")
    try:
        page.get_by_label("Number of themes").fill("3")
        page.get_by_role("button", name="Group ideas").click()
        expect(page.get_by_role("heading", name="Grouping 15 ideas…")).to_be_visible()
        expect(page.get_by_role("link", name="Refresh")).to_be_visible()
        page.evaluate("window.__samePage = true")
    finally:
        gate.set()
    expect(page.locator("section.theme")).to_have_count(3, timeout=POLL_MS)
    assert page.evaluate("window.__samePage === true"), "the board should arrive without a reload"
    expect(card(page, STRAY)).to_have_attribute("draggable", "true")  # enhanced after the swap
