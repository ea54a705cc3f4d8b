"""Excel workbook with openpyxl in write-only mode: rows go to disk as they come.

A sheet per table (ideas, votes per level, candidates, level breakdown), numbers stored as
numbers, a width per column, the header row frozen and an autofilter over the table. Text that
looks like a formula is stored as text: openpyxl would otherwise write "=..." as a formula.
"""

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from feedback_app.services.exports.content import SessionContent
from feedback_app.services.exports.tables import Table, all_tables

CHUNK_BYTES = 64 * 1024
WIDE_COLUMNS = {"idea": 60, "statement": 60, "ideas": 60, "title": 30, "session_title": 30}
NARROW_WIDTH, DEFAULT_WIDTH = 10, 18
NARROW_COLUMNS = {"rank", "tied", "votes", "score", "consensus", "position", "session"}


class _DayStampedZip(ZipFile):
    """A zip whose entries carry the day only (midnight), not the time they were written."""

    def __init__(self, file, day: date) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self.day = (day.year, day.month, day.day, 0, 0, 0)

    def _info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=self.day)
        info.compress_type = ZIP_DEFLATED
        return info

    def writestr(self, name, data, compress_type=None, compresslevel=None):
        if isinstance(name, str):
            name = self._info(name)
        super().writestr(name, data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as source, self.open(self._info(arcname), "w") as target:
            shutil.copyfileobj(source, target, CHUNK_BYTES)


def _width(name: str) -> int:
    if name in WIDE_COLUMNS:
        return WIDE_COLUMNS[name]
    return NARROW_WIDTH if name in NARROW_COLUMNS else max(DEFAULT_WIDTH, len(name) + 2)


def _header_cell(sheet, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = Font(bold=True)
    return cell


def _value(sheet, value):
    """A value to append: numbers as numbers, text as text (a cell object only where needed,
    since plain values are several times faster in write-only mode)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("=") and "\n" not in value:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # "=SUM(...)" from a participant stays a string, never a formula
    if "\n" in value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _write_table(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(table.name)
    for index, name in enumerate(table.header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(name)
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, name) for name in table.header])
    count = 0
    for row in table.rows:
        sheet.append([_value(sheet, value) for value in row])
        count += 1
    last_column = get_column_letter(len(table.header))
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"


def xlsx_chunks(
    contents: list[SessionContent], groups: list[str], with_session: bool, exported_on: date
) -> Iterator[bytes]:
    """The sessions' tables as a workbook, in chunks."""
    yield from tables_xlsx_chunks(all_tables(contents, groups, with_session), exported_on)


def tables_xlsx_chunks(tables: Iterable[Table], exported_on: date) -> Iterator[bytes]:
    """Build a workbook of these tables (a sheet each) in a temporary file, then yield it in
    chunks.

    Its document properties and zip entries carry the day of the export (midnight), never a time.
    """
    workbook = Workbook(write_only=True)
    midnight = datetime(exported_on.year, exported_on.month, exported_on.day)
    workbook.properties.created = workbook.properties.modified = midnight
    for table in tables:
        _write_table(workbook, table)
    with tempfile.TemporaryFile() as file:
        with _DayStampedZip(file, exported_on) as archive:
            ExcelWriter(workbook, archive).save()
        file.seek(0)
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
