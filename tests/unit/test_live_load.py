"""The arithmetic of benchmarks/live_load.py: percentiles, ratios and the projector lag."""

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _live_load():
    """Import benchmarks/live_load.py (run as a script, it puts the repository on sys.path)."""
    spec = importlib.util.spec_from_file_location("live_load", REPO / "benchmarks" / "live_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("live_load", module)
    spec.loader.exec_module(module)
    return module


live_load = _live_load()


def test_percentile_takes_the_upper_nearest_rank():
    values = [float(n) for n in range(1, 101)]  # 1 .. 100, shuffled order must not matter
    values.reverse()
    assert live_load.percentile(values, 0.5) == 51.0
    assert live_load.percentile(values, 0.95) == 96.0
    assert live_load.percentile(values, 0.99) == 100.0
    assert live_load.percentile([3.0], 0.99) == 3.0
    assert live_load.percentile([], 0.5) != live_load.percentile([], 0.5)  # nan


def test_throughput_and_ratio():
    assert live_load.throughput(300, 4.0) == 75.0
    assert live_load.ratio(75.0, 300.0) == 0.25
    assert live_load.ratio(75.0, 0.0) != live_load.ratio(75.0, 0.0)  # nan, not a division error


def test_projector_lag_waits_for_a_tally_that_counts_the_vote():
    acks = [(1.0, 1), (1.1, 2), (2.0, 3)]
    # 1.05 arrives after the first ack but shows no vote yet (computed before its commit);
    # 1.30 shows two; 2.00 arrives at the third ack's moment but shows only two; 2.40 shows 3.
    tallies = [(2.40, 3), (1.05, 0), (1.30, 2), (2.00, 2)]
    lags, uncovered = live_load.projector_lags(acks, tallies)
    assert lags == pytest.approx([0.30, 0.20, 0.40])
    assert uncovered == 0


def test_projector_lag_counts_acknowledgements_no_tally_covered():
    lags, uncovered = live_load.projector_lags([(1.0, 1), (2.0, 2), (3.0, 3)], [(1.5, 2)])
    assert lags == pytest.approx([0.5])
    assert uncovered == 2
