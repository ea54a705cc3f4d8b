"""WCAG 2.1 AA in real browsers: axe-core finds no serious or critical problem on any page that
participants or staff use, every page starts with a skip link, and the participant room works
with the keyboard alone (focus stays on a card's vote button after htmx swaps the card).

axe-core is vendored in static/vendor/axe-core/ and injected by the test only (the contexts
bypass the CSP for that one script); no page loads it.
"""

import re
from pathlib import Path

from feedback_app.services.sessions import set_joining_open, set_results_public
from tests import factories
from tests.e2e.live import expect, wait_until_enhanced
from tests.e2e.test_core_loop import log_in
from tests.e2e.test_voting_modes import snap

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
IDEAS = (
    "Greet every customer within ten seconds",
    "Repeat the problem back before solving it",
    "Call back the next day to check it is fixed",
)
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")),
  }));
}"""


def serious_violations(page) -> list[dict]:
    """Run axe on the page as it stands; the serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE, WCAG_AA) if v["impact"] in BLOCKING]


def assert_accessible(page, where: str) -> None:
    violations = serious_violations(page)
    described = "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'][:6])}"
        for v in violations
    )
    assert not violations, f"axe found serious problems on {where}:\n{described}"


def assert_skip_link(page) -> None:
    """The first Tab lands on a visible "Skip to content" link; Enter moves to the main content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 20, f"skip link not visible: {box}"
    snap(page, f"a11y-skip-link-{page.viewport_size['width']}")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _session(live_server, phase: str, **fields):
    """A session with ideas from others, in a phase; (id, join code, owner's email)."""
    with live_server.app.app_context():
        owner = factories.make_user()
        session = factories.make_session(owner=owner, phase="collecting", **fields)
        factories.add_ideas(session, *IDEAS)
        session = factories.move_to(session, phase)
        if phase == "voting":
            set_joining_open(session, True)
        return session.id, session.join_code, owner.email


def _join(page, code: str) -> None:
    page.goto(f"/j/{code}")
    page.get_by_role("button", name="Join anonymously").click()
    expect(page).to_have_url(re.compile(rf"/s/{code}$"))
    wait_until_enhanced(page)


def test_participant_pages_have_no_serious_problems_at_360px(live_server, phone):
    _, code, _ = _session(live_server, "collecting")
    page = phone(bypass_csp=True).new_page()
    page.goto("/join")
    assert_accessible(page, "the join page")
    assert_skip_link(page)
    page.goto(f"/j/{code}")
    assert_accessible(page, "the session's join page")
    _join(page, code)
    page.get_by_label("Your idea").fill("Write every complaint in the shared log")
    page.get_by_role("button", name="Add idea").click()
    expect(page.get_by_text("Thanks! Your idea is in.")).to_be_visible()
    page.locator("li.idea summary").first.click()  # the comments of an idea, open
    assert_accessible(page, "the room while collecting")
    snap(page, "a11y-360-room-collecting")


def test_voting_room_has_no_serious_problems_at_360px(live_server, phone):
    _, code, _ = _session(live_server, "voting")
    page = phone(bypass_csp=True).new_page()
    _join(page, code)
    page.get_by_role("button", name="▲ Vote").first.click()
    expect(page.get_by_role("button", name="✓ Voted")).to_have_count(1)
    assert_accessible(page, "the room while voting")
    snap(page, "a11y-360-room-voting")


def test_dots_and_stars_rooms_have_no_serious_problems_at_360px(live_server, phone):
    for mode, extra in (("dots", {"dot_budget": 3}), ("stars", {})):
        _, code, _ = _session(live_server, "voting", voting_mode=mode, **extra)
        page = phone(bypass_csp=True).new_page()
        _join(page, code)
        assert_accessible(page, f"the {mode} room")
        snap(page, f"a11y-360-room-{mode}")


def test_staff_pages_have_no_serious_problems(live_server, desktop):
    session_id, code, email = _session(live_server, "results")
    with live_server.app.app_context():
        from feedback_app.services.sessions import get_session

        set_results_public(get_session(session_id), True)
    page = desktop(bypass_csp=True).new_page()
    log_in(page, email)
    assert_accessible(page, "the sessions dashboard")
    assert_skip_link(page)
    for path, where in (
        (f"/sessions/{session_id}", "the facilitator console"),
        (f"/sessions/{session_id}/present", "the projector"),
        (f"/sessions/{session_id}/results", "the results page"),
        ("/sessions/new", "the new session form"),
    ):
        page.goto(path)
        assert_accessible(page, where)
        snap(page, "a11y-1280-" + where.split()[-1].replace(" ", "-"))


def test_participant_results_have_no_serious_problems(live_server, phone):
    session_id, code, _ = _session(live_server, "collecting")
    page = phone(bypass_csp=True).new_page()
    _join(page, code)
    with live_server.app.app_context():
        from feedback_app.services.sessions import get_session

        session = factories.move_to(get_session(session_id), "results")
        set_results_public(session, True)
    page.goto(f"/s/{code}/results")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the participant's results")


def test_admin_pages_have_no_serious_problems(live_server, desktop):
    with live_server.app.app_context():
        email = factories.make_user(role="admin").email
    page = desktop(bypass_csp=True).new_page()
    log_in(page, email)
    for path in ("/admin/users", "/admin/levels", "/admin/vocabulary", "/admin/word-filter"):
        page.goto(path)
        assert_accessible(page, path)
    anonymous = desktop(bypass_csp=True).new_page()
    anonymous.goto("/login")
    assert_accessible(anonymous, "the login page")


# The participant room with the keyboard alone


def tab_to(page, target, limit: int = 80) -> None:
    """Press Tab until the target has focus, as a keyboard user would (Shift+Tab never needed)."""
    handle = target.element_handle()
    for _ in range(limit):
        if page.evaluate("(el) => el === document.activeElement", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def focused(page) -> dict:
    """What has focus: its card, its focus key and its text."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const card = el.closest("li.idea");
          return {tag: el.tagName, card: card ? card.id : null,
                  key: el.getAttribute("data-focus-key"), text: el.textContent.trim()};
        }"""
    )


def test_a_keyboard_vote_keeps_focus_on_the_cards_button_at_360px(live_server, phone):
    _, code, _ = _session(live_server, "voting")
    page = phone().new_page()
    _join(page, code)
    second = page.locator("li.idea").nth(1)
    card_id = second.get_attribute("id")

    tab_to(page, second.get_by_role("button", name="▲ Vote"))
    page.keyboard.press("Enter")
    expect(second.get_by_role("button", name="✓ Voted")).to_be_visible()
    expect(second.get_by_role("button", name="✓ Voted")).to_be_focused()
    assert focused(page) == {"tag": "BUTTON", "card": card_id, "key": "vote", "text": "✓ Voted"}

    page.keyboard.press("Space")  # and back again: focus still on this card's button
    expect(second.get_by_role("button", name="▲ Vote")).to_be_focused()
    assert focused(page)["card"] == card_id

    page.keyboard.press("Tab")  # the next control is this card's comments, not the page top
    assert focused(page)["card"] == card_id


def test_dots_and_stars_keep_focus_on_the_pressed_control(live_server, phone):
    _, code, _ = _session(live_server, "voting", voting_mode="dots", dot_budget=4)
    page = phone().new_page()
    _join(page, code)
    first = page.locator("li.idea").first
    tab_to(page, first.get_by_role("button", name="Add a dot"))
    page.keyboard.press("Enter")
    expect(first.get_by_role("button", name="Take a dot back")).to_be_visible()
    expect(first.get_by_role("button", name="Add a dot")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#dots-left")).to_contain_text("2 of 4 dots left")
    expect(first.get_by_role("button", name="Add a dot")).to_be_focused()

    _, code, _ = _session(live_server, "voting", voting_mode="stars")
    page = phone().new_page()
    _join(page, code)
    first = page.locator("li.idea").first
    tab_to(page, first.get_by_role("button", name="4 stars"))
    page.keyboard.press("Enter")
    expect(first.get_by_role("button", name="4 stars")).to_have_attribute("aria-pressed", "true")
    expect(first.get_by_role("button", name="4 stars")).to_be_focused()


def test_every_action_of_the_room_works_with_the_keyboard_alone(live_server, phone):
    session_id, code, _ = _session(live_server, "collecting")
    page = phone().new_page()
    page.goto("/join")
    tab_to(page, page.get_by_label("Session code"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Join anonymously"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/s/{code}$"))

    tab_to(page, page.get_by_label("Your idea"))  # add an idea
    page.keyboard.type("Write every complaint in the shared log")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thanks! Your idea is in.")).to_be_visible()
    mine = page.locator("li.idea", has_text="shared log")

    tab_to(page, mine.get_by_role("link", name="Edit"))  # edit it
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Your idea"))
    page.keyboard.press("End")
    page.keyboard.type(" and read it weekly")
    tab_to(page, page.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Idea updated.")).to_be_visible()

    other = page.locator("li.idea", has_text=IDEAS[0])  # comment on someone else's idea
    tab_to(page, other.locator("summary"))
    page.keyboard.press("Enter")
    tab_to(page, other.get_by_label("Your comment"))
    page.keyboard.type("And smile while you do it")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(other.locator("li.comment")).to_contain_text("And smile while you do it")
    expect(other.get_by_role("button", name="Comment")).to_be_focused()

    mine = page.locator("li.idea", has_text="read it weekly")  # withdraw it
    tab_to(page, mine.get_by_role("button", name="Withdraw"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Idea withdrawn.")).to_be_visible()

    with live_server.app.app_context():  # vote, then leave
        from feedback_app.services.sessions import get_session

        factories.move_to(get_session(session_id), "voting")
    page.reload()
    card = page.locator("li.idea").first
    tab_to(page, card.get_by_role("button", name="▲ Vote"))
    page.keyboard.press("Enter")
    expect(card.get_by_role("button", name="✓ Voted")).to_be_focused()
    tab_to(page, page.get_by_role("button", name="Leave this session"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/join$"))


def test_show_more_ideas_moves_focus_to_the_first_new_idea(live_server, phone):
    many = tuple(f"Idea number {n} about answering the phone" for n in range(1, 40))
    with live_server.app.app_context():
        session = factories.make_session(phase="collecting")
        factories.add_ideas(session, *many)
        session = factories.move_to(session, "voting")
        set_joining_open(session, True)
        code = session.join_code
    page = phone().new_page()
    _join(page, code)
    more = page.get_by_role("button", name=re.compile("Show more ideas"))
    tab_to(page, more, limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("[data-first-new]")).to_be_focused()


def test_pages_in_their_other_states_have_no_serious_problems(live_server, desktop, phone):
    """Errors, pending ideas, timers, pairs and rankings: the states a first look misses."""
    with live_server.app.app_context():
        from feedback_app.services import phases

        owner = factories.make_user()
        session = factories.make_session(owner=owner, phase="collecting", moderation="pre")
        factories.add_ideas(session, *IDEAS)
        phases.start_timer(session, 5)
        pairs = factories.make_session(owner=owner, phase="collecting", voting_mode="pairwise")
        factories.add_ideas(pairs, *IDEAS)
        pairs = factories.move_to(pairs, "voting")
        set_joining_open(pairs, True)
        ids = session.id, session.join_code, pairs.join_code, owner.email
    session_id, code, pairs_code, email = ids

    page = phone(bypass_csp=True).new_page()
    page.goto("/join")
    page.get_by_label("Session code").fill("ZZZ999")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page, "the join page with a wrong code")
    _join(page, code)
    page.get_by_role("button", name="Add idea").click()  # empty: the form says why
    expect(page.locator(".error").first).to_be_visible()
    assert_accessible(page, "the room with an error in the idea box")
    page.get_by_label("Your idea").fill("Keep a shared log of every complaint")
    page.get_by_role("button", name="Add idea").click()
    expect(page.locator("[data-pending-note]")).to_be_visible()
    assert_accessible(page, "the room with a pending idea")
    snap(page, "a11y-360-room-pending")

    pair_page = phone(bypass_csp=True).new_page()
    _join(pair_page, pairs_code)
    assert_accessible(pair_page, "the pairwise room")
    snap(pair_page, "a11y-360-room-pairwise")

    staff = desktop(bypass_csp=True).new_page()
    log_in(staff, email)
    staff.goto(f"/sessions/{session_id}")
    assert_accessible(staff, "the console with pending ideas and a timer")
    snap(staff, "a11y-1280-console-pending")
    staff.goto(f"/sessions/{session_id}/present")
    assert_accessible(staff, "the projector while collecting")
    snap(staff, "a11y-1280-projector-collecting")
    with live_server.app.app_context():
        from feedback_app.services.sessions import get_session

        factories.move_to(get_session(session_id), "results")
    staff.goto(f"/sessions/{session_id}/present")
    assert_accessible(staff, "the projector showing the ranking")
    snap(staff, "a11y-1280-projector-results")
    staff.goto(f"/sessions/{session_id}/results")
    assert_accessible(staff, "the results page")
    snap(staff, "a11y-1280-results")


def test_choosing_in_pairs_with_the_keyboard_moves_focus_to_the_next_pair(live_server, phone):
    _, code, _ = _session(live_server, "voting", voting_mode="pairwise")
    page = phone().new_page()
    _join(page, code)
    tab_to(page, page.get_by_test_id("pair-left"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 pair compared so far.")).to_be_visible()
    expect(page.get_by_test_id("pair-left")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the right-hand idea, to "skip"
    expect(page.get_by_role("button", name="I can't choose: skip this pair")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 pairs compared so far.")).to_be_visible()
    expect(page.get_by_test_id("pair-left")).to_be_focused()


def _luminance(rgb: str) -> float:
    """Relative luminance of a computed CSS colour such as "rgb(31, 95, 191)"."""
    channels = [int(part) / 255 for part in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_controls_their_states_and_focus_rings_stand_out_3_to_1(live_server, phone):
    """WCAG 1.4.11 (axe leaves it to people): input borders, stars off and on, focus rings."""
    _, code, _ = _session(live_server, "voting", voting_mode="stars")
    page = phone().new_page()
    _join(page, code)
    first = page.locator("li.idea").first
    first.get_by_role("button", name="3 stars").click()
    expect(first.get_by_role("button", name="3 stars")).to_have_attribute("aria-pressed", "true")
    snap(page, "a11y-360-stars-rated")
    style = "(el, prop) => getComputedStyle(el)[prop]"
    card = first.evaluate(style, "backgroundColor")
    for name in ("1 star", "5 stars"):  # on, off
        star = first.get_by_role("button", name=name)
        ratio = contrast(star.evaluate(style, "color"), star.evaluate(style, "backgroundColor"))
        assert ratio >= 3, f"the {name!r} button stands out only {ratio:.2f}:1"
    comment = first.get_by_label("Your comment")
    first.locator("summary").click()
    ratio = contrast(comment.evaluate(style, "borderTopColor"), card)
    assert ratio >= 3, f"text boxes stand out only {ratio:.2f}:1 from the card"
    tab_to(page, comment)
    ratio = contrast(comment.evaluate(style, "outlineColor"), card)
    assert ratio >= 3, f"the focus ring stands out only {ratio:.2f}:1"


def test_room_on_a_desktop_has_no_serious_problems(live_server, desktop):
    _, code, _ = _session(live_server, "collecting")
    page = desktop(bypass_csp=True).new_page()
    _join(page, code)
    assert_accessible(page, "the room at 1280 px")
    assert_skip_link(page)
    page.get_by_role("link", name="Leave").click()
    snap(page, "a11y-1280-room")
