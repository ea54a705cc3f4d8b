"""Exports of the objectives: the values managers entered, and where each objective stands (as
the dashboard reads it, mystery-shopping scores included), each format read back."""

from datetime import date, datetime

import pytest

from feedback_app.extensions import db
from feedback_app.models import CandidateStandard
from feedback_app.services import decisions, measurements, objectives, visits
from feedback_app.services.exports.measurements import export_objectives
from tests.clocks import freeze
from tests.export_readers import EXACT_TIME, csv_rows, json_document, searchable_text, workbook
from tests.factories import make_candidate, make_location, make_user, publish_standard

GREET = (
    "Greet every customer within ten seconds",
    "Say hello to customers as soon as they come in",
    "Greet customers at the counter with a smile",
)
FEBRUARY, MARCH = date(2025, 2, 1), date(2025, 3, 1)


def export_bytes(part: str, export_format: str) -> bytes:
    return b"".join(export_objectives(part, export_format).chunks)


@pytest.fixture
def objectives_measured(app, monkeypatch):
    """A manual objective with three values (one per team, one for everyone, over two months),
    a mystery-shopping objective with two visits, and one not measured; one undecided."""
    freeze(monkeypatch, datetime(2025, 3, 20, 9, 30))
    manager = make_user("manager")
    publish_standard(manager)
    greeting = next(
        item for item in visits.current_checklist().items if item.standard_title == "Greeting"
    )
    shopping = objectives.add_objective(
        db.session.get(CandidateStandard, greeting.standard_id),
        manager,
        metric="Greeting steps done",
        target=90,
        unit="percent",
        measured_by="Mystery shopping",
        measured_from="mystery_shopping",
    )
    north, south = make_location("North shop"), make_location("South shop")
    for team, value, key in ((north, "yes", "visit-north"), (south, "no", "visit-south")):
        report = {
            "team_id": team.id,
            "visited_on": "2025-03-10",
            "channel": "in person",
            "scores": {str(greeting.id): value},
        }
        visits.file_visit(make_user("shopper"), report, key)
    standard = make_candidate(None, *GREET)
    decisions.decide(standard, "adopted", "Customers notice it", manager)
    timed = objectives.add_objective(
        standard, manager, metric="Time to greet", target=10, unit="seconds", measured_by="Checks"
    )
    for value, day, team, source in (
        (16, date(2025, 2, 14), None, "=HYPERLINK(1)"),
        (8, date(2025, 3, 3), north, "Spot check"),
        (11, date(2025, 3, 12), None, "Till records"),
    ):
        measurements.record_measurement(
            timed,
            manager,
            value=value,
            measured_on=day,
            source=source,
            team_id=team.id if team else None,
        )
    undecided = make_candidate(None, "Call back within a day", "Phone back the next day")
    ignored = objectives.add_objective(
        undecided, manager, metric="Callback", target=1, unit="days", measured_by="Log"
    )
    measurements.record_measurement(
        ignored, manager, value=3, measured_on=date(2025, 3, 1), source="Log"
    )
    return {"shopping": shopping.id, "timed": timed.id, "standard": standard.title}


def test_the_measurements_csv_lists_every_value_entered_and_nothing_computed(
    objectives_measured,
):
    rows = csv_rows(export_bytes("measurements", "csv"))
    assert [
        (row["objective"], row["metric"], row["measured_on"], row["value"], row["team"])
        for row in rows
    ] == [
        (str(objectives_measured["timed"]), "Time to greet", "2025-02-14", "16.0", ""),
        (str(objectives_measured["timed"]), "Time to greet", "2025-03-03", "8.0", "North shop"),
        (str(objectives_measured["timed"]), "Time to greet", "2025-03-12", "11.0", ""),
    ]
    first = rows[0]
    assert (first["standard"], first["target"], first["direction"], first["unit"]) == (
        objectives_measured["standard"],
        "10.0",
        "at_most",
        "seconds",
    )
    assert first["measured_from"] == "manual"
    assert first["source"] == "'=HYPERLINK(1)"  # a spreadsheet would have run it
    assert [row["source"] for row in rows[1:]] == ["Spot check", "Till records"]


