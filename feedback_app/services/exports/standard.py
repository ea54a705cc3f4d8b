"""The PDF of a published version of the Customer Service Standard, built with PdfDocument.

What the handbook page shows, on paper: the version, the day it was published and its note,
the items by protocol stage (policy statement, procedures and objectives), and what changed
against the version before.
"""

from datetime import date

from feedback_app.clock import utc_now
from feedback_app.models import StandardVersion
from feedback_app.services.exports import MEDIA_TYPES, ExportFile
from feedback_app.services.exports.pdf import PdfDocument

TITLE = "Customer Service Standard"
OBJECTIVE_HEADER = ("Metric", "Target", "Unit", "Measured by", "Owner team", "Review date")
OBJECTIVE_WIDTHS = (46, 16, 20, 42, 28, 28)


def filename_for(number: int) -> str:
    """ "customer-service-standard-v2.pdf"."""
    return f"customer-service-standard-v{number}.pdf"


def _number(value: float) -> str:
    return f"{value:g}"


def _objective_row(objective: dict) -> list:
    return [
        objective["metric"],
        _number(objective["target"]),
        objective["unit"],
        objective["measured_by"],
        objective.get("owner_team") or "",
        objective.get("review_date") or "",
    ]


def _items(document: PdfDocument, content: dict) -> None:
    groups = content.get("groups", [])
    if not groups:
        document.paragraph("This version has no items.", muted=True)
    for group in groups:
        document.heading(group["label"], 2)
        for item in group["items"]:
            title = item["title"]
            if group["key"] == "other_areas":
                title = f"{title} ({item['stage_label']})"
            document.heading(title, 3)
            document.paragraph(item["statement"])
            if item.get("procedures"):
                document.bullets(
                    [f"{n}. {step}" for n, step in enumerate(item["procedures"], start=1)]
                )
            if item["objectives"]:
                document.table(
                    OBJECTIVE_HEADER,
                    [_objective_row(objective) for objective in item["objectives"]],
                    widths=OBJECTIVE_WIDTHS,
                    numeric=(1,),
                )


def change_lines(changes: dict) -> list[str]:
    """The change log in words: "Added: …", "Changed: … (title, statement)", "Removed: …"."""
    lines = [f"Added: {item['title']}" for item in changes.get("added", [])]
    lines += [
        f"Changed: {item['title']} ({', '.join(f.replace('_', ' ') for f in item['fields'])})"
        for item in changes.get("changed", [])
    ]
    lines += [f"Removed: {item['title']}" for item in changes.get("removed", [])]
    return lines


def _changes(document: PdfDocument, version: StandardVersion) -> None:
    document.heading(
        "Changes since version " + str(version.number - 1) if version.number > 1 else "Changes",
        2,
    )
    lines = change_lines(version.changes or {})
    if version.number == 1:
        document.paragraph("The first published version.", muted=True)
    if lines:
        document.bullets(lines)
    elif version.number > 1:
        document.paragraph("No item changed.", muted=True)


def version_pdf_bytes(version: StandardVersion, made_on: date) -> bytes:
    """The finished PDF of the version."""
    document = PdfDocument(f"{TITLE} – version {version.number}", made_on)
    document.heading(TITLE, 1)
    document.facts(
        [
            ("Version", version.number),
            ("Published on", version.published_at.date().isoformat()),
            ("Note", version.note),
        ]
    )
    _items(document, version.content or {})
    _changes(document, version)
    document.paragraph(f"Printed on {made_on.isoformat()}.", muted=True, size=8)
    return document.to_bytes()


def standard_version_pdf(version: StandardVersion) -> ExportFile:
    """The version as a PDF file to send; a few pages, so built at once within the request."""
    data = version_pdf_bytes(version, utc_now().date())
    return ExportFile(
        filename=filename_for(version.number),
        media_type=MEDIA_TYPES["pdf"],
        chunks=iter((data,)),
    )
