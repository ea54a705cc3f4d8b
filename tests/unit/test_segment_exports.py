"""Export of the customer-segment register: every segment with what is tagged with it, each
format read back, formula-looking text neutralised, nothing about respondents."""

from datetime import datetime

import pytest

from feedback_app.services import segments
from feedback_app.services.exports.segments import export_segments
from tests.clocks import freeze
from tests.export_readers import EXACT_TIME, csv_rows, json_document, searchable_text, workbook
from tests.factories import make_candidate, make_session, make_survey, make_user


def export_bytes(export_format: str) -> bytes:
    return b"".join(export_segments(export_format).chunks)


@pytest.fixture
def register(app, monkeypatch):
    """Three segments: one tagged on a session, a standard and a survey, one on a second
    session only, one on nothing."""
    freeze(monkeypatch, datetime(2025, 3, 20, 9, 30))
    commuters = segments.create_segment(
        {
            "name": "Busy commuters",
            "description": "=HYPERLINK(1)",
            "share_percent": 35,
            "channels": ["phone", "app"],
            "needs": "+ speed; no queue",
        }
    )
    retired = segments.create_segment({"name": "Retired regulars", "share_percent": 18.5})
    segments.create_segment({"name": "Students"})
    manager = make_user("manager")
    morning = make_session(manager, title="Morning rush")
    evening = make_session(manager, title="Evening calls")
    segments.tag_session(morning, [commuters.id])
    segments.tag_session(evening, [commuters.id, retired.id])
    standard = make_candidate(manager, "Open a second till at peak", "Second till when busy")
    segments.tag_standard(standard, [commuters.id])
    survey = make_survey(manager, segment_id=commuters.id)
    return {
        "commuters": commuters.id,
        "retired": retired.id,
        "sessions": (morning.id, evening.id),
        "standard": (standard.id, standard.title),
        "survey": (survey.id, survey.title),
    }


def test_the_csv_has_a_row_per_segment_with_its_tag_counts(register):
    rows = csv_rows(export_bytes("csv"))
    assert [
        (row["name"], row["share_percent"], row["sessions"], row["standards"], row["surveys"])
        for row in rows
    ] == [
        ("Busy commuters", "35.0", "2", "1", "1"),
        ("Retired regulars", "18.5", "1", "0", "0"),
        ("Students", "", "0", "0", "0"),
    ]
    first = rows[0]
    assert first["segment"] == str(register["commuters"])
    assert first["channels"] == "phone, app"  # as the import reads a cell of channels
    assert first["description"] == "'=HYPERLINK(1)"  # never run by a spreadsheet
    assert first["needs"] == "'+ speed; no queue"
    assert "survey_responses" not in first  # a count per segment the results withhold under k


def test_the_json_names_what_is_tagged_with_each_segment(register):
    document = json_document(export_bytes("json"))
    assert (document["schema"], document["exported_on"]) == (
        "feedback_app.segments/1",
        "2025-03-20",
    )
    commuters, retired, students = document["segments"]
    morning, evening = register["sessions"]
    assert commuters["sessions"] == [
        {"id": morning, "title": "Morning rush"},
        {"id": evening, "title": "Evening calls"},
    ]
    standard_id, standard_title = register["standard"]
    assert commuters["standards"] == [{"id": standard_id, "title": standard_title}]
    survey_id, survey_title = register["survey"]
    assert commuters["surveys"] == [{"id": survey_id, "title": survey_title}]
    assert commuters["description"] == "=HYPERLINK(1)"
    assert commuters["channels"] == ["phone", "app"]
    assert retired["sessions"] == [{"id": evening, "title": "Evening calls"}]
    assert (retired["standards"], retired["surveys"]) == ([], [])
    assert students == {
        "segment": students["segment"],
        "name": "Students",
        "description": "",
        "share_percent": None,
        "channels": [],
        "needs": "",
        "sessions": [],
        "standards": [],
        "surveys": [],
    }


def test_the_workbook_has_the_register_and_a_row_per_tag(register):
    book = workbook(export_bytes("xlsx"))
    assert book.sheetnames == ["segments", "tags"]
    header, *rows = book["segments"].values
    assert header[:6] == ("segment", "name", "description", "share_percent", "channels", "needs")
    assert [row[1] for row in rows] == ["Busy commuters", "Retired regulars", "Students"]
    assert rows[0][2] == "=HYPERLINK(1)"
    assert book["segments"]["C2"].data_type == "s"  # text, never a formula
    tags = list(book["tags"].values)[1:]
    assert [(row[1], row[2], row[4]) for row in tags] == [
        ("Busy commuters", "session", "Morning rush"),
        ("Busy commuters", "session", "Evening calls"),
        ("Busy commuters", "standard", register["standard"][1]),
        ("Busy commuters", "survey", register["survey"][1]),
        ("Retired regulars", "session", "Evening calls"),
    ]


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_no_export_says_a_time_of_day(register, export_format):
    export = export_segments(export_format)
    assert export.filename == f"segments-2025-03-20.{export_format}"
    assert not EXACT_TIME.search(searchable_text(export_format, b"".join(export.chunks)))


def test_an_empty_register_exports_its_header_only(app):
    assert csv_rows(export_bytes("csv")) == []
    assert json_document(export_bytes("json"))["segments"] == []


def test_an_unknown_format_is_refused(app):
    with pytest.raises(ValueError):
        export_segments("pdf")


def test_an_exported_register_imports_back_as_it_was(register):
    """The export's own columns (id, tag counts) are read past, and the quote that guards
    formula-looking text is taken off again."""
    exported = export_bytes("csv")
    before = [
        (s.name, s.description, s.share_percent, s.channels, s.needs)
        for s in segments.list_segments()
    ]
    for segment in segments.list_segments():
        segments.delete_segment(segment)
    imported = segments.import_csv(exported)
    assert len(imported) == 3
    after = [
        (s.name, s.description, s.share_percent, s.channels, s.needs)
        for s in segments.list_segments()
    ]
    assert after == before
    assert ("Busy commuters", "=HYPERLINK(1)") in [(row[0], row[1]) for row in after]
