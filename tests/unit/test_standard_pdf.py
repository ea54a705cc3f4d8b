"""The PDF of a published version of the standard: read back with pypdf, checked against the
stored version (items by stage, objectives, note, the day published, the change log)."""

from datetime import date

from feedback_app.services import decisions, objectives, standard_versions
from feedback_app.services.exports.pdf import PdfDocument
from feedback_app.services.exports.standard import (
    change_lines,
    filename_for,
    standard_version_pdf,
    version_pdf_bytes,
)
from tests.export_readers import EXACT_TIME, pdf_text
from tests.factories import make_candidate, make_user

GREET = [
    "Greet every customer within ten seconds of reaching the counter",
    "Say hello to every customer within 10 seconds",
]
REFUND = ["Let staff approve refunds up to $50", "Refund faulty products up to fifty dollars"]


def _adopt(standard, manager, **objective):
    decisions.decide(standard, "adopted", "Agreed", manager)
    fields = {"metric": "Time to greet", "target": 10, "unit": "seconds", "measured_by": "Audit"}
    objectives.add_objective(standard, manager, **(fields | objective))


def test_the_pdf_holds_the_items_by_stage_and_the_change_log(app):
    manager = make_user("manager")
    greet = make_candidate(None, *GREET)
    refund = make_candidate(None, *REFUND)
    decisions.edit_candidate(greet, manager, title="Greet quickly", protocol_stage="greet_listen")
    decisions.edit_candidate(refund, manager, title="Refunds", protocol_stage="refunds_complaints")
    _adopt(
        greet,
        manager,
        owner_team="Front desk",
        review_date=date(2027, 3, 31),
        measured_by="Mystery shopper",
    )
    first = standard_versions.publish(manager, "The first standard")
    text = pdf_text(version_pdf_bytes(first, date(2027, 1, 5)))
    assert "Customer Service Standard" in text
    assert "Version 1" in text and first.published_at.date().isoformat() in text
    assert "The first standard" in text and "Greet and listen" in text
    assert "Greet quickly" in text and greet.statement in text
    for cell in ("Time to greet", "10", "seconds", "Mystery shopper", "Front desk", "2027-03-31"):
        assert cell in text
    assert "Added: Greet quickly" in text and "The first published version." in text
    assert not EXACT_TIME.search(text)

    _adopt(refund, manager, metric="Refund limit", target=50.5, unit="dollars")
    decisions.edit_candidate(greet, manager, statement="Staff greet every customer at once.")
    second = standard_versions.publish(manager, "Refunds too")
    text = pdf_text(version_pdf_bytes(second, date(2027, 1, 6)))
    assert "Version 2" in text and "Changes since version 1" in text
    assert "Added: Refunds" in text and "Changed: Greet quickly (statement)" in text
    assert "Other areas" in text and "Refunds (Refunds and complaints)" in text
    assert "Refund limit" in text and "50.5" in text
    assert "Staff greet every customer at once." in text


def test_change_lines_name_each_change():
    changes = {
        "added": [{"id": 1, "title": "A"}],
        "removed": [{"id": 2, "title": "B"}],
        "changed": [{"id": 3, "title": "C", "fields": ["title", "protocol_stage"]}],
    }
    assert change_lines(changes) == ["Added: A", "Changed: C (title, protocol stage)", "Removed: B"]
    assert change_lines({}) == []


def test_the_file_is_named_after_the_version(app):
    manager = make_user("manager")
    _adopt(make_candidate(None, *GREET), manager)
    version = standard_versions.publish(manager, "First")
    export = standard_version_pdf(version)
    assert (export.filename, export.media_type) == (filename_for(1), "application/pdf")
    assert export.filename == "customer-service-standard-v1.pdf"
    assert b"".join(export.chunks).startswith(b"%PDF")


def test_bullets_wrap_and_fall_back_without_dejavu(tmp_path):
    document = PdfDocument("Bullets", date(2027, 1, 1), font_dirs=[tmp_path])
    document.bullets(["One – first", "Two " * 60])
    text = pdf_text(document.to_bytes())
    assert "One ? first" in text and text.count("Two") == 60
