"""Fixtures for the text pipeline: hand-made idea sets and nltk_data present or absent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nltk
import pytest

from feedback_app.services.text import reset_nltk_data_cache

REPO = Path(__file__).resolve().parents[3]

# Five themes a facilitator would recognise, written the way staff write sticky notes.
THEMES = {
    "greeting": [
        "Greet every customer at the door with a smile",
        "Say hello to customers as soon as they walk in the door",
        "Smile and greet people when they come through the door",
        "Make eye contact and greet each customer at the door",
        "A warm greeting at the door makes customers feel welcome",
        "Greet regulars by name at the door",
    ],
    "refunds": [
        "Offer a refund without a receipt for items under £20",
        "Give a refund without receipt if the item is under twenty pounds",
        "Allow refunds without a receipt for small purchases",
        "Don't make customers fight for a refund without receipt",
        "Refund without receipt should be allowed for loyal customers",
        "Make the refund without a receipt process quicker",
    ],
    "queues": [
        "Open another till when the queue gets long",
        "Open a second till if more than five people are in the queue",
        "Keep the queue short by opening extra tills at lunchtime",
        "Call for backup on the tills when the queue builds up",
        "Nobody should wait in a long queue, open more tills",
        "Watch the queue and open tills before it gets long",
    ],
    "empathy": [
        "Listen to the complaint and apologise sincerely",
        "Apologise and show empathy when a customer is upset",
        "Stay calm, listen and apologise before explaining anything",
        "Say sorry and listen patiently to angry customers",
        "Apologise first, then listen to the whole complaint",
        "Show empathy and apologise even if it is not our fault",
    ],
    "follow_up": [
        "Follow up with a phone call the next day to check the problem is fixed",
        "Phone customers back the next day to follow up on their complaint",
        "Follow up by email a week after a complaint",
        "Always follow up with a call after a repair",
        "Send a follow up email to check customers are happy",
        "Follow up on every complaint with a call within two days",
    ],
}
IDEAS = [idea for ideas in THEMES.values() for idea in ideas]
THEME_OF = [name for name, ideas in THEMES.items() for _ in ideas]


@pytest.fixture(autouse=True)
def _fresh_detection():
    """Start and end every test with no cached nltk_data detection."""
    reset_nltk_data_cache()
    yield
    reset_nltk_data_cache()


@pytest.fixture
def no_nltk_data(tmp_path, monkeypatch):
    """Point NLTK at an empty folder so no optional data can be found."""
    empty = tmp_path / "empty_nltk_data"
    empty.mkdir()
    monkeypatch.delenv("NLTK_DATA", raising=False)
    monkeypatch.setattr(nltk.data, "path", [str(empty)])
    reset_nltk_data_cache()
    return empty


def _wordnet_builder():
    """Import benchmarks/make_wordnet_data.py, the script that builds WordNet data."""
    spec = importlib.util.spec_from_file_location(
        "make_wordnet_data", REPO / "benchmarks" / "make_wordnet_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_wordnet_data", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def wordnet_folder(tmp_path_factory):
    """Build an nltk_data folder with WordNet from Debian's files, or skip."""
    builder = _wordnet_builder()
    if not builder.debian_wordnet_available():
        pytest.skip(
            "Debian WordNet files not found in /usr/share/wordnet "
            "(apt-get install -y wordnet-base wordnet-sense-index)"
        )
    target = tmp_path_factory.mktemp("nltk_data")
    builder.build(target)
    return target


@pytest.fixture
def with_wordnet(wordnet_folder, monkeypatch):
    """Make NLTK find only the WordNet folder built from Debian's files."""
    monkeypatch.delenv("NLTK_DATA", raising=False)
    monkeypatch.setattr(nltk.data, "path", [str(wordnet_folder)])
    reset_nltk_data_cache()
    return wordnet_folder
