"""The demo sessions' themes in Chromium: readable labels that stay, a representative idea per
theme, suggestions to accept, and spelling variants offered for merging."""

import re

from feedback_app.services.demo import load_demo
from feedback_app.services.demo_content import DEMO_SESSIONS
from tests import factories
from tests.e2e.live import expect

FACILITATOR = "facilitator@example.com"
SENTENCE_CASE = re.compile(r"^[A-Z0-9][a-z0-9'’£$€.,-]*( ([a-z0-9'’£$€.,-]+|[A-Z]{2,}|I)){1,4}$")
CALLBACK = "Offer a callback when we can't solve it straight away"
CALL_BACK = "Offer a call back when we cannot solve it straight away"
RENAMED = "Say hello at the door"


def _demo(live_server) -> tuple[str, dict[str, int]]:
    """Load the demo (as `flask demo` does) plus the callback pair in the collecting session."""
    with live_server.app.app_context():
        report = load_demo(live_server.app.instance_path)
        sessions = {title: factories.session_titled(title).id for title, *_ in DEMO_SESSIONS}
        collecting = next(
            title for title, _p, _l, phase, *_ in DEMO_SESSIONS if phase == "collecting"
        )
        factories.add_ideas(factories.session_titled(collecting), CALLBACK, CALL_BACK)
        return report.logins[FACILITATOR], sessions


def log_in(page, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(FACILITATOR)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/sessions/$"))


def group(page, session_id: int) -> None:
    page.goto(f"/sessions/{session_id}/themes")
    page.get_by_role("button", name="Group ideas").click()
    expect(page.locator(".flash-success")).to_contain_text("Grouped")


def themes(page):
    """The columns of named themes (not "Other")."""
    return page.locator("section.theme:not(.is-other)")


def column(page, text: str):
    return page.locator("section.theme").filter(has=page.locator("li.theme-card", has_text=text))


def label_of(page, text: str) -> str:
    return column(page, text).locator(".theme-label").inner_text().replace("📌", "").strip()


def test_demo_themes_read_well_and_stay_named(live_server, desktop):
    password, sessions = _demo(live_server)
    page = desktop().new_page()
    log_in(page, password)
    for session_id in sessions.values():
        group(page, session_id)
        count = themes(page).count()
        assert count >= 3
        for number in range(count):
            theme = themes(page).nth(number)
            label = theme.locator(".theme-label").inner_text().strip()
            assert SENTENCE_CASE.match(label), label
            summary = theme.get_by_test_id("representative")
            expect(summary).to_be_visible()
            quoted = summary.inner_text().split("“", 1)[1].rstrip("”")
            cards = theme.locator("li.theme-card .idea-text").all_inner_texts()
            assert any(card.startswith(quoted.rstrip("…")) for card in cards), (quoted, cards)

    front_line = next(i for title, i in sessions.items() if title.startswith("Front line"))
    group(page, front_line)
    greeting = "Greet people at the door with a smile, not from behind the till"
    named = column(page, greeting)
    named.get_by_text("Rename or merge").click()
    named.get_by_label("New name for").fill(RENAMED)
    named.get_by_role("button", name="Rename").click()
    expect(page.locator(".flash-success")).to_have_text(f"Theme renamed to “{RENAMED}”.")

    stray = "Offer a seat to older customers if there's a wait"
    page.locator("li.theme-card", has_text=stray).get_by_label("Move to…").select_option(
        label=RENAMED
    )
    page.locator("li.theme-card", has_text=stray).get_by_role("button", name="Move").click()
    expect(page.locator(".flash-success")).to_have_text(f"Idea moved to “{RENAMED}”.")
    expect(column(page, stray).locator(".theme-label")).to_have_text(RENAMED)
    expect(column(page, stray).get_by_test_id("suggested-label")).to_have_count(0)
    page.reload()
    assert label_of(page, greeting) == RENAMED


def test_a_suggested_label_is_offered_and_accepted_on_the_board(live_server, desktop):
    password, sessions = _demo(live_server)
    page = desktop().new_page()
    log_in(page, password)
    supervisors = next(i for title, i in sessions.items() if title.startswith("Supervisors"))
    group(page, supervisors)
    anchor = "Log every complaint in one place so we see the patterns"
    before = label_of(page, anchor)
    for idea in (
        "Money back on the spot when the product is faulty, no forms",
        "Set a clear refund limit each team member can approve on their own",
        "Train everyone on the refund system, not just the senior staff",
    ):
        card = page.locator("li.theme-card", has_text=idea)
        if column(page, idea).locator(".theme-label").inner_text().strip() == before:
            continue
        card.get_by_label("Move to…").select_option(label=before)
        card.get_by_role("button", name="Move").click()
        expect(page.locator(".flash-success")).to_have_text(f"Idea moved to “{before}”.")
    assert label_of(page, anchor) == before  # nothing renamed by itself
    suggestion = column(page, anchor).get_by_test_id("suggested-label")
    expect(suggestion).to_be_visible()
    suggested = suggestion.locator("strong").inner_text()
    assert suggested != before and SENTENCE_CASE.match(suggested), suggested
    suggestion.get_by_role("button", name="Use suggested name").click()
    expect(page.locator(".flash-success")).to_have_text(f"Theme renamed to “{suggested}”.")
    assert label_of(page, anchor) == suggested
    expect(column(page, anchor).locator(".badge.named")).to_be_visible()


def test_the_callback_pair_is_offered_for_merging_side_by_side(live_server, phone):
    password, sessions = _demo(live_server)
    page = phone().new_page()
    log_in(page, password)
    managers = next(i for title, i in sessions.items() if title.startswith("Managers"))
    group(page, managers)
    pair = page.get_by_test_id("duplicate-pair").filter(has_text=CALLBACK)
    expect(pair).to_have_count(1)
    quotes = pair.locator("blockquote")
    expect(quotes.nth(0)).to_contain_text(CALLBACK)
    expect(quotes.nth(1)).to_contain_text(CALL_BACK)
    first, second = quotes.nth(0).bounding_box(), quotes.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"], (first, second)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the board scrolls sideways on a phone ({width}px)"
    pair.get_by_role("button", name="Merge these").click()
    expect(page.locator(".flash-success")).to_have_text(f"Merged the duplicate into “{CALLBACK}”.")
    expect(page.locator("li.theme-card", has_text=CALL_BACK)).to_have_count(0)
