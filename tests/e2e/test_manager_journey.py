"""The managers' journey at 1280 px: compare two sessions, read the ranked proposals, adopt
three candidates with objectives, publish version 1, reword one, publish version 2 and read
its change log, download every export of a session and the version's PDF. Then the handbook
and a candidate page on a 360 px phone.

Set FEEDBACK_SCREENSHOTS to a folder to keep a screenshot of each screen for a human look.
"""

import csv
import io
import json
import os
import re
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from feedback_app.services import clustering, objectives, standards
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests import factories
from tests.e2e.live import expect
from tests.e2e.test_voting_modes import fits_phone, in_app, log_in, snap

FRONT_LINE_IDEAS = (
    "Greet every customer within 10 seconds of walking in",
    "Say hello within ten seconds of a customer walking in",
    "Greet customers warmly at the door with a smile",
    "Smile and greet people at the door as they come in",
    "Let staff approve refunds up to $50 without a manager",
    "Refund faulty products on the spot without forms",
    "Give a refund without a receipt for small amounts",
    "Open another till when the queue is longer than 5 people",
    "Tell customers how long the wait in the queue will be",
    "Put up a sign with the expected queue waiting time",
)
SUPERVISOR_IDEAS = (
    "Greet each customer by name within 10 seconds",
    "A friendly greeting at the door for every customer",
    "Open a second till when the queue reaches 5 people",
    "Call staff back from break when the queue reaches the door",
)
NEW_TITLE = "Greet every customer quickly"


def journey_data(live_server) -> dict:
    """Two voted sessions for different levels with candidate standards from their themes;
    returns the manager's email, the sessions and the front-line session's candidates (the
    one whose ideas suggest an objective first)."""

    def build():
        manager = factories.make_user("manager")
        factories.make_team("Store operations")
        made = {}
        for title, target, texts, k in (
            ("Spring, front line", "Front-line staff", FRONT_LINE_IDEAS, 3),
            ("Autumn, supervisors", "Supervisor", SUPERVISOR_IDEAS, 2),
        ):
            level = factories.level_named(target)
            session = factories.make_session(
                manager, title=title, phase="collecting", target_level_id=level.id
            )
            ideas = factories.add_ideas(session, *texts)
            run = clustering.run_clustering(session, k=k)
            promoted = [
                standards.promote_cluster(cluster, session)
                for cluster in run.clusters
                if not cluster.is_other
            ]
            change_phase(session, "voting")
            for name, count in {"Front-line staff": 7, "Supervisor": 5}.items():
                for number in range(count):
                    person = factories.join(session, factories.level_named(name).id)[0]
                    cast_vote(ideas[number % len(ideas)].id, person)
                    cast_vote(ideas[(number + 3) % len(ideas)].id, person)
            made[title] = (session, promoted)
        session, promoted = made["Spring, front line"]
        promoted.sort(key=lambda standard: not objectives.objective_suggestions(standard))
        assert len(promoted) >= 3 and objectives.objective_suggestions(promoted[0])
        return {
            "email": manager.email,
            "sessions": {title: s.id for title, (s, _) in made.items()},
            "candidates": [(standard.id, standard.title) for standard in promoted[:3]],
        }

    return in_app(live_server, build)


def download(page, link) -> bytes:
    """Click a download link and return the file's bytes (never empty)."""
    with page.expect_download() as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    assert data, f"{info.value.suggested_filename} is empty"
    return data


def keep(name: str, data: bytes) -> None:
    """Keep a downloaded file beside the screenshots, for a human look."""
    folder = os.environ.get("FEEDBACK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def flashed(page, text: str) -> None:
    expect(page.locator(".flash-success").filter(has_text=text)).to_be_visible()


def compare_sessions(page, data) -> None:
    page.get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Results across sessions")).to_be_visible()
    expect(page.locator('svg[role="img"]')).to_have_count(2)
    for title in data["sessions"]:
        page.get_by_label(f"Compare {title}").check()
    page.get_by_role("button", name="Compare ticked sessions").click()
    expect(page.get_by_role("heading", name="Compare sessions")).to_be_visible()
    compared = page.locator(".compared")
    expect(compared).to_have_count(2)
    expect(compared.filter(has_text="Spring, front line")).to_contain_text("for Front-line staff")
    expect(compared.filter(has_text="Autumn, supervisors")).to_contain_text("for Supervisor")
    expect(compared.locator('svg[role="img"]')).to_have_count(2)
    snap(page, "journey-1-compare-1280")


def read_proposals(page, data) -> None:
    page.goto("/results/proposals")
    proposals = page.get_by_test_id("proposals").locator("li.proposal")
    expect(proposals.first).to_be_visible()
    assert proposals.count() >= 4  # three themes of one session, at least one of the other
    for _, title in data["candidates"]:
        expect(proposals.filter(has_text=title).first).to_be_visible()
    expect(page.locator('svg[role="img"]')).to_have_count(2)
    snap(page, "journey-2-proposals-1280")


def adopt(page, standard_id: int, title: str, suggested: bool) -> None:
    page.get_by_role("link", name="Standards", exact=True).click()
    snap(page, "journey-3-candidates-1280")
    page.locator(f'a[href="/standards/{standard_id}"]').click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Spring, front line")).to_be_visible()
    decision = page.locator("#deciding")
    decision.get_by_label("Decision").select_option("adopted")
    decision.get_by_label("Reason").fill("Staff asked for it in both sessions")
    decision.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("status")).to_have_text("Adopted")
    box = page.locator("#objectives")
    if suggested:
        suggestion = box.locator("li.suggestion").first
        metric = suggestion.locator("strong").inner_text().rstrip(":")
        suggestion.get_by_role("button", name="Accept suggestion").click()
    else:
        metric = f"Objective of {title}"
        box.get_by_text("Add an objective of your own").click()
        box.get_by_label("Metric").fill(metric)
        box.get_by_label("Target").fill("95")
        box.get_by_label("Unit").fill("percent of visits")
        box.get_by_label("Measured by").fill("Mystery shopper")
        box.get_by_label("Owner team (optional)").select_option(label="Store operations")
        box.get_by_label("Review date (optional)").fill("2027-06-30")
        box.get_by_role("button", name="Add objective").click()
    flashed(page, f"Added the objective “{metric}”.")
    expect(page.locator("#objectives .objective-list li")).to_have_count(1)
    snap(page, f"journey-3-candidate-{standard_id}-1280")


