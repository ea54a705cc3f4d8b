"""Teams and segments in a real browser: a manager imports segments from CSV (a bad file is
refused with its row report, then a good file imports); an admin makes a team link; a team
member opens it on a 360 px phone and proposes a change. axe-core checks each new page."""

from feedback_app.extensions import db
from feedback_app.models import Idea
from feedback_app.services import objectives
from feedback_app.services.decisions import decide
from tests import factories
from tests.e2e.live import expect
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_voting_modes import fits_phone, in_app, log_in, snap

BAD_CSV = b"name,share_percent,channels\nStudents,12,web\nFamilies,140,web\nX,5,fax\n"
GOOD_CSV = b'name,share_percent,channels\nStudents,12,web\nFamilies,40,"in person, phone"\n'


def _csv(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def import_segments(page) -> None:
    """From the main menu, upload a bad file (refused with its row report, nothing imported),
    then the good one (its two segments imported)."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Segments").click()
    page.get_by_label("CSV file").set_input_files(_csv("bad.csv", BAD_CSV))
    page.get_by_role("button", name="Import").click()
    report = page.get_by_test_id("import-report")
    expect(report).to_contain_text("Row 3:")
    expect(report).to_contain_text("Row 4:")
    expect(page.get_by_text("Nothing was imported: 2 row(s) need fixing first.")).to_be_visible()
    expect(page.get_by_text("No segment yet")).to_be_visible()
    snap(page, "segments-refused-1280")
    assert_accessible(page, "the segment register with an import report")
    page.get_by_label("CSV file").set_input_files(_csv("good.csv", GOOD_CSV))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported 2 segment(s).")).to_be_visible()


def test_a_manager_imports_segments_from_csv(live_server, phone, desktop):
    email = in_app(live_server, lambda: factories.make_user("manager").email)
    for width, context in (("1280", desktop(bypass_csp=True)), ("360", phone(bypass_csp=True))):
        page = context.new_page()
        log_in(page, email)
        if width == "1280":
            import_segments(page)
        else:
            page.goto("/segments")
        table = page.locator("table.segment-table")
        expect(table).to_contain_text("Families")
        expect(table).to_contain_text("in person, phone")
        snap(page, f"segments-{width}")
        if width == "360":
            fits_phone(page)
            assert_accessible(page, "the segment register at 360 px")


def _team_with_a_delegated_objective() -> tuple[str, str]:
    admin = factories.make_user("admin")
    manager = factories.make_user("manager")
    made = factories.make_team("Leeds shop", admin)
    standard = factories.make_candidate(
        manager, "Greet every customer within ten seconds", "Say hello at the door"
    )
    objectives.add_objective(
        standard,
        manager,
        metric="Time to greet a customer",
        target=10,
        unit="seconds",
        measured_by="Spot checks",
        owner_team_id=made.team.id,
    )
    decide(standard, "adopted", "Customers notice", manager)
    return made.token, admin.email


def test_a_team_member_proposes_a_change_on_a_phone(live_server, phone, desktop):
    token, admin_email = in_app(live_server, _team_with_a_delegated_objective)
    admin_page = desktop(bypass_csp=True).new_page()
    log_in(admin_page, admin_email)
    admin_page.get_by_role("link", name="Teams").click()
    admin_page.get_by_role("button", name="New link").click()
    link = admin_page.get_by_test_id("team-url")
    expect(link).to_be_visible()
    expect(admin_page.get_by_role("img", name="QR code of the link of Leeds shop")).to_be_visible()
    snap(admin_page, "teams-admin-1280")
    assert_accessible(admin_page, "the admin's teams page with a new link")
    new_url = link.inner_text()
    assert token not in new_url

    page = phone(bypass_csp=True).new_page()
    assert page.goto(f"/t/{token}").status == 404  # the old link died with the rotation
    page.goto(new_url)
    expect(page.get_by_role("heading", name="Leeds shop", level=1)).to_be_visible()
    expect(page.get_by_text("Target: at most 10 seconds")).to_be_visible()
    expect(page.get_by_text("not measured yet")).to_be_visible()
    fits_phone(page)
    assert_accessible(page, "the team page at 360 px")
    page.get_by_label("Your proposal").fill("At peak times 15 seconds is more realistic")
    page.get_by_role("button", name="Send proposal").click()
    expect(page.get_by_text("your proposal has been sent")).to_be_visible()
    snap(page, "team-page-360")
    fits_phone(page)

    def stored():
        return [idea.text for idea in db.session.query(Idea).all()]

    assert "At peak times 15 seconds is more realistic" in in_app(live_server, stored)
