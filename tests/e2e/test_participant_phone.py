"""The participant room on a 360 px phone: layout, tap targets, no-JS fallback, return visits."""

import re
import time

from feedback_app.services.sessions import set_joining_open
from tests import factories
from tests.e2e.live import expect, wait_until_enhanced
from tests.e2e.test_voting_modes import snap

PHONE_WIDTH = 360
MIN_TAP_PX = 44
LONG_IDEA = (
    "When a customer complains about a delayed delivery, look up the order while they are "
    "still on the line, tell them honestly where it is, and send them the tracking link "
    "https://example.com/orders/track/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnop "
    "so they never have to call twice about the same parcel."
)
LONG_WORD_IDEA = "Acknowledge-every-complaint-within-one-hour-even-at-weekends-and-on-holidays"


def _session(live_server, phase: str = "collecting", ideas: tuple[str, ...] = ()):
    """A session in the given phase, with ideas from other participants; returns its code."""
    with live_server.app.app_context():
        session = factories.make_session(
            phase="collecting",
            prompt="What should we do every time a customer complains about a late delivery "
            "that was promised for a specific day?",
        )
        factories.add_ideas(session, *ideas)
        factories.move_to(session, phase)
        if phase == "voting":  # voting closes joining: the facilitator lets this phone in
            set_joining_open(session, True)
        return session.join_code


def _move_to(live_server, code: str, phase: str) -> None:
    """Move a session on, as the facilitator would from their page."""
    from feedback_app.services.sessions import find_session_by_code

    with live_server.app.app_context():
        factories.move_to(find_session_by_code(code), phase)


def _join(page, code: str) -> None:
    page.goto(f"/j/{code}")
    page.get_by_role("button", name="Join anonymously").click()
    expect(page).to_have_url(re.compile(rf"/s/{code}$"))
    wait_until_enhanced(page)


def _add_idea(page, text: str) -> None:
    page.get_by_label("Your idea").fill(text)
    page.get_by_role("button", name="Add idea").click()
    expect(page.get_by_text("Thanks! Your idea is in.")).to_be_visible()


def _assert_fits_phone(page) -> None:
    widths = page.evaluate(
        "({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth})"
    )
    assert max(widths.values()) <= PHONE_WIDTH, f"horizontal scrolling at 360 px: {widths}"


def test_room_has_no_horizontal_scroll_at_360px_with_long_ideas(live_server, phone):
    code = _session(live_server, ideas=(LONG_IDEA, LONG_WORD_IDEA))
    page = phone().new_page()
    _join(page, code)
    _add_idea(page, LONG_IDEA.replace("delayed delivery", "broken product"))
    expect(page.get_by_test_id("phase")).to_have_text("Collecting ideas")
    expect(page.locator("li.idea")).to_have_count(3)
    _assert_fits_phone(page)

    _move_to(live_server, code, "voting")
    page.reload()
    expect(page.get_by_test_id("phase")).to_have_text("Voting")
    expect(page.get_by_role("button", name="▲ Vote")).to_have_count(3)
    _assert_fits_phone(page)


def test_vote_buttons_are_at_least_44px_tall(live_server, phone):
    code = _session(live_server, phase="voting", ideas=("Smile", LONG_IDEA))
    page = phone().new_page()
    _join(page, code)
    buttons = page.get_by_role("button", name=re.compile("Vote"))
    expect(buttons).to_have_count(2)
    buttons.first.click()
    expect(page.get_by_role("button", name="✓ Voted")).to_have_count(1)
    for button in buttons.all():
        box = button.bounding_box()
        assert box is not None
        assert box["height"] >= MIN_TAP_PX, f"{button.inner_text()!r} is {box['height']} px tall"


def test_room_works_without_javascript(live_server, phone):
    code = _session(live_server, ideas=("Say thank you for the feedback",))
    page = phone(java_script_enabled=False).new_page()
    page.goto("/join")
    page.get_by_label("Session code").fill(f"{code[:3]} {code[3:]}")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Join anonymously").click()
    expect(page.get_by_test_id("phase")).to_have_text("Collecting ideas")
    _add_idea(page, "Write down every complaint in the shared log")
    expect(page.locator("li.idea", has_text="shared log")).to_contain_text("Your idea")

    _move_to(live_server, code, "voting")
    page.reload()
    idea = page.locator("li.idea", has_text="Say thank you")
    idea.get_by_role("button", name="▲ Vote").click()  # a plain form POST, then a redirect
    expect(page).to_have_url(re.compile(rf"/s/{code}#idea-[A-Za-z0-9_-]{{16}}$"))
    expect(idea.get_by_role("button")).to_have_text("✓ Voted")
    idea.get_by_role("button", name="✓ Voted").click()
    expect(idea.get_by_role("button")).to_have_text("▲ Vote")
    expect(page.locator("li.idea", has_text="shared log").get_by_role("button")).to_have_text(
        "▲ Vote"
    )