def publish(page, note: str, number: int) -> None:
    page.goto("/standard/versions")
    page.get_by_label("What changed in this version").fill(note)
    page.get_by_role("button", name="Publish version").click()
    flashed(page, f"Published version {number}.")
    expect(page.locator(f"#version-{number}")).to_contain_text(note)


def check_exports(page, session_id: int) -> None:
    page.goto(f"/sessions/{session_id}/results")
    exports = page.get_by_role("navigation", name="Download the results")
    rows = list(csv.DictReader(io.StringIO(download(page, exports.get_by_text("CSV")).decode())))
    assert rows and "idea" in rows[0]
    document = json.loads(download(page, exports.get_by_text("JSON")))
    assert document["sessions"][0]["ideas"]
    workbook = load_workbook(io.BytesIO(download(page, exports.get_by_text("Excel"))))
    assert workbook.sheetnames
    report = download(page, exports.get_by_text("PDF"))
    keep("journey-session-results.pdf", report)
    assert "Spring, front line" in pdf_text(report)
    snap(page, "journey-6-session-results-1280")


def test_a_manager_compares_decides_publishes_and_downloads(live_server, desktop, phone):
    data = journey_data(live_server)
    page = desktop().new_page()
    log_in(page, data["email"])
    compare_sessions(page, data)
    read_proposals(page, data)
    for position, (standard_id, title) in enumerate(data["candidates"]):
        adopt(page, standard_id, title, suggested=position == 0)
    publish(page, "The first Customer Service Standard", 1)
    expect(page.locator("#version-1 .change-log li")).to_have_count(3)
    snap(page, "journey-4-version-1-1280")

    first_id = data["candidates"][0][0]
    page.goto(f"/standards/{first_id}")
    wording = page.locator("#wording")
    wording.get_by_label("Title").fill(NEW_TITLE)
    wording.get_by_role("button", name="Save wording").click()
    flashed(page, "Saved the wording.")
    expect(page.get_by_role("heading", name=NEW_TITLE, level=1)).to_be_visible()
    publish(page, "Greeting reworded", 2)
    change_log = page.locator("#version-2 .change-log")
    expect(change_log).to_have_text(re.compile(rf"Changed\s+{NEW_TITLE}\s+\(title\)"))
    expect(change_log.locator("li")).to_have_count(1)
    snap(page, "journey-5-version-2-1280")

    version_file = download(page, page.get_by_role("link", name="Download version 2 as PDF"))
    keep("journey-standard-v2.pdf", version_file)
    version_pdf = pdf_text(version_file)
    assert "Version 2" in version_pdf and NEW_TITLE in version_pdf
    assert f"Changed: {NEW_TITLE} (title)" in version_pdf
    for _, title in data["candidates"][1:]:
        assert title in version_pdf
    page.get_by_role("link", name="Handbook", exact=True).first.click()
    expect(page.get_by_test_id("version")).to_contain_text("Version 2")
    expect(page.get_by_role("heading", name=NEW_TITLE)).to_be_visible()
    handbook_pdf = download(page, page.get_by_role("link", name="Download PDF"))
    assert NEW_TITLE in pdf_text(handbook_pdf)
    snap(page, "journey-7-handbook-1280")

    check_exports(page, data["sessions"]["Spring, front line"])

    small = phone().new_page()
    log_in(small, data["email"])
    small.goto("/standard")
    expect(small.get_by_role("heading", name=NEW_TITLE)).to_be_visible()
    snap(small, "journey-8-handbook-360")
    fits_phone(small)
    small.goto(f"/standards/{data['candidates'][1][0]}")
    expect(small.get_by_test_id("status")).to_have_text("Adopted")
    snap(small, "journey-9-candidate-360")
    fits_phone(small)
