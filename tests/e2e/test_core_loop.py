"""The core loop in real browsers: phones join, add ideas and vote while a facilitator runs it."""

import re

from tests import factories
from tests.e2e.live import expect

POLL_MS = 9_000  # the session page and the room poll every 5 s

APOLOGY = "Apologise first, then explain what happens next"
CALL_BACK = "Call the customer back within one working day"
OWNER = "One person owns the complaint until it is solved"


def _facilitator(live_server) -> str:
    with live_server.app.app_context():
        return factories.make_user().email


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/sessions/$"))


def create_session(page, title: str, question: str, level: str) -> str:
    """Create a session through the form; return its join code."""
    page.get_by_role("link", name="New session").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Question to the room").fill(question)
    page.get_by_label("For which level of management?").select_option(label=level)
    page.get_by_role("button", name="Create session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text(f"For {level}")).to_be_visible()
    code = page.get_by_test_id("join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code), code
    return code


def press_phase(page, label: str, badge: str) -> None:
    page.get_by_role("button", name=label).click()
    moved = f"pressing {label!r} did not move the session to {badge!r}"
    expect(page.locator(".flash-success"), moved).to_have_text(f"Session is now: {badge}.")
    expect(page.locator(".page-head .badge")).to_have_text(badge)


def add_idea(page, text: str) -> None:
    page.get_by_label("Your idea").fill(text)
    page.get_by_role("button", name="Add idea").click()
    expect(page.get_by_text("Thanks! Your idea is in.")).to_be_visible()
    expect(page.locator("li.idea", has_text=text)).to_contain_text("Your idea")


def card(page, text: str):
    return page.locator("li.idea", has_text=text)


def toggle_vote(page, text: str, *, now_voted: bool) -> None:
    """Tap the vote button of one idea; htmx swaps the card in place (no page load)."""
    page.evaluate("window.__samePage = true")
    before, after = ("▲ Vote", "✓ Voted") if now_voted else ("✓ Voted", "▲ Vote")
    card(page, text).get_by_role("button", name=before).click()
    button = card(page, text).get_by_role("button")
    expect(button).to_have_text(after)
    expect(button).to_have_attribute("aria-pressed", "true" if now_voted else "false")
    assert page.evaluate("window.__samePage === true"), "the vote reloaded the whole page"


def test_phones_join_add_ideas_and_vote_while_facilitator_runs_session(live_server, desktop, phone):
    facilitator = desktop().new_page()
    log_in(facilitator, _facilitator(live_server))
    code = create_session(
        facilitator,
        "Complaints, spring",
        "What should we do every time a customer complains?",
        "Supervisor",
    )
    join_url = f"{live_server.url}/j/{code}"  # what the QR code and link must point to
    join_link = facilitator.get_by_role("link", name=join_url)
    expect(join_link).to_have_attribute("href", join_url)
    expect(facilitator.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    press_phase(facilitator, "Start collecting ideas", "Collecting ideas")

    alice = phone().new_page()  # types the code on the join page
    alice.goto("/join")
    alice.get_by_label("Session code").fill(code.lower())
    alice.get_by_role("button", name="Continue").click()
    expect(alice).to_have_url(f"{live_server.url}/j/{code}")
    expect(alice.get_by_text("What should we do every time a customer complains?")).to_be_visible()
    alice.get_by_label("Your level (optional)").select_option(label="Front-line staff")
    alice.get_by_role("button", name="Join anonymously").click()
    expect(alice).to_have_url(f"{live_server.url}/s/{code}")
    expect(alice.get_by_test_id("phase")).to_have_text("Collecting ideas")

    bob = phone().new_page()  # scans the QR code
    bob.goto(join_url)
    bob.get_by_role("button", name="Join anonymously").click()
    expect(bob.get_by_test_id("phase")).to_have_text("Collecting ideas")

    add_idea(alice, APOLOGY)
    add_idea(alice, CALL_BACK)
    add_idea(bob, OWNER)
    expect(card(bob, OWNER).get_by_role("button", name="Withdraw")).to_be_visible()
    bob.reload()
    expect(card(bob, APOLOGY)).to_be_visible()
    expect(card(bob, APOLOGY)).not_to_contain_text("Your idea")
    expect(card(bob, APOLOGY).get_by_role("button")).to_have_count(0)

    ideas_panel = facilitator.locator("#ideas")
    for text in (APOLOGY, CALL_BACK, OWNER):
        expect(ideas_panel).to_contain_text(text, timeout=POLL_MS)
    expect(facilitator.get_by_test_id("idea-stats")).to_contain_text("3 visible ideas")
    expect(facilitator.get_by_test_id("idea-stats")).to_contain_text("2 joined")

    press_phase(facilitator, "Open voting", "Voting")
    for participant in (alice, bob):  # the room notices the new phase by itself
        expect(participant.get_by_test_id("phase")).to_have_text("Voting", timeout=POLL_MS)
        expect(participant.get_by_label("Your idea")).to_have_count(0)
        expect(participant.locator("li.idea")).to_have_count(3)

    toggle_vote(alice, OWNER, now_voted=True)
    toggle_vote(alice, APOLOGY, now_voted=True)
    toggle_vote(bob, OWNER, now_voted=True)
    toggle_vote(bob, OWNER, now_voted=False)
    toggle_vote(bob, OWNER, now_voted=True)
    bob.reload()  # the vote is stored, not only drawn
    expect(card(bob, OWNER).get_by_role("button")).to_have_text("✓ Voted")
    expect(card(bob, APOLOGY).get_by_role("button")).to_have_text("▲ Vote")

    expect(facilitator.get_by_test_id("idea-stats")).to_contain_text("3 votes", timeout=POLL_MS)
    press_phase(facilitator, "Show results", "Results")
    facilitator.get_by_role("link", name="Ranking").click()
    expect(facilitator.get_by_role("heading", name="Ranking")).to_be_visible()
    expect(facilitator.get_by_text("Provisional")).to_have_count(0)
    rows = facilitator.get_by_test_id("ranking").locator("li")
    expect(rows).to_have_text(
        [
            re.compile(rf"^\s*1\s+{re.escape(OWNER)}\s+2 votes\s+score \d+ %\s*$"),
            re.compile(rf"^\s*2\s+{re.escape(APOLOGY)}\s+1 vote\s+score \d+ %\s*$"),
            re.compile(rf"^\s*3\s+{re.escape(CALL_BACK)}\s+0 votes\s+score 0 %\s*$"),
        ]
    )
    expect(facilitator.get_by_text("3 votes in all.")).to_be_visible()

    expect(alice.get_by_text("Voting is over. Thank you!")).to_be_visible(timeout=POLL_MS)
    expect(alice.get_by_role("button", name=re.compile("Vote"))).to_have_count(0)


def test_participant_edits_and_withdraws_own_idea_while_collecting(live_server, phone):
    with live_server.app.app_context():
        session = factories.make_session(phase="collecting")
        (other,) = factories.add_ideas(session, "Smile and use the customer's name")
        code, other_text = session.join_code, other.text

    page = phone().new_page()
    page.goto(f"/j/{code}")
    page.get_by_role("button", name="Join anonymously").click()
    add_idea(page, "Say sorry frist")
    add_idea(page, "Offer a voucher to every customer")

    card(page, "Say sorry frist").get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit your idea")).to_be_visible()
    expect(page.get_by_label("Your idea")).to_have_value("Say sorry frist")
    page.get_by_label("Your idea").fill("Say sorry first, then fix it")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Idea updated.")).to_be_visible()
    expect(card(page, "Say sorry first, then fix it")).to_contain_text("Your idea")
    expect(page.get_by_text("Say sorry frist")).to_have_count(0)

    card(page, "Offer a voucher").get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Idea withdrawn.")).to_be_visible()
    expect(page.get_by_text("Offer a voucher to every customer")).to_have_count(0)
    expect(page.locator("#ideas h2")).to_contain_text("(2)")

    other_card = card(page, other_text)
    expect(other_card).to_be_visible()
    expect(other_card.get_by_role("link", name="Edit")).to_have_count(0)
    expect(other_card.get_by_role("button", name="Withdraw")).to_have_count(0)
