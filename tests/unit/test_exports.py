"""Exports of results: each format read back, its content checked against the services, and
searched for what must never leave the app (tokens, hashes, exact times, groups under k)."""

import io
import zipfile
from datetime import date

import pytest

from feedback_app.services import exports
from feedback_app.services.breakdown import Breakdown, session_breakdown
from feedback_app.services.exports.content import SessionContent, SessionFacts, idea_rows
from feedback_app.services.exports.csv_file import csv_chunks, neutralise
from feedback_app.services.exports.json_document import SCHEMA_ID
from feedback_app.services.exports.pdf import PdfDocument
from feedback_app.services.ranking import rank_ideas
from feedback_app.services.standards import scored_standards
from tests.export_readers import (
    EXACT_TIME,
    csv_rows,
    json_document,
    pdf_text,
    searchable_text,
    secrets_in_database,
    workbook,
)
from tests.factories import (
    FORMULA_IDEA,
    UNICODE_IDEA,
    make_results_session,
    make_session,
    make_user,
)


def export_bytes(sessions, export_format: str) -> bytes:
    return b"".join(exports.export_sessions(sessions, export_format).chunks)


@pytest.fixture
def voted(app):
    return make_results_session()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Greet = smile", "Greet = smile"),
        (-1.5, -1.5),
        (None, ""),
        (True, "true"),
    ],
)
def test_neutralise_quotes_only_text_a_spreadsheet_would_run(value, expected):
    assert neutralise(value) == expected


def test_csv_has_the_ranking_with_a_column_per_level_group(voted):
    session, _, _ = voted
    rows = csv_rows(export_bytes([session], "csv"))
    ranked = rank_ideas(session)
    breakdown = session_breakdown(session)
    assert list(rows[0]) == [
        "rank",
        "tied",
        "idea",
        "votes",
        "score",
        "consensus",
        "votes: Front-line staff",
        "votes: Other levels",
    ]
    texts = [row["idea"] for row in rows]
    assert texts == ["'" + item.text if item.text.startswith("=") else item.text for item in ranked]
    assert [int(row["rank"]) for row in rows] == [item.rank for item in ranked]
    assert [int(row["votes"]) for row in rows] == [item.votes for item in ranked]
    assert [row["tied"] for row in rows] == ["true" if i.tied else "false" for i in ranked]
    assert float(rows[0]["score"]) == pytest.approx(ranked[0].score, abs=1e-4)
    keys = {group.name: group.key for group in breakdown.groups}
    by_idea = {row.idea_id: row.votes_by_group for row in breakdown.ideas}
    for row, item in zip(rows, ranked, strict=True):
        for name, key in keys.items():
            assert int(row[f"votes: {name}"]) == by_idea[item.idea_id][key]
    assert "'" + FORMULA_IDEA in texts and UNICODE_IDEA in texts


def test_json_follows_schema_1_and_the_services(voted):
    session, created, _ = voted
    document = json_document(export_bytes([session], "json"))
    assert document["schema"] == SCHEMA_ID == "feedback_app.export/1"
    assert date.fromisoformat(document["exported_on"])
    (entry,) = document["sessions"]
    assert entry["session"] == {
        "session_id": session.id,
        "title": "Refunds = trust",
        "prompt": session.prompt,
        "target_level": "Front-line staff",
        "phase": "voting",
        "voting_mode": "upvote",
        "participants": 13,
        "created_on": session.created_at.date().isoformat(),
    }
    ranked = rank_ideas(session)
    assert [(i["idea_id"], i["rank"], i["votes"]) for i in entry["ideas"]] == [
        (item.public_id, item.rank, item.votes) for item in ranked
    ]
    assert {i["text"] for i in entry["ideas"]} >= {FORMULA_IDEA, UNICODE_IDEA}
    (standard,) = scored_standards(session)
    (candidate,) = entry["candidates"]
    assert candidate["title"] == standard.standard.title
    assert candidate["votes"] == standard.votes
    assert [idea["text"] for idea in candidate["ideas"]] == [i.text for i in standard.ideas]
    groups = entry["breakdown"]["groups"]
    assert [(g["name"], g["participants"]) for g in groups] == [
        ("Front-line staff", 6),
        ("Other levels", 7),
    ]
    assert groups[1]["level_names"] == ["Executive", "Supervisor"]
    assert all(set(i["votes_by_group"]) == {g["key"] for g in groups} for i in entry["ideas"])


def test_workbook_has_typed_filtered_sheets_and_text_never_formulas(voted):
    session, _, _ = voted
    book = workbook(export_bytes([session], "xlsx"))
    assert book.sheetnames == ["Ideas", "Votes per level", "Candidates", "Level breakdown"]
    ideas = book["Ideas"]
    header = [cell.value for cell in ideas[1]]
    assert header[:6] == ["rank", "tied", "idea", "votes", "score", "consensus"]
    assert ideas.freeze_panes == "A2"
    assert ideas.auto_filter.ref == f"A1:H{ideas.max_row}"
    assert ideas.max_row == 1 + len(rank_ideas(session))
    assert ideas.column_dimensions["C"].width == 60
    first = list(ideas[2])
    assert isinstance(first[0].value, int) and first[0].data_type == "n"
    assert isinstance(first[4].value, float) and isinstance(first[6].value, int)
    formula = next(row[2] for row in ideas.iter_rows(min_row=2) if "HYPERLINK" in row[2].value)
    assert formula.value == FORMULA_IDEA and formula.data_type == "s"
    votes = book["Votes per level"]
    assert [c.value for c in votes[1]] == ["rank", "idea", "level_group", "votes"]
    assert votes.max_row == 1 + 2 * len(rank_ideas(session))
    candidates = book["Candidates"]
    assert candidates.max_row == 2
    assert candidates["B2"].value == scored_standards(session)[0].standard.title
    groups = book["Level breakdown"]
    assert [[c.value for c in row] for row in groups.iter_rows(min_row=2)] == [
        [g.name, ", ".join(g.level_names), g.participants, g.ideas, g.votes]
        for g in session_breakdown(session).groups
    ]
    assert [row[2].value for row in groups.iter_rows(min_row=2)] == [6, 7]
    assert book.properties.created.time().isoformat() == "00:00:00"
    assert book.properties.modified.time().isoformat() == "00:00:00"


