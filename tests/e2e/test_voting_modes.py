"""Every voting mode on a 360 px phone, as front-line staff use it; ballot cards, comments and
follow-up sessions as the facilitator runs them.

Set FEEDBACK_SCREENSHOTS to a folder to keep a screenshot of each screen for a human look.
"""

import os
import re
from pathlib import Path

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BallotCard, Comment, Idea, PairChoice, Participant, Vote
from feedback_app.services.sessions import find_session_by_code, get_session
from tests import factories
from tests.e2e.live import expect

PHONE_WIDTH = 360
IDEAS = (
    "Greet every customer within ten seconds",
    "Repeat the problem back before solving it",
    "Call back the next day to check it is fixed",
)


def snap(page, name: str) -> None:
    """Keep a screenshot when asked to (FEEDBACK_SCREENSHOTS=folder)."""
    folder = os.environ.get("FEEDBACK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"horizontal scrolling at 360 px: {width}"


def make_session(live_server, ideas=IDEAS, **fields) -> str:
    """A collecting session with ideas from other people; returns its join code."""
    with live_server.app.app_context():
        session = factories.make_session(phase="collecting", **fields)
        factories.add_ideas(session, *ideas)
        return session.join_code


def move_to(live_server, code: str, phase: str) -> None:
    with live_server.app.app_context():
        factories.move_to(find_session_by_code(code), phase)


def in_app(live_server, function):
    with live_server.app.app_context():
        try:
            return function()
        finally:
            db.session.remove()


def join(page, code: str) -> None:
    page.goto(f"/j/{code}")
    page.get_by_role("button", name="Join anonymously").click()
    expect(page).to_have_url(re.compile(rf"/s/{code}$"))


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


def card(page, text: str):
    return page.locator("li.idea", has_text=text)


def start_voting(live_server, page, code: str) -> None:
    """The facilitator opens voting; the phone's ideas section turns into its ballot by itself."""
    page.evaluate("window.__samePage = true")
    move_to(live_server, code, "voting")
    expect(page.locator("[data-phase-label]")).to_have_text("Voting")
    expect(page.get_by_role("heading", name="Ideas to vote on")).to_be_visible()
    assert page.evaluate("window.__samePage === true"), "the phone reloaded the whole room"


def test_dots_a_budget_to_spread_and_a_cap_per_idea(live_server, phone):
    code = make_session(live_server, voting_mode="dots", dot_budget=5, dots_per_idea=3)
    page = phone().new_page()
    join(page, code)
    start_voting(live_server, page, code)
    meter = page.locator("#dots-left")
    expect(meter).to_contain_text("5 of 5 dots left")

    first, second = card(page, IDEAS[0]), card(page, IDEAS[1])
    for left in (4, 3, 2):
        first.get_by_role("button", name="Add a dot").click()
        expect(meter).to_contain_text(f"{left} of 5 dots left")
    expect(first.locator(".dot.is-on")).to_have_count(3)
    expect(first.get_by_role("button", name="Add a dot")).to_have_count(0)  # the cap
    for left in (1, 0):  # each tap waits for its answer: the button is off while it travels
        second.get_by_role("button", name="Add a dot").click()
        expect(meter).to_contain_text(f"{left} of 5 dots left")
    snap(page, "dots-spent-360")
    # Every dot is spent: no card offers another, the third idea included.
    expect(card(page, IDEAS[2]).get_by_role("button", name="Add a dot")).to_have_count(0)
    first.get_by_role("button", name="Take a dot back").click()
    expect(meter).to_contain_text("1 of 5 dots left")
    expect(first.locator(".dot.is-on")).to_have_count(2)
    fits_phone(page)

    stored = in_app(
        live_server, lambda: db.session.execute(select(Vote.value).order_by(Vote.value)).all()
    )
    assert [value for (value,) in stored] == [2, 2]
    page.reload()  # the same batch, the same dots after a reload
    expect(page.locator("#dots-left")).to_contain_text("1 of 5 dots left")
    expect(card(page, IDEAS[0]).locator(".dot.is-on")).to_have_count(2)


def test_stars_rate_change_and_clear(live_server, phone):
    code = make_session(live_server, voting_mode="stars")
    page = phone().new_page()
    join(page, code)
    start_voting(live_server, page, code)
    idea = card(page, IDEAS[1])
    idea.get_by_role("button", name="4 stars").click()
    expect(idea.get_by_role("button", name="4 stars")).to_have_attribute("aria-pressed", "true")
    expect(idea.locator(".star-btn.is-on")).to_have_count(4)
    idea.get_by_role("button", name="2 stars").click()
    expect(idea.locator(".star-btn.is-on")).to_have_count(2)
    snap(page, "stars-360")
    fits_phone(page)
    assert in_app(live_server, lambda: db.session.scalars(select(Vote.value)).all()) == [2]
    idea.get_by_role("button", name="Clear").click()
    expect(idea.locator(".star-btn.is-on")).to_have_count(0)
    assert in_app(live_server, lambda: db.session.scalar(select(func.count(Vote.id)))) == 0


def test_pairwise_two_ideas_at_a_time_until_every_pair_is_judged(live_server, phone):
    code = make_session(live_server, voting_mode="pairwise")
    page = phone().new_page()
    join(page, code)
    page.evaluate("window.__samePage = true")
    move_to(live_server, code, "voting")
    # The phone hears of voting at its stream's next reconnect (up to 3 s on this test server),
    # then fetches its pairs up to 1.5 s later (phones spread out): two waits, not one of 5 s.
    expect(page.locator("[data-phase-label]")).to_have_text("Voting")
    expect(page.get_by_role("heading", name="Which should be in the standard?")).to_be_visible()
    assert page.evaluate("window.__samePage === true")
    snap(page, "pairwise-360")
    fits_phone(page)
    seen_pairs = set()
    for step in range(3):  # three ideas make three pairs
        left = page.get_by_test_id("pair-left").inner_text()
        right = page.get_by_test_id("pair-right").inner_text()
        assert left != right and left in IDEAS and right in IDEAS
        seen_pairs.add(frozenset((left, right)))
        if step == 1:
            page.get_by_role("button", name="I can't choose: skip this pair").click()
        else:
            page.get_by_test_id("pair-left").click()
        expect(page.get_by_text(f"{step + 1} pair")).to_be_visible()
    expect(page.locator("[data-pairs-done]")).to_be_visible()
    assert len(seen_pairs) == 3
    choices = in_app(
        live_server, lambda: db.session.execute(select(PairChoice.winner_id)).scalars().all()
    )
    assert len(choices) == 3 and choices.count(None) == 1  # two choices and a skip


def test_without_self_votes_my_own_idea_has_no_vote_button(live_server, phone):
    code = make_session(live_server, allow_self_votes=False)
    page = phone().new_page()
    join(page, code)
    page.get_by_label("Your idea").fill("Offer a glass of water while they wait")
    page.get_by_role("button", name="Add idea").click()
    start_voting(live_server, page, code)
    mine = card(page, "Offer a glass of water")
    expect(mine).to_contain_text("Your idea")
    expect(mine).to_contain_text("Others vote on your idea.")
    expect(mine.get_by_role("button", name=re.compile("Vote"))).to_have_count(0)
    expect(card(page, IDEAS[0]).get_by_role("button", name="▲ Vote")).to_be_visible()
    snap(page, "no-self-votes-360")


def test_a_large_session_hands_out_batches_and_more_on_request(live_server, phone):
    ideas = [f"Idea number {n} about serving customers well" for n in range(45)]
    code = make_session(live_server, ideas=ideas)
    page = phone().new_page()
    join(page, code)
    start_voting(live_server, page, code)
    expect(page.locator("li.idea")).to_have_count(30)
    more = page.get_by_role("button", name="Show more ideas (15 not shown yet)")
    expect(more).to_be_visible()
    more.click()
    expect(page.locator("li.idea")).to_have_count(45)
    expect(page.get_by_text("You have every idea of this session here.")).to_be_visible()
    shown = in_app(live_server, lambda: db.session.scalars(select(Idea.exposures)).all())
    assert sorted(shown) == [1] * 45  # each idea counted once, none twice
    page.reload()  # the batch is the browser's: a reload counts nothing again
    expect(page.locator("li.idea")).to_have_count(45)
    assert in_app(live_server, lambda: db.session.scalar(select(func.sum(Idea.exposures)))) == 45


def test_comments_build_on_an_idea_and_reach_other_phones(live_server, phone):
    code = make_session(live_server)
    writer, reader = phone().new_page(), phone().new_page()
    join(writer, code)
    join(reader, code)
    block = card(writer, IDEAS[2]).locator("details.comments")
    block.locator("summary").click()
    block.get_by_label("Your comment").fill("And note the call in the customer's file")
    block.get_by_role("button", name="Comment").click()
    expect(block.locator("li.comment")).to_have_text(["And note the call in the customer's file"])
    other = card(reader, IDEAS[2]).locator("details.comments")
    expect(other.locator("[data-comment-count]")).to_have_text("1")  # live, no reload
    other.locator("summary").click()
    expect(other.locator("li.comment")).to_have_text(["And note the call in the customer's file"])
    snap(reader, "comments-360")
    fits_phone(reader)
    stored = in_app(live_server, lambda: db.session.scalars(select(Comment.text)).all())
    assert stored == ["And note the call in the customer's file"]


def test_ballot_cards_each_let_one_person_in_once(live_server, desktop, phone):
    with live_server.app.app_context():
        owner = factories.make_user(email="cards@example.com")
        session = factories.make_session(owner, phase="collecting", title="Counter staff")
        session_id, plain_code = session.id, session.join_code
    facilitator = desktop().new_page()
    log_in(facilitator, "cards@example.com")
    facilitator.goto(f"/sessions/{session_id}/ballot-cards")
    facilitator.get_by_label("How many cards").fill("2")
    facilitator.get_by_role("button", name="Make cards to print (A4)").click()
    codes = facilitator.locator(".ballot-code").all_inner_texts()
    assert len(codes) == 2 and all(
        re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", c) for c in codes
    )
    expect(facilitator.locator(".ballot-card svg")).to_have_count(2)  # a QR code on each card
    snap(facilitator, "ballot-cards-sheet-1280")
    stored = in_app(live_server, lambda: db.session.scalars(select(BallotCard.code_hash)).all())
    assert not {code.replace("-", "") for code in codes} & set(stored)

    first = phone().new_page()
    first.goto(f"/j/{plain_code}")
    expect(first.get_by_role("alert")).to_contain_text("This session uses ballot cards")
    first.get_by_label("Session code").fill(codes[0].lower())
    first.get_by_role("button", name="Use my card").click()
    first.get_by_role("button", name="Join anonymously").click()
    expect(first).to_have_url(re.compile(rf"/s/{plain_code}$"))
    snap(first, "ballot-card-joined-360")

    second = phone().new_page()
    second.goto(f"/j/{codes[0].replace('-', '')}")
    expect(second.get_by_role("alert")).to_have_text("This ballot card has already been used.")
    count = in_app(live_server, lambda: db.session.scalar(select(func.count(Participant.id))))
    assert count == 1


def test_a_follow_up_puts_the_top_ideas_to_another_level(live_server, desktop):
    with live_server.app.app_context():
        owner = factories.make_user(email="follow@example.com")
        session = factories.make_session(owner, phase="collecting", title="Front line, March")
        greet, repeat, call = factories.add_ideas(session, *IDEAS)
        factories.move_to(session, "voting")
        for idea, votes in ((call, 3), (greet, 2), (repeat, 1)):
            for _ in range(votes):
                from feedback_app.services.voting import cast_vote

                cast_vote(idea.id, factories.join(session)[0])
        factories.move_to(session, "results")
        session_id = session.id
    page = desktop().new_page()
    log_in(page, "follow@example.com")
    page.goto(f"/sessions/{session_id}")
    page.get_by_role("link", name="Follow up with another level").click()
    page.get_by_label("For which level?").select_option(label="Senior management")
    page.get_by_label("How many of the top ideas").fill("2")
    snap(page, "follow-up-form-1280")
    page.get_by_role("button", name="Create the follow-up").click()
    expect(page.locator(".flash-success")).to_contain_text("Follow-up created with the top 2 ideas")
    expect(page.get_by_role("heading", name="Follow-up: Front line, March")).to_be_visible()
    expect(page.get_by_text("Follow-up of")).to_be_visible()
    snap(page, "follow-up-console-1280")

    def carried():
        follow = get_session(session_id).follow_ups[0]
        ideas = db.session.scalars(
            select(Idea).where(Idea.session_id == follow.id).order_by(Idea.id)
        )
        return [(idea.text, idea.participant_id) for idea in ideas]

    assert in_app(live_server, carried) == [(IDEAS[2], None), (IDEAS[0], None)]


def test_results_compare_levels_on_a_phone_and_a_desktop(live_server, phone, desktop):
    def voted():
        from feedback_app.services.voting import cast_vote

        owner = factories.make_user(email="levels@example.com")
        session = factories.make_session(owner, phase="collecting", title="All hands")
        greet, repeat, call = factories.add_ideas(session, *IDEAS)
        people = [
            factories.join(session, factories.level_named(name).id)[0]
            for name, count in (("Front-line staff", 8), ("Supervisor", 5), ("Executive", 2))
            for _ in range(count)
        ]
        factories.move_to(session, "voting")
        for index, person in enumerate(people):
            cast_vote(greet.id, person)
            if index % 2:
                cast_vote(call.id, person)
        factories.move_to(session, "results")
        return session.id

    session_id = in_app(live_server, voted)
    for context, width in ((phone, 360), (desktop, 1280)):
        page = context().new_page()
        log_in(page, "levels@example.com")
        page.goto(f"/sessions/{session_id}/results")
        section = page.locator("#by-level")
        expect(section.get_by_role("columnheader", name="People")).to_be_visible()
        expect(
            section.get_by_role("rowheader", name="Other levels (Executive, Level not given)")
        ).to_be_visible()
        expect(section.get_by_role("row", name=re.compile("^Front-line staff 8"))).to_be_visible()
        assert "Executive 2" not in section.inner_text()
        if width == 360:
            fits_phone(page)
        section.scroll_into_view_if_needed()
        snap(page, f"results-by-level-{width}")
