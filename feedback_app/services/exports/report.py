"""The PDF report of one or more sessions' results, built with the PdfDocument helpers.

Per session: its facts, a bar chart of the top ideas' scores, the candidate standards with the
ideas behind them, the ranked ideas (the first IDEAS_LISTED, with a note when there are more:
the CSV, JSON and Excel exports have them all) and the level breakdown.
"""

from collections.abc import Iterator
from datetime import date

from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.services.exports.content import SessionContent, votes_by_group_name
from feedback_app.services.exports.pdf import PdfDocument

CHART_IDEAS = 10
IDEAS_LISTED = 100
BREAKDOWN_IDEAS_LISTED = 30
MODE_NAMES = {"upvote": "Up-votes", "dots": "Dots", "stars": "Stars", "pairwise": "Pairs"}


def _facts(document: PdfDocument, content: SessionContent) -> None:
    facts = content.facts
    document.heading(facts.title, 1)
    document.paragraph(facts.prompt)
    document.facts(
        [
            ("Level", facts.target_level),
            ("Phase", facts.phase),
            ("Voting", MODE_NAMES.get(facts.voting_mode, facts.voting_mode)),
            ("Participants", facts.participants),
            ("Ideas ranked", len(content.ideas)),
            ("Started on", facts.created_on.isoformat()),
        ]
    )


def _chart(document: PdfDocument, content: SessionContent) -> None:
    top = content.ideas[:CHART_IDEAS]
    if not top:
        document.paragraph("No visible ideas yet.", muted=True)
        return
    document.heading(f"Top {len(top)} ideas by score", 2)
    document.bar_chart([(f"{row.rank}. {row.text}", row.score) for row in top])


def _candidates(document: PdfDocument, content: SessionContent) -> None:
    document.heading("Ranked proposals (candidate standards)", 2)
    if not content.standards:
        document.paragraph("No theme has been promoted to a candidate standard yet.", muted=True)
        return
    for position, item in enumerate(content.standards, start=1):
        standard = item.standard
        supporters = "fewer than k" if item.supporters is None else item.supporters
        stage = PROTOCOL_STAGE_LABELS.get(standard.protocol_stage, standard.protocol_stage)
        document.heading(f"{position}. {standard.title}", 3)
        document.paragraph(standard.statement)
        document.paragraph(
            f"{stage} · {item.votes} votes · supporters: {supporters} · {item.idea_count} ideas",
            muted=True,
            size=8,
        )
        if item.ideas:
            document.table(["Ideas behind it"], [[idea.text] for idea in item.ideas])


def _ranking(document: PdfDocument, content: SessionContent) -> None:
    document.heading("Ranked ideas", 2)
    shown = content.ideas[:IDEAS_LISTED]
    rows = [
        [
            f"{row.rank}{' (tied)' if row.tied else ''}",
            row.text,
            row.votes,
            f"{row.score:.3f}",
            "" if row.consensus is None else f"{row.consensus:.2f}",
        ]
        for row in shown
    ]
    if rows:
        document.table(
            ["Rank", "Idea", "Votes", "Score", "Consensus"],
            rows,
            widths=(16, 104, 18, 20, 22),
            numeric=(2, 3, 4),
        )
    if len(content.ideas) > len(shown):
        document.paragraph(
            f"The first {len(shown)} of {len(content.ideas)} ideas; the CSV, JSON and Excel "
            "exports list them all.",
            muted=True,
        )


def _breakdown(document: PdfDocument, content: SessionContent) -> None:
    breakdown = content.breakdown
    document.heading("Feedback across levels", 2)
    if not breakdown.shown:
        document.paragraph(
            f"Fewer than {breakdown.min_group} people took part, so the results are not "
            "broken down by level.",
            muted=True,
        )
        return
    document.paragraph(
        f"Levels of fewer than {breakdown.min_group} people are counted together as "
        "“Other levels”.",
        muted=True,
        size=8,
    )
    document.table(
        ["Level group", "Levels", "People", "Ideas", "Votes"],
        [
            [group.name, ", ".join(group.level_names), group.participants, group.ideas, group.votes]
            for group in breakdown.groups
        ],
        widths=(40, 80, 20, 20, 20),
        numeric=(2, 3, 4),
    )
    names = [group.name for group in breakdown.groups]
    top = content.ideas[:BREAKDOWN_IDEAS_LISTED]
    if top:
        document.heading("Votes per level, top ideas", 3)
        rows = []
        for row in top:
            by_name = votes_by_group_name(row, breakdown)
            rows.append([row.rank, row.text, *(by_name.get(name, 0) for name in names)])
        group_width = min(25.0, 90 / len(names))
        document.table(
            ["Rank", "Idea", *names],
            rows,
            widths=(14, document.width - 14 - group_width * len(names))
            + (group_width,) * len(names),
            numeric=tuple(range(2, 2 + len(names))),
        )


def pdf_chunks(contents: list[SessionContent], exported_on: date) -> Iterator[bytes]:
    """Yield the report: one part per session, each from a new page."""
    title = contents[0].facts.title if len(contents) == 1 else f"{len(contents)} sessions"
    document = PdfDocument(f"Results – {title}", exported_on)
    for index, content in enumerate(contents):
        if index:
            document.new_page()
        _facts(document, content)
        _chart(document, content)
        _candidates(document, content)
        _ranking(document, content)
        _breakdown(document, content)
    document.paragraph(f"Exported on {exported_on.isoformat()}.", muted=True, size=8)
    yield document.to_bytes()
