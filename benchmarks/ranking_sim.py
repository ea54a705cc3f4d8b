"""Ranking simulator (issue 9): how close each voting mode's ranking comes to the true order.

Every idea has a hidden quality q ~ N(0, 1); a participant perceives q + N(0, noise²) and acts
on that: up-votes what looks better than UPVOTE_ABOVE, spends 5 dots 2-1-1-1 on the four best
ideas of the batch, rates 1-5 stars by quintile, or picks the better-looking idea of a pair.
Kendall's tau-b between q and each ranking says how well the mode recovers the true order.

The script drives the real services in-process against a temporary SQLite file: sessions and
phases, moderation, participation.admit, exposure.ballot and count_shown, pairwise.next_pair,
and it scores with ranking.rank_ideas. Votes go through voting.cast_vote and
pairwise.record_choice with --exact; by default the same rows are written in one INSERT per
participant (4.5x faster). Nothing of the ranking is re-implemented here; the script only
decides what each simulated person does.

Exposure ("what each participant is shown"), per mode:
* fair: exposure.ballot (a batch of the least-shown ideas), or pairwise.next_pair x seen/2;
* newest: the first `seen` ideas of the newest-first list, counted with exposure.count_shown;
* random: the first page of ideas.ideas_for_participant (each person's own shuffled order);
* page: the same page without counting exposures, as the participant page is wired today.
Baseline: the up-votes of the newest-first run counted raw (most votes first).

Arrival: by default the session is pre-moderated and the facilitator approves the ideas, in the
order they were written, over the first half of the voting phase, while participants keep
arriving (--arrival collecting: every idea visible when voting opens, nobody approves).

    .venv/bin/python benchmarks/ranking_sim.py [--ideas 200] [--participants 500] [--seen 20]
        [--seeds 3] [--arrival voting|collecting] [--views fair,newest,random,page]
        [--quick] [--exact] [--jobs 1]
"""

import argparse
import multiprocessing
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np
from scipy.stats import kendalltau, norm
from sqlalchemy import event, insert, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feedback_app import create_app
from feedback_app.extensions import db
from feedback_app.models import Idea, IdeaStatus, PairChoice, Participant, Vote
from feedback_app.services import (
    accounts,
    exposure,
    ideas,
    moderation,
    pairwise,
    participation,
    phases,
    ranking,
    sessions,
    voting,
)
from feedback_app.services.levels import list_levels, seed_default_levels

MODES = ("upvote", "dots", "stars", "pairwise")
VIEWS = ("fair", "newest", "random", "page")
VIEW_NAMES = {
    "fair": "fair exposure",
    "newest": "newest-first",
    "random": "own random order",
    "page": "page, uncounted",
}
NOISE_SD = 1.0  # perception noise: as large as the spread of true quality
UPVOTE_ABOVE = 1.0  # up-vote what looks this good: about a quarter of what one sees
DOT_SPLIT = (2, 1, 1, 1)  # 5 dots: two on the best-looking idea, one on each of the next three
DOT_BUDGET, DOTS_PER_IDEA = 5, 3
RELEASE_SHARE = 0.5  # pre-moderated ideas are approved over the first half of voting
STAR_CUTS = norm.ppf([0.2, 0.4, 0.6, 0.8]) * np.hypot(1.0, NOISE_SD)  # quintiles: 1-5 stars
BASELINE = ("baseline", "newest")
GOAL = 0.8  # issue 9: tau of the best mode


@dataclass(frozen=True)
class Config:
    """One simulation's size and settings."""

    ideas: int
    participants: int
    seen: int
    seeds: int
    arrival: str
    views: tuple[str, ...]
    exact: bool = False  # every vote through voting.cast_vote / pairwise.record_choice
    jobs: int = 1  # seeds simulated in parallel processes


@dataclass
class World:
    """One seed's truth: each idea's quality and each participant's noisy view of it."""

    seed: int
    quality: np.ndarray
    perceived: np.ndarray  # participants x ideas


def make_world(config: Config, seed: int) -> World:
    """Draw qualities and perceptions; every mode of a seed sees the same people and ideas."""
    rng = np.random.default_rng(seed)
    quality = rng.normal(size=config.ideas)
    noise = rng.normal(scale=NOISE_SD, size=(config.participants, config.ideas))
    return World(seed, quality, quality + noise)


