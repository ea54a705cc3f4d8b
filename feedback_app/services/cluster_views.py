"""Read models of a clustering run: clusters with their visible ideas and vote counts."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import ClusterRun, Idea, IdeaStatus
from feedback_app.services.tallies import vote_counts


@dataclass(frozen=True)
class IdeaCard:
    """An idea on a cluster board."""

    id: int
    text: str
    votes: int
    moved_by_hand: bool
    public_id: str = ""  # the only id shown outside the server


SUMMARY_MAX = 90
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def one_line(text: str, limit: int = SUMMARY_MAX) -> str:
    """Sum an idea up in one line: its first sentence, cut at a word within ``limit``."""
    line = " ".join(_SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0].split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


@dataclass(frozen=True)
class ClusterColumn:
    """One column of the board."""

    id: int
    label: str
    keywords: list[str]
    protocol_stage: str
    pinned: bool
    is_other: bool
    ideas: list[IdeaCard]
    label_edited: bool = False
    suggested_label: str | None = None
    representative: IdeaCard | None = None

    @property
    def summary(self) -> str | None:
        """The representative idea in one line."""
        return None if self.representative is None else one_line(self.representative.text)


@dataclass(frozen=True)
class DuplicatePair:
    """Two ideas that say nearly the same thing."""

    first: IdeaCard
    second: IdeaCard
    similarity: float


def board(run: ClusterRun) -> tuple[list[ClusterColumn], list[DuplicatePair]]:
    """Columns of visible ideas (hidden ones leave the board) and the duplicate pairs."""
    ids = [m.idea_id for c in run.clusters for m in c.members]
    rows = db.session.execute(
        select(Idea.id, Idea.text, Idea.public_id).where(
            Idea.id.in_(ids), Idea.status == IdeaStatus.VISIBLE.value
        )
    ).all()
    texts = {row.id: row.text for row in rows}
    public_ids = {row.id: row.public_id for row in rows}
    votes = vote_counts(run.session_id, list(texts))
    moved = {m.idea_id for c in run.clusters for m in c.members if m.moved_by_hand}

    def card(idea_id: int) -> IdeaCard:
        return IdeaCard(
            idea_id, texts[idea_id], votes[idea_id], idea_id in moved, public_ids[idea_id]
        )

    def column(cluster) -> ClusterColumn:
        cards = [card(m.idea_id) for m in cluster.members if m.idea_id in texts]
        by_id = {item.id: item for item in cards}
        # A representative idea hidden since the run gives way to the theme's first idea.
        representative = by_id.get(cluster.representative_idea_id) or next(iter(cards), None)
        return ClusterColumn(
            cluster.id,
            cluster.label,
            list(cluster.keywords),
            cluster.protocol_stage,
            cluster.pinned,
            cluster.is_other,
            cards,
            cluster.label_edited,
            cluster.suggested_label,
            representative,
        )

    columns = [column(c) for c in run.clusters]
    pairs = [
        DuplicatePair(card(a), card(b), similarity)
        for a, b, similarity in run.near_duplicates
        if a in texts and b in texts
    ]
    return columns, pairs


@dataclass(frozen=True)
class RunView:
    """A clustering run with its board (empty until the run is done)."""

    run: ClusterRun
    clusters: list[ClusterColumn]
    near_duplicates: list[DuplicatePair]


def run_view(run: ClusterRun) -> RunView:
    """The run as the API and pages show it."""
    columns, pairs = board(run) if run.status == "done" else ([], [])
    return RunView(run, columns, pairs)


def column_of(cluster_id: int, run: ClusterRun) -> ClusterColumn:
    """One theme of a run as a board column."""
    columns, _ = board(run)
    return next(column for column in columns if column.id == cluster_id)
