"""The ranking simulator (benchmarks/ranking_sim.py): its fast writes store what the services
store, its schedule releases ideas in order, and a small run scores every mode."""

import importlib.util
import random
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import PairChoice, Participant, Vote
from feedback_app.services import participation
from tests import factories

REPO = Path(__file__).resolve().parents[2]


def _simulator():
    """Import benchmarks/ranking_sim.py (the benchmarks folder is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "ranking_sim", REPO / "benchmarks" / "ranking_sim.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ranking_sim", module)
    spec.loader.exec_module(module)
    return module


sim = _simulator()
TINY = sim.Config(ideas=4, participants=2, seen=4, seeds=1, arrival="collecting", views=("fair",))
VOTES = {"upvote": (1, 1, 0), "dots": (2, 1, 1), "stars": (5, 2, 3)}


def _stored_votes(participant) -> dict[int, int]:
    rows = db.session.execute(
        select(Vote.idea_id, Vote.value).where(Vote.participant_id == participant.id)
    )
    return dict(rows.all())


@pytest.mark.parametrize("mode", ["upvote", "dots", "stars"])
def test_fast_writes_store_what_cast_vote_stores(app, mode):
    session, written = sim.open_session(factories.make_user(), mode, TINY)
    by_id = {idea.id: idea for idea in written}
    votes = {idea.id: value for idea, value in zip(written, VOTES[mode], strict=False) if value}
    exact, _ = participation.admit(session)
    fast, _ = participation.admit(session)

    sim.write_votes(mode, exact, votes, by_id, exact=True)
    sim.write_votes(mode, fast, votes, by_id, exact=False)

    db.session.expire_all()
    assert _stored_votes(exact) == votes
    assert _stored_votes(fast) == votes
    used = {p.id: p.dots_used for p in db.session.scalars(select(Participant))}
    expected = sum(votes.values()) if mode == "dots" else 0
    assert (used[exact.id], used[fast.id]) == (expected, expected)


def test_fast_pairwise_choices_store_what_record_choice_stores(app):
    config = sim.Config(4, 2, 4, 1, "collecting", ("newest",))
    session, written = sim.open_session(factories.make_user(), "pairwise", config)
    quality = {idea.id: number for number, idea in enumerate(written)}
    stored = []
    for exact in (True, False):
        participant, _ = participation.admit(session)
        run = sim.Config(4, 2, 4, 1, "collecting", ("newest",), exact=exact)
        sim.judge_pairs(session, participant, "newest", run, quality.get, random.Random(7))
        rows = db.session.execute(
            select(PairChoice.low_id, PairChoice.high_id, PairChoice.winner_id).where(
                PairChoice.participant_id == participant.id
            )
        )
        stored.append(sorted(rows.all()))

    ids = [idea.id for idea in written]
    shown = list(reversed(ids))  # newest first
    random.Random(7).shuffle(shown)
    pairs = [tuple(sorted(pair)) for pair in zip(shown[0::2], shown[1::2], strict=True)]
    expected = sorted((low, high, max(low, high)) for low, high in pairs)  # later ids are better
    assert stored == [expected, expected]


def test_fair_pairs_run_out_alike_either_way(app):
    config = sim.Config(3, 2, 20, 1, "collecting", ("fair",))  # 10 pairs asked, 3 exist
    session, written = sim.open_session(factories.make_user(), "pairwise", config)
    quality = {idea.id: number for number, idea in enumerate(written)}
    a, b, c = (idea.id for idea in written)
    judged = []
    for exact in (True, False):
        participant, _ = participation.admit(session)
        run = sim.Config(3, 2, 20, 1, "collecting", ("fair",), exact=exact)
        sim.judge_pairs(session, participant, "fair", run, quality.get, random.Random(7))
        rows = db.session.scalars(
            select(PairChoice.winner_id).where(PairChoice.participant_id == participant.id)
        )
        judged.append(sorted(rows))

    db.session.expire_all()
    assert judged == [[b, c, c], [b, c, c]]  # every pair once: b beats a, c beats both
    assert [idea.exposures for idea in map(factories.reload, written)] == [4, 4, 4]


def test_release_schedule_approves_ideas_in_order_over_half_the_voting():
    written = ["a", "b", "c", "d"]
    config = sim.Config(ideas=4, participants=8, seen=4, seeds=1, arrival="voting", views=())

    assert sim.release_schedule(written, config) == {0: ["a"], 1: ["b"], 2: ["c"], 3: ["d"]}
    assert sim.release_schedule(written, TINY) == {}


def test_small_run_scores_every_mode_and_the_baseline(capsys):
    results = sim.main(
        ["--ideas", "12", "--participants", "30", "--seen", "6", "--seeds", "1"]
        + ["--arrival", "collecting"]
    )

    expected = {(mode, view) for mode in sim.MODES for view in ("fair", "newest")}
    assert set(results) == expected | {sim.BASELINE}
    assert all(len(entry["tau"]) == 1 for entry in results.values())
    assert results[("stars", "fair")]["tau"][0] > 0.3  # 15 ratings per idea: far from chance
    assert sorted(set(results[("upvote", "fair")]["shown"])) == [15]  # 30 x 6 / 12, evenly
    assert "baseline: raw up-votes | newest-first" in capsys.readouterr().out
