"""A small PDF builder on fpdf2: headings, paragraphs, fact lists, tables and bar charts.

Reusable by any report: the results export and the published standard's versions. Text is set
in DejaVu Sans when its TTF files are installed (Debian's fonts-dejavu-core, which CI installs),
so any language prints; without them the built-in Helvetica is used and characters it cannot
show become "?". Documents carry the day they were made, never the time.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
UNICODE_FAMILY, FALLBACK_FAMILY = "DejaVu", "helvetica"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
HEADING_SIZES = {1: 16, 2: 13, 3: 11}
BODY_SIZE, SMALL_SIZE = 10, 8
INK, MUTED, BAR, RULE = (33, 37, 41), (108, 117, 125), (46, 109, 164), (222, 226, 230)
STRIPE, HEADING_FILL = (245, 247, 250), (233, 236, 239)
LINE = 5  # mm per line of body text


def find_fonts(dirs: Sequence[Path] = FONT_DIRS) -> dict[str, Path] | None:
    """The DejaVu regular and bold files, if one of the folders has both."""
    for folder in dirs:
        found = {style: folder / name for style, name in FONT_FILES.items()}
        if all(path.is_file() for path in found.values()):
            return found
    return None


class PdfDocument:
    """An A4 document built top to bottom; `to_bytes()` gives the finished file."""

    def __init__(self, title: str, made_on: date, font_dirs: Sequence[Path] = FONT_DIRS) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_title(title)
        self.pdf.set_creator("feedback_app")
        self.pdf.set_creation_date(datetime(*made_on.timetuple()[:3], tzinfo=UTC))
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_margins(15, 15, 15)
        fonts = find_fonts(font_dirs)
        self.unicode = fonts is not None
        if fonts:
            for style, path in fonts.items():
                self.pdf.add_font(UNICODE_FAMILY, style, str(path))
        self.family = UNICODE_FAMILY if self.unicode else FALLBACK_FAMILY
        self.pdf.add_page()
        self._font(BODY_SIZE)

    @property
    def width(self) -> float:
        """The usable width of the page, in mm."""
        return self.pdf.epw

    def text(self, value) -> str:
        """Text the current font can show (without DejaVu: Latin-1, others become "?")."""
        value = "" if value is None else str(value)
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def _font(self, size: float, bold: bool = False, colour=INK) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def new_page(self) -> None:
        """Start the next part on a fresh page."""
        self.pdf.add_page()

    def heading(self, value: str, level: int = 1) -> None:
        """A bold heading; level 1 is the largest."""
        size = HEADING_SIZES.get(level, BODY_SIZE)
        self.pdf.ln(2 if level > 1 else 0)
        self._font(size, bold=True)
        self.pdf.multi_cell(0, size * 0.5, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)
        self._font(BODY_SIZE)

    def paragraph(self, value: str, muted: bool = False, size: float = BODY_SIZE) -> None:
        """A wrapped paragraph of body (or small, grey) text."""
        self._font(size, colour=MUTED if muted else INK)
        self.pdf.multi_cell(0, LINE, self.text(value), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)
        self._font(BODY_SIZE)

    def facts(self, pairs: Sequence[tuple[str, object]]) -> None:
        """Label and value lines ("Phase: results")."""
        label_width = 40
        for label, value in pairs:
            self._font(BODY_SIZE, bold=True)
            self.pdf.cell(label_width, LINE, self.text(label))
            self._font(BODY_SIZE)
            self.pdf.multi_cell(0, LINE, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def bullets(self, items: Sequence[str], size: float = BODY_SIZE) -> None:
        """A list with a bullet before each wrapped item."""
        self._font(size)
        mark = "•" if self.unicode else "-"
        for item in items:
            self.pdf.cell(5, LINE, mark)
            self.pdf.multi_cell(0, LINE, self.text(item), align="L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)
        self._font(BODY_SIZE)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence],
        widths: Sequence[float] | None = None,
        numeric: Sequence[int] = (),
    ) -> None:
        """A table with a repeated bold header; numeric columns are right-aligned."""
        self._font(SMALL_SIZE + 1)
        aligns = ["RIGHT" if index in numeric else "LEFT" for index in range(len(header))]
        self.pdf.set_fill_color(*STRIPE)  # fpdf2 fills striped rows with the current colour
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            text_align=tuple(aligns),
            line_height=LINE - 0.5,
            cell_fill_color=STRIPE,
            cell_fill_mode=TableCellFillMode.ROWS,
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
            repeat_headings=1,
            headings_style=_headings_style(self.family),
        ) as table:
            table.row([self.text(name) for name in header])
            for row in rows:
                table.row([self.text(cell) for cell in row])
        self.pdf.ln(3)
        self._font(BODY_SIZE)

    def bar_chart(
        self,
        items: Sequence[tuple[str, float]],
        value_format: str = "{:.2f}",
        label_width: float = 70,
    ) -> None:
        """Horizontal bars, one per (label, value), scaled to the largest value."""
        if not items:
            return
        highest = max(value for _, value in items) or 1.0
        bar_room = self.width - label_width - 18
        row_height = 6
        self._font(SMALL_SIZE + 1)
        for label, value in items:
            if self.pdf.will_page_break(row_height):
                self.pdf.add_page()
            x, y = self.pdf.l_margin, self.pdf.get_y()
            self.pdf.set_xy(x, y)
            self.pdf.cell(label_width - 2, row_height, self._fit(label, label_width - 3))
            self.pdf.set_fill_color(*RULE)
            self.pdf.rect(x + label_width, y + 1, bar_room, row_height - 2, style="F")
            self.pdf.set_fill_color(*BAR)
            length = max(bar_room * value / highest, 0.3)
            self.pdf.rect(x + label_width, y + 1, length, row_height - 2, style="F")
            self.pdf.set_xy(x + label_width + bar_room + 1, y)
            self.pdf.cell(16, row_height, value_format.format(value), align="R")
            self.pdf.set_xy(x, y + row_height)
        self.pdf.ln(3)
        self._font(BODY_SIZE)

    def _fit(self, label: str, room: float) -> str:
        """The label, cut with an ellipsis to fit one line of `room` mm."""
        label = self.text(" ".join(str(label).split()))
        if self.pdf.get_string_width(label) <= room:
            return label
        ellipsis = "…" if self.unicode else "..."
        while label and self.pdf.get_string_width(label + ellipsis) > room:
            label = label[:-1]
        return label.rstrip() + ellipsis

    def to_bytes(self) -> bytes:
        """The finished PDF file."""
        return bytes(self.pdf.output())


def _headings_style(family: str) -> FontFace:
    return FontFace(family=family, emphasis="BOLD", fill_color=HEADING_FILL)
