"""CSV of the ranked ideas: UTF-8 with a BOM (Excel reads the accents), streamed in chunks.

One table only, the ideas: rank, tied, idea, votes, score, consensus and a column of votes per
level group (`votes: <group>`); a selection of sessions adds `session` and `session_title` in
front. A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with a single quote.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from feedback_app.services.characters import FORMULA_STARTS
from feedback_app.services.exports.content import SessionContent
from feedback_app.services.exports.tables import GROUP_PREFIX, IDEA_COLUMNS, _header, idea_rows

BOM = "\ufeff"
ROWS_PER_CHUNK = 500


def neutralise(value):
    """A cell as CSV text: formula-looking text gets a leading quote; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(
    contents: list[SessionContent], groups: list[str], with_session: bool
) -> Iterator[bytes]:
    """Yield the ideas' CSV a few hundred rows at a time, the BOM first."""
    header = _header(IDEA_COLUMNS + [GROUP_PREFIX + name for name in groups], with_session)
    yield from rows_csv_chunks(header, idea_rows(contents, groups, with_session))


def rows_csv_chunks(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """Yield a table as CSV a few hundred rows at a time, the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(cell) for cell in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
