"""Fuzz the API with schemathesis against its own OpenAPI document, on a real server.

As a facilitator: every phase (examples, coverage, fuzzing, stateful through the OpenAPI
links) and the conformance checks must pass, on SQLite and on PostgreSQL (CI runs both).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feedback_app.extensions import db
from feedback_app.services import clustering
from feedback_app.services.accounts import issue_api_token
from tests import factories
from tests.conftest import reset_database
from tests.e2e.live import serve
from tests.sample_ideas import THEMES

SAMPLE_IDEAS = [text for texts in THEMES.values() for text in texts]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
    ]
)
CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = int(os.environ.get("FEEDBACK_FUZZ_EXAMPLES", "30"))
SEED = os.environ.get("FEEDBACK_FUZZ_SEED", "20261126")


def _st_command() -> list[str]:
    found = shutil.which("st", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("schemathesis is not installed (it is pinned in requirements-dev.txt)")
    return [found]


def _seed_data() -> str:
    """A facilitator with sessions in several phases, ideas and a grouping; return their token."""
    owner = factories.make_user("facilitator", email="fuzz@example.com")
    collecting = factories.make_session(owner, phase="collecting", title="Collecting")
    factories.add_ideas(collecting, *SAMPLE_IDEAS[:10])
    clustering.run_clustering(collecting)
    voting = factories.make_session(owner, phase="collecting", title="Voting")
    factories.add_ideas(voting, *SAMPLE_IDEAS[10:])
    factories.move_to(voting, "voting")
    return issue_api_token(owner)


def test_schemathesis_finds_no_failure(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, SERVER_NAME=None)
    with app.app_context():
        reset_database()
        token = _seed_data()
        db.session.remove()
    with serve(app) as live:
        command = [
            *_st_command(),
            "--config-file",
            str(CONFIG),
            "run",
            f"{live.url}/api/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            SEED,
            "--workers",
            "1",  # hypothesis' lambda descriptions are not thread-safe (SystemError in compile)
            "--request-timeout",
            "30",
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    print(output)  # shown with -s or on failure: phases, links covered, test cases
    summary = output.split("SUMMARY")[-1]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in summary, summary  # each phase ran and passed
