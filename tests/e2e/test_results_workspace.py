"""The managers' results workspace on a 360 px phone and a 1280 px desktop: no sideways page
scroll on the phone, tables keep their column headings, charts are there, comparing works.

Set FEEDBACK_SCREENSHOTS to a folder to keep a screenshot of each screen for a human look.
"""

from feedback_app.services import clustering, standards
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests import factories
from tests.e2e.live import expect
from tests.e2e.test_voting_modes import fits_phone, in_app, log_in, snap
from tests.sample_ideas import THEMES

PAGES = (("/results", "sessions"), ("/results/proposals", "proposals"))


def workspace_data(live_server) -> str:
    """Two sessions with themes, a candidate standard and votes from two levels, and a small
    one; returns the manager's email."""

    def build():
        manager = factories.make_user("manager")
        for title, front in (("Spring, front line", 6), ("Autumn, front line", 9)):
            session = factories.make_session(manager, title=title, phase="collecting")
            ideas = factories.add_ideas(session, *THEMES["refund"], *THEMES["greet"])
            run = clustering.run_clustering(session, k=2)
            for cluster in run.clusters:
                if not cluster.is_other:
                    standards.promote_cluster(cluster, session)
            change_phase(session, "voting")
            levels = {"Front-line staff": front, "Supervisor": 5}
            for name, count in levels.items():
                for number in range(count):
                    person = factories.join(session, factories.level_named(name).id)[0]
                    cast_vote(ideas[number % len(ideas)].id, person)
        factories.voted_session(manager, {"Supervisor": 2}, title="A very small session")
        return manager.email

    return in_app(live_server, build)


def headings_visible(page, table) -> None:
    headings = table.locator("thead th")
    assert headings.count() >= 2
    for index in range(headings.count()):
        expect(headings.nth(index)).to_be_attached()
        assert headings.nth(index).evaluate("e => getComputedStyle(e).display") == "table-cell"
    expect(table.locator("thead th").nth(1)).to_be_visible()


def test_workspace_on_a_phone_and_a_desktop(live_server, phone, desktop):
    email = workspace_data(live_server)
    for name, context in (("360", phone()), ("1280", desktop())):
        page = context.new_page()
        log_in(page, email)
        page.get_by_role("link", name="Results").click()
        expect(page.get_by_role("heading", name="Results across sessions")).to_be_visible()
        table = page.get_by_test_id("sessions")
        headings_visible(page, table)
        expect(table).to_contain_text("Fewer than 5 people took part")
        expect(page.locator('svg[role="img"]')).to_have_count(2)
        snap(page, f"workspace-sessions-{name}")
        if name == "360":
            fits_phone(page)
        page.get_by_label("Compare Spring, front line").check()
        page.get_by_label("Compare Autumn, front line").check()
        page.get_by_role("button", name="Compare ticked sessions").click()
        expect(page.get_by_role("heading", name="Compare sessions")).to_be_visible()
        expect(page.locator(".compared")).to_have_count(2)
        snap(page, f"workspace-compare-{name}")
        if name == "360":
            fits_phone(page)
        page.goto("/results/proposals")
        expect(page.get_by_test_id("proposals").locator("li.proposal").first).to_be_visible()
        headings_visible(page, page.locator(".proposal table").first)
        expect(page.locator('svg[role="img"]')).to_have_count(2)
        page.get_by_text("Table of “Support per candidate and level”").click()
        headings_visible(page, page.locator("#heat-heading ~ details table"))
        snap(page, f"workspace-proposals-{name}")
        if name == "360":
            fits_phone(page)
        page.emulate_media(media="print")
        expect(page.locator(".topbar")).to_be_hidden()
        expect(page.locator(".workspace-filters")).to_be_hidden()
        expect(page.locator("#chart-heat")).to_be_visible()
        snap(page, f"workspace-proposals-print-{name}")
        page.emulate_media(media="screen")
        page.goto("/results?sort=bogus")
        expect(page.get_by_text("Choose an option from the list.")).to_be_visible()
