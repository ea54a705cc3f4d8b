"""Read exports back (CSV, JSON, Excel, PDF) and search them for what must never be there."""

import csv
import io
import json
import re
import zipfile

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import BallotCard, Participant

# A time of day to the second; midnight is how a date alone is written (workbook properties).
EXACT_TIME = re.compile(r"(?!00:00:00)\b\d{1,2}:\d{2}:\d{2}")


def csv_rows(data: bytes) -> list[dict]:
    """The CSV's rows as dicts; fails unless it starts with a UTF-8 BOM."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def json_document(data: bytes) -> dict:
    return json.loads(data.decode("utf-8"))


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text of every page, lines joined by spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def searchable_text(export_format: str, data: bytes) -> str:
    """Everything an export says, as text: the XML parts of a workbook, the text of a PDF."""
    if export_format == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if export_format == "pdf":
        return pdf_text(data)
    return data.decode("utf-8-sig")


def secrets_in_database() -> list[str]:
    """Every participant token hash and ballot card hash stored, to look for in exports."""
    hashes = db.session.scalars(select(Participant.token_hash)).all()
    cards = db.session.scalars(select(BallotCard.code_hash)).all()
    return [*hashes, *cards]