def build_app(folder: str):
    """An app on a fresh SQLite file in `folder`, with the default levels."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'sim.db'}",
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
        },
        instance_path=folder,
    )
    with app.app_context():
        event.listen(db.engine, "connect", _no_sync)
        db.engine.dispose()  # connections opened from now on skip the fsync
        db.create_all()
        seed_default_levels()
    return app


def _no_sync(dbapi_connection, _record) -> None:
    """Skip the fsync at each commit: a throw-away file (fsyncs took a quarter of a run)."""
    dbapi_connection.execute("PRAGMA synchronous=OFF")


def open_session(owner, mode: str, config: Config):
    """A session in `mode` whose ideas are written by their own authors, now in voting."""
    session = sessions.create_session(
        owner,
        title=f"Simulation {mode}",
        prompt="What should we do every time a customer complains?",
        target_level_id=list_levels()[0].id,
        voting_mode=mode,
        moderation="pre" if config.arrival == "voting" else "post",
        dot_budget=DOT_BUDGET,
        dots_per_idea=DOTS_PER_IDEA,
    )
    phases.change_phase(session, "collecting")
    written = []
    for number in range(config.ideas):
        author, _ = participation.join_session(session.join_code)
        written.append(ideas.add_idea(session, author, f"Idea number {number + 1}"))
    phases.change_phase(session, "voting")
    return session, written


def release_schedule(written: list, config: Config) -> dict[int, list]:
    """Who arrives just after the facilitator approves each idea (in the order written)."""
    if config.arrival != "voting":
        return {}
    span = max(1, config.participants * RELEASE_SHARE)
    schedule: dict[int, list] = {}
    for number, idea in enumerate(written):
        schedule.setdefault(int(number * span / config.ideas), []).append(idea)
    return schedule


def newest_first(session, limit: int) -> list[int]:
    """The first `limit` ideas of a list sorted newest first (the app has no such view)."""
    query = (
        select(Idea.id)
        .where(Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value)
        .order_by(Idea.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def shown_ideas(session, participant, view: str, seen: int) -> list[int]:
    """The ideas put before this participant in a voting mode with cards (not pairwise)."""
    if view == "fair":
        return exposure.ballot(session, participant, limit=seen).idea_ids
    if view == "newest":
        shown = newest_first(session, seen)
    else:
        shown = [card.id for card in ideas.ideas_for_participant(session, participant, limit=seen)]
    if view != "page":  # "page": the personal order of the ideas, shown but not counted
        exposure.count_shown(shown)
    return shown


def choose_votes(mode: str, shown: list[int], likes) -> dict[int, int]:
    """What this participant gives each idea shown: an up-vote, dots, or stars."""
    if mode == "upvote":
        return {idea_id: 1 for idea_id in shown if likes(idea_id) > UPVOTE_ABOVE}
    if mode == "dots":
        best = sorted(shown, key=likes, reverse=True)
        return dict(zip(best, DOT_SPLIT, strict=False))
    return {idea_id: 1 + int(np.searchsorted(STAR_CUTS, likes(idea_id))) for idea_id in shown}


def write_votes(mode: str, participant, votes: dict[int, int], by_id, exact: bool) -> None:
    """Store one participant's votes: through voting.cast_vote, or as the rows it would write.

    The fast way writes one INSERT per participant instead of a request per vote or dot; the
    votes obey every rule cast_vote checks (tests/unit/test_ranking_sim.py compares the two).
    """
    if exact:
        for idea_id, value in votes.items():
            if mode == "stars":
                voting.cast_vote(by_id[idea_id].id, participant, stars=value)
            else:
                for _ in range(value):
                    voting.cast_vote(by_id[idea_id].id, participant)
        return
    if votes:
        rows = [
            {"idea_id": i, "participant_id": participant.id, "value": v} for i, v in votes.items()
        ]
        db.session.execute(insert(Vote), rows)
        if mode == "dots":
            spent = update(Participant).where(Participant.id == participant.id)
            db.session.execute(spent.values(dots_used=sum(votes.values())))
        db.session.commit()


def judge_pairs(session, participant, view: str, config: Config, likes, rng) -> None:
    """Make seen/2 pairwise choices: pairs from next_pair, or from the list the person saw."""
    if view == "fair":
        pairs = (pairwise.next_pair(session, participant) for _ in range(config.seen // 2))
        pairs = ((pair[0].id, pair[1].id) for pair in pairs if pair is not None)
    else:
        shown = shown_ideas(session, participant, view, config.seen)
        rng.shuffle(shown)
        pairs = zip(shown[0::2], shown[1::2], strict=False)
    for left, right in pairs:  # each choice is stored before the next pair is drawn
        winner, loser = (left, right) if likes(left) >= likes(right) else (right, left)
        if config.exact:
            pairwise.record_choice(session, participant, winner_id=winner, loser_id=loser)
        else:  # the row record_choice writes, committed before next_pair reads what was judged
            low, high = sorted((winner, loser))
            db.session.add(
                PairChoice(
                    session_id=participant.session_id,
                    participant_id=participant.id,
                    low_id=low,
                    high_id=high,
                    winner_id=winner,
                )
            )
            db.session.commit()


def simulate(owner, mode: str, view: str, world: World, config: Config) -> list:
    """Run one session from the first idea to the ranking; returns rank_ideas' lines."""
    session, written = open_session(owner, mode, config)
    by_id = {idea.id: idea for idea in written}
    column = {idea.id: number for number, idea in enumerate(written)}
    rng = random.Random(f"{world.seed}:{mode}:{view}")
    schedule = release_schedule(written, config)
    for person in range(config.participants):
        for idea in schedule.get(person, []):
            moderation.set_idea_status(idea, IdeaStatus.VISIBLE.value)
        participant, _ = participation.admit(session)  # joining is closed once voting starts
        row = world.perceived[person]

        def likes(idea_id, row=row):
            return row[column[idea_id]]

        if mode == "pairwise":
            judge_pairs(session, participant, view, config, likes, rng)
        else:
            shown = shown_ideas(session, participant, view, config.seen)
            votes = choose_votes(mode, shown, likes)
            write_votes(mode, participant, votes, by_id, config.exact)
    phases.change_phase(session, "results")
    lines = ranking.rank_ideas(session)
    return [(column[line.idea_id], line) for line in lines]