def test_pdf_reports_facts_chart_candidates_ranking_and_levels(voted):
    session, _, _ = voted
    data = export_bytes([session], "pdf")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    standard = scored_standards(session)[0]
    for expected in (
        "Refunds = trust",
        session.prompt,
        "Participants 13",
        "Top 10 ideas by score",
        "Ranked proposals (candidate standards)",
        standard.standard.title,
        "Ideas behind it",
        "Ranked ideas",
        "Feedback across levels",
        UNICODE_IDEA,
    ):
        assert expected in text, expected
    for group in session_breakdown(session).groups:
        row = f"{', '.join(group.level_names)} {group.participants} {group.ideas} {group.votes}"
        assert f"{group.name} {row}" in text
    assert b"DejaVu" in data  # the Unicode font is embedded (fonts-dejavu-core)


def test_pdf_without_unicode_fonts_falls_back_and_replaces_what_it_cannot_show(tmp_path):
    document = PdfDocument("Fallback", date(2026, 11, 27), font_dirs=[tmp_path])
    assert document.unicode is False
    document.heading("Café ✓ ok")
    document.table(["Idea", "Votes"], [["naïve → fine", 3]], numeric=(1,))
    document.bar_chart([("Long ✓ idea", 0.5), ("Other", 0.25)])
    text = pdf_text(document.to_bytes())
    assert "Café ? ok" in text and "naïve ? fine" in text and "Long ? idea" in text


@pytest.mark.parametrize("export_format", exports.FORMATS)
def test_no_export_holds_a_token_a_hash_a_time_or_a_small_level(voted, export_format):
    session, _, tokens = voted
    text = searchable_text(export_format, export_bytes([session], export_format))
    secrets = [*tokens, *secrets_in_database()]
    assert len(secrets) == 13 + 13 + 2
    assert not [secret for secret in secrets if secret in text]
    assert not EXACT_TIME.search(text), EXACT_TIME.search(text)
    assert "participant_id" not in text
    assert "Executive" not in text.replace("Executive, Supervisor", "").replace(
        '"Executive","Supervisor"', ""
    )


def test_a_session_under_k_has_no_level_columns(app):
    session, _, _ = make_results_session(levels={"Front-line staff": 2, "Supervisor": 2})
    rows = csv_rows(export_bytes([session], "csv"))
    assert not [name for name in rows[0] if name.startswith("votes: ")]
    entry = json_document(export_bytes([session], "json"))["sessions"][0]
    assert entry["breakdown"] == {"shown": False, "min_group": 5, "groups": []}
    assert all(idea["votes_by_group"] == {} for idea in entry["ideas"])
    assert workbook(export_bytes([session], "xlsx"))["Level breakdown"].max_row == 1
    assert "not broken down by level" in pdf_text(export_bytes([session], "pdf"))


def test_a_selection_names_each_session_and_unites_the_groups(app):
    owner = make_user()
    first, _, _ = make_results_session(owner)
    second = make_session(owner, phase="voting", title="=Second")
    rows = csv_rows(export_bytes([first, second], "csv"))
    assert list(rows[0])[:2] == ["session", "session_title"]
    assert {row["session"] for row in rows} == {str(first.id)}  # the second has no ideas
    assert rows[0]["session_title"] == "Refunds = trust"
    document = json_document(export_bytes([first, second], "json"))
    assert [s["session"]["title"] for s in document["sessions"]] == ["Refunds = trust", "=Second"]
    book = workbook(export_bytes([first, second], "xlsx"))
    assert book["Ideas"]["A1"].value == "session"
    text = pdf_text(export_bytes([first, second], "pdf"))
    assert "Refunds = trust" in text and "=Second" in text and "No visible ideas yet." in text
    name = exports.export_sessions([first, second], "pdf").filename
    assert name == f"sessions-{first.id}-{second.id}-results.pdf"


def test_csv_is_written_in_chunks_not_at_once():
    facts = SessionFacts(1, "Big", "Why?", "Front-line staff", "closed", "upvote", 0, date.today())
    breakdown = Breakdown(1, "upvote", 5, 0, False)
    from feedback_app.services.ranking import RankedIdea

    ranked = [RankedIdea(n, f"Idea {n}", 1, n, 0.5, False) for n in range(1, 1201)]
    content = SessionContent(facts, idea_rows(ranked, breakdown), [], breakdown)
    chunks = list(csv_chunks([content], [], False))
    assert len(chunks) == 3
    assert len(csv_rows(b"".join(chunks))) == 1200


def test_workbook_entries_carry_the_day_only(voted):
    session, _, _ = voted
    data = export_bytes([session], "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time[3:] for info in archive.infolist()} == {(0, 0, 0)}