def test_the_progress_csv_has_a_row_per_objective_and_month(objectives_measured):
    rows = csv_rows(export_bytes("progress", "csv"))
    by_objective = {}
    for row in rows:
        by_objective.setdefault(row["objective"], []).append(row)
    shopping = by_objective[str(objectives_measured["shopping"])]
    assert [(r["month"], r["mean"], r["readings"], r["status"]) for r in shopping] == [
        ("2025-03-01", "50.0", "2", "missed")  # yes 100 and no 0: computed, never entered
    ]
    assert shopping[0]["measured_from"] == "mystery_shopping"
    timed = by_objective[str(objectives_measured["timed"])]
    assert [(r["month"], r["mean"], r["readings"]) for r in timed] == [
        ("2025-02-01", "16.0", "1"),
        ("2025-03-01", "9.5", "2"),
    ]
    assert {(r["status"], r["current"], r["current_month"]) for r in timed} == {
        ("on_track", "9.5", "2025-03-01")
    }
    unmeasured = [rows for key, rows in by_objective.items() if rows[0]["status"] == "not_measured"]
    assert [[(r["month"], r["mean"], r["current"]) for r in rows] for rows in unmeasured] == [
        [("", "", "")]
    ] * 3  # publish_standard's three objectives, each once
    assert len(by_objective) == 5  # the undecided standard's objective is not on the dashboard


def test_the_json_documents_match_the_dashboard(objectives_measured):
    document = json_document(export_bytes("progress", "json"))
    assert document["schema"] == "feedback_app.objective_progress/1"
    assert document["exported_on"] == "2025-03-20"
    dashboard = measurements.dashboard()
    assert [o["objective"] for o in document["objectives"]] == [
        item.objective.id for item in dashboard
    ]
    timed = next(
        o for o in document["objectives"] if o["objective"] == objectives_measured["timed"]
    )
    assert timed["trend"] == [
        {"month": "2025-02-01", "mean": 16.0, "readings": 1},
        {"month": "2025-03-01", "mean": 9.5, "readings": 2},
    ]
    assert timed["teams"] == [
        {"team": "North shop", "current": 8.0, "month": "2025-03-01", "status": "on_track"}
    ]
    shopping = next(
        o for o in document["objectives"] if o["objective"] == objectives_measured["shopping"]
    )
    assert [(t["team"], t["current"]) for t in shopping["teams"]] == [
        ("North shop", 100.0),
        ("South shop", 0.0),
    ]
    entered = json_document(export_bytes("measurements", "json"))
    assert entered["schema"] == "feedback_app.measurements/1"
    by_id = {o["objective"]: o for o in entered["objectives"]}
    assert by_id[objectives_measured["shopping"]]["measurements"] == []
    assert by_id[objectives_measured["timed"]]["measurements"][0] == {
        "measured_on": "2025-02-14",
        "value": 16.0,
        "team": None,
        "source": "=HYPERLINK(1)",
    }


def test_the_workbooks_have_their_sheets_and_keep_formulas_as_text(objectives_measured):
    entered = workbook(export_bytes("measurements", "xlsx"))
    assert entered.sheetnames == ["measurements"]
    values = list(entered["measurements"].values)
    assert values[0][-4:] == ("measured_on", "value", "team", "source")
    assert [row[-3] for row in values[1:]] == [16, 8, 11]
    assert values[1][-1] == "=HYPERLINK(1)"
    assert entered["measurements"]["L2"].data_type == "s"  # text, never a formula
    progress = workbook(export_bytes("progress", "xlsx"))
    assert progress.sheetnames == ["objectives", "trend", "teams"]
    header, *rows = progress["objectives"].values
    assert len(rows) == 5
    status = header.index("status")
    assert sorted(row[status] for row in rows) == [
        "missed",
        "not_measured",
        "not_measured",
        "not_measured",
        "on_track",
    ]
    teams = list(progress["teams"].values)[1:]
    assert sorted((row[4], row[5]) for row in teams) == [
        ("North shop", 8),
        ("North shop", 100),
        ("South shop", 0),
    ]


@pytest.mark.parametrize("part", ["measurements", "progress"])
@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_no_export_says_a_time_of_day_or_who_entered_a_value(
    objectives_measured, part, export_format
):
    export = export_objectives(part, export_format)
    assert export.filename == f"objectives-{part}-2025-03-20.{export_format}"
    text = searchable_text(export_format, b"".join(export.chunks))
    assert not EXACT_TIME.search(text)
    assert "09:30" not in text
    assert "@example.com" not in text  # who entered a value is not said


def test_nothing_adopted_exports_headers_only(app):
    assert csv_rows(export_bytes("measurements", "csv")) == []
    assert json_document(export_bytes("progress", "json"))["objectives"] == []


def test_an_unknown_part_or_format_is_refused(app):
    with pytest.raises(ValueError):
        export_objectives("everything", "csv")
    with pytest.raises(ValueError):
        export_objectives("progress", "pdf")