def tau(quality: np.ndarray, scored: dict[int, float]) -> float:
    """Kendall's tau-b between true quality and a score (by the ideas' order of writing)."""
    return float(kendalltau(quality, [scored[n] for n in range(len(quality))]).statistic)


def record(results: dict, key: tuple[str, str], value: float, lines: list) -> None:
    """Keep one seed's tau and how often each idea was shown."""
    entry = results.setdefault(key, {"tau": [], "shown": []})
    entry["tau"].append(value)
    entry["shown"] += [line.exposures for _, line in lines]


def run_seed(config: Config, seed: int) -> dict:
    """Every mode under every exposure, and the baseline, for one seed in a fresh database."""
    world, results = make_world(config, seed), {}
    runs = [(mode, view) for mode in MODES for view in config.views]
    if ("upvote", "newest") not in runs:
        runs.append(("upvote", "newest"))  # the baseline counts these votes raw
    with tempfile.TemporaryDirectory() as folder, build_app(folder).app_context():
        owner = accounts.create_user(
            f"sim{seed}@example.com", "simulated passphrase", "facilitator"
        )
        for mode, view in runs:
            start = time.perf_counter()
            lines = simulate(owner, mode, view, world, config)
            value = tau(world.quality, {number: line.score for number, line in lines})
            record(results, (mode, view), value, lines)
            if (mode, view) == ("upvote", "newest"):
                raw = {number: float(line.votes) for number, line in lines}
                record(results, BASELINE, tau(world.quality, raw), lines)
            seconds = time.perf_counter() - start
            print(
                f"  seed {seed} {mode:<8} {view:<6} tau {value:.3f} {seconds:5.1f} s",
                file=sys.stderr,
            )
        db.engine.dispose()
    return results


def mean_sd(values: list[float]) -> str:
    """Mean ± sample standard deviation (no sd for a single value)."""
    if len(values) < 2:
        return f"{values[0]:.3f}"
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"


