"""Make docs/participant.png: a phone voting in the demo session (run by hand, needs Chromium).

.venv/bin/python docs/make_screenshot.py
"""

import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from sqlalchemy import select  # noqa: E402

from feedback_app.extensions import db  # noqa: E402
from feedback_app.models import BrainstormSession  # noqa: E402
from feedback_app.services.demo import load_demo  # noqa: E402
from tests.conftest import reset_database  # noqa: E402
from tests.e2e.live import (  # noqa: E402
    CHROMIUM_ARGS,
    MISSING_BROWSER,
    PHONE,
    build_live_app,
    chromium_path,
    serve,
)

OUTPUT = PROJECT_ROOT / "docs" / "participant.png"
MAX_HEIGHT_CSS_PX = 1600
VOTES = 2
# Stop below the last idea card that fits under the cap, so no card is cut in half.
CROP_HEIGHT_JS = """(cap) => {
  const page = document.documentElement.scrollHeight;
  if (page <= cap) return page;
  const bottoms = [...document.querySelectorAll("li.idea")]
    .map((card) => card.getBoundingClientRect().bottom + window.scrollY)
    .filter((bottom) => bottom + 12 <= cap);
  return bottoms.length ? Math.ceil(Math.max(...bottoms) + 12) : cap;
}"""


def demo_voting_code(app) -> str:
    """Load the demo into a fresh database and return the code of its session in voting."""
    with app.app_context():
        reset_database()
        load_demo(app.instance_path)
        code = db.session.scalar(
            select(BrainstormSession.join_code).where(BrainstormSession.phase == "voting")
        )
        db.session.remove()
    if code is None:
        sys.exit("The demo has no session in the voting phase.")
    return code


def shoot(base_url: str, code: str, browser_path: str) -> None:
    """Join as a phone, vote on the first ideas and save a full-page screenshot."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, **PHONE)
        page = context.new_page()
        page.goto(f"/j/{code}")
        page.get_by_role("button", name="Join anonymously").click()
        expect(page.get_by_test_id("phase")).to_have_text("Voting")
        for _ in range(VOTES):
            voted = page.get_by_role("button", name="✓ Voted").count()
            page.get_by_role("button", name="▲ Vote").first.click()
            expect(page.get_by_role("button", name="✓ Voted")).to_have_count(voted + 1)
        page.evaluate("window.scrollTo(0, 0)")
        height = page.evaluate(CROP_HEIGHT_JS, MAX_HEIGHT_CSS_PX)
        width = PHONE["viewport"]["width"]
        page.screenshot(
            path=str(OUTPUT),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
        )
        context.close()
        browser.close()


def main() -> None:
    browser_path = chromium_path()
    if browser_path is None:
        sys.exit(MISSING_BROWSER)
    with tempfile.TemporaryDirectory() as tmp:
        app = build_live_app(
            Path(tmp), SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(tmp) / 'demo.db'}"
        )
        code = demo_voting_code(app)
        with serve(app) as server:
            shoot(server.url, code, browser_path)
    print(f"Saved {OUTPUT.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