def test_join_page_explains_a_wrong_code(live_server, phone):
    _session(live_server)
    page = phone().new_page()
    page.goto("/join")
    page.get_by_label("Session code").fill("ZZZ999")
    with page.expect_response(re.compile(r"/join$")) as answer:
        page.get_by_role("button", name="Continue").click()
    assert answer.value.status == 404
    error = page.get_by_text("No session has that code. Check the code and try again.")
    expect(error).to_be_visible()
    expect(page.get_by_label("Session code")).to_have_value("ZZZ999")
    expect(page.get_by_label("Session code")).to_have_attribute("aria-invalid", "true")
    _assert_fits_phone(page)


def test_returning_participant_lands_back_in_their_room(live_server, phone):
    code = _session(live_server, ideas=("Answer within the hour",))
    context = phone()
    page = context.new_page()
    _join(page, code)
    _add_idea(page, "Thank the customer for telling us")
    page.close()

    again = context.new_page()  # scans the QR code a second time
    again.goto(f"/j/{code}")
    expect(again).to_have_url(re.compile(rf"/s/{code}$"))
    expect(again.get_by_role("button", name="Join anonymously")).to_have_count(0)
    mine = again.locator("li.idea", has_text="Thank the customer")
    expect(mine).to_contain_text("Your idea")
    expect(again.locator("li.idea", has_text="Answer within the hour")).not_to_contain_text(
        "Your idea"
    )

    stranger = phone().new_page()  # another phone is a new participant
    stranger.goto(f"/j/{code}")
    expect(stranger.get_by_role("button", name="Join anonymously")).to_be_visible()


def test_participant_cookie_is_httponly_and_samesite_lax(live_server, phone):
    code = _session(live_server)
    context = phone()
    page = context.new_page()
    _join(page, code)
    name = live_server.app.config["SESSION_COOKIE_NAME"]
    (cookie,) = [cookie for cookie in context.cookies() if cookie["name"] == name]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert cookie["expires"] > 0  # kept after the browser closes, so people can come back
    hours = live_server.app.config["PARTICIPANT_COOKIE_HOURS"]
    assert cookie["expires"] <= time.time() + hours * 3600 + 60  # but not for weeks
    assert page.evaluate("document.cookie") == ""  # scripts cannot read the token


def test_leaving_a_shared_phone_hands_it_to_the_next_person(live_server, phone):
    code = _session(live_server, ideas=("Answer within the hour",))
    page = phone().new_page()
    _join(page, code)
    _add_idea(page, "Thank the customer for telling us")
    mine = page.locator("li.idea", has_text="Thank the customer")
    expect(mine).to_contain_text("Your idea")

    page.get_by_role("link", name="Leave").click()  # the header's shortcut to the section
    leave = page.get_by_role("region", name="Leave this session")
    expect(leave).to_contain_text("you can't come back to edit or take back your ideas")
    expect(leave).to_be_in_viewport()
    _assert_fits_phone(page)
    snap(page, "leave-360-room")
    leave.get_by_role("button", name="Leave this session").click()

    expect(page).to_have_url(re.compile(r"/join$"))
    expect(page.get_by_role("status")).to_contain_text("This phone no longer holds your place")
    expect(page.get_by_label("Session code")).to_be_visible()
    _assert_fits_phone(page)
    snap(page, "leave-360-join")

    page.goto(f"/s/{code}")  # the next person opens the room: they are asked to join
    expect(page).to_have_url(re.compile(rf"/j/{code}$"))
    page.get_by_role("button", name="Join anonymously").click()
    expect(page.locator("li.idea", has_text="Thank the customer")).not_to_contain_text("Your idea")
    expect(page.get_by_role("button", name="Withdraw")).to_have_count(0)


def test_a_session_closed_while_the_phone_fetches_its_ballot_still_says_so(live_server, phone):
    """The phone asks for its voting section a moment after voting opens; when the session
    closes in that moment, the fetch must not land on the closed page itself (that visit
    ends the phone's place and takes its message), so the reload after it shows why."""
    code = _session(live_server)
    page = phone().new_page()
    page.add_init_script("Math.random = () => 0.999")  # the section is fetched 1.5 s later
    _join(page, code)
    _add_idea(page, "Thank the customer for telling us")

    _move_to(live_server, code, "voting")
    expect(page.get_by_test_id("phase")).to_have_text("Voting")
    _move_to(live_server, code, "closed")  # before the fetch: the next stream comes in 3 s

    expect(page.get_by_text("This session is closed.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("this phone no longer holds your place")


def test_closing_the_session_ends_the_phones_place_in_it(live_server, phone):
    code = _session(live_server)
    page = phone().new_page()
    _join(page, code)
    _add_idea(page, "Thank the customer for telling us")
    expect(page.locator("[data-live-status]")).to_have_text("")

    _move_to(live_server, code, "closed")  # the live room reloads onto the closed page

    expect(page).to_have_url(re.compile(rf"/j/{code}(#ideas)?$"))
    expect(page.get_by_text("This session is closed.")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("this phone no longer holds your place")
    expect(page.get_by_text("Your idea", exact=True)).to_have_count(0)
    snap(page, "closed-360")