def describe(config: Config) -> str:
    """The settings of the run, for the head of the table."""
    ways = "cast_vote / record_choice per vote" if config.exact else "one INSERT per participant"
    return (
        f"{config.ideas} ideas, {config.participants} participants seeing {config.seen} each "
        f"({config.seen // 2} pairs in pairwise), seeds 0-{config.seeds - 1}, "
        f"arrival: {config.arrival}\n"
        f"perceived = quality + N(0, {NOISE_SD}^2); up-vote above {UPVOTE_ABOVE}; dots "
        f"{DOT_BUDGET} (max {DOTS_PER_IDEA} per idea) split {DOT_SPLIT}; stars by quintile\n"
        f"votes written: {ways}; Python {platform.python_version()}, {platform.machine()}"
    )


def report(results: dict, config: Config, seconds: float) -> None:
    """Print the settings and one line per mode and exposure, best tau first."""
    print(f"\n{describe(config)}\n")
    print("| mode | shown as | Kendall tau-b | per seed | shown per idea (min/median/max) |")
    print("|---|---|---|---|---|")
    rows = sorted(results.items(), key=lambda item: -statistics.mean(item[1]["tau"]))
    for (mode, view), entry in rows:
        shown = entry["shown"]
        spread = f"{min(shown)}/{int(statistics.median(shown))}/{max(shown)}"
        name = "baseline: raw up-votes" if mode == "baseline" else mode
        each = " ".join(f"{value:.3f}" for value in entry["tau"])
        print(f"| {name} | {VIEW_NAMES[view]} | {mean_sd(entry['tau'])} | {each} | {spread} |")
    best = max(statistics.mean(entry["tau"]) for entry in results.values())
    verdict = "met" if best >= GOAL else "NOT met"
    print(f"\ngoal tau >= {GOAL} for the best mode: {verdict} ({best:.3f}); {seconds:.0f} s")


def parse_args(argv=None) -> Config:
    """The command line, as a Config (--quick: 60 ideas, 150 participants, one seed)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, help="200 (60 with --quick)")
    parser.add_argument("--participants", type=int, help="500 (150 with --quick)")
    parser.add_argument("--seen", type=int, default=20, help="ideas each participant sees")
    parser.add_argument("--seeds", type=int, help="seeds 0 .. n-1: 3 (1 with --quick)")
    parser.add_argument("--arrival", choices=("voting", "collecting"), default="voting")
    parser.add_argument("--views", default="fair,newest", help="of " + ", ".join(VIEWS))
    parser.add_argument("--quick", action="store_true", help="a small session, one seed")
    parser.add_argument("--exact", action="store_true", help="every vote through cast_vote")
    parser.add_argument("--jobs", type=int, default=1, help="seeds run in parallel processes")
    args = parser.parse_args(argv)
    views = tuple(view for view in args.views.split(",") if view)
    if not views or set(views) - set(VIEWS):
        parser.error(f"--views takes some of {', '.join(VIEWS)}")
    sizes = zip(
        (args.ideas, args.participants, args.seeds),
        (60, 150, 1) if args.quick else (200, 500, 3),
        strict=True,
    )
    ideas_, participants, seeds = (given or default for given, default in sizes)
    return Config(
        ideas_, participants, args.seen, seeds, args.arrival, views, args.exact, max(1, args.jobs)
    )


def main(argv=None) -> dict:
    """Simulate every seed and print the table; returns tau and exposures per mode and view."""
    config = parse_args(argv)
    start = time.perf_counter()
    if config.jobs > 1:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(config.jobs, mp_context=context) as pool:
            per_seed = list(pool.map(run_seed, repeat(config), range(config.seeds)))
    else:
        per_seed = [run_seed(config, seed) for seed in range(config.seeds)]
    results: dict = {}
    for one_seed in per_seed:  # in seed order, whichever finished first
        for key, entry in one_seed.items():
            merged = results.setdefault(key, {"tau": [], "shown": []})
            merged["tau"] += entry["tau"]
            merged["shown"] += entry["shown"]
    report(results, config, time.perf_counter() - start)
    return results


if __name__ == "__main__":
    main()
