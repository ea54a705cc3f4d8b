"""Charts as server-rendered SVG: no script, no inline styles (CSS classes in workspace.css).

Every chart is `role="img"` with an aria-label, a <title> and a <desc>; the page puts a table of
the same figures beside it for screen readers. All text is escaped. Charts are drawn 360 units
wide, the width of a phone, so their text stays readable there; CSS caps how wide they grow.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360
ROW = 38  # one bar: its label on a line, the bar below
LABEL_CHARS = 52
VALUE_ROOM = 64  # room right of the longest bar for its figure
VALUE_HEIGHT = 11  # a figure's height at the charts' 11 px
HEAT_LABEL = 130
HEAT_HEADER = 96
HEAT_RIGHT = 70  # room for the slanted column names to run up and to the right
HEAT_ROW = 30
HEAT_ROW_CHARS = 19
HEAT_COLUMN_CHARS = 16
LINE_HEIGHT, LINE_TOP, LINE_LEFT, LINE_BOTTOM = 200, 16, 40, 36


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the figure written beside it and an optional interval."""

    label: str
    value: float
    text: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Point:
    """One point of a line chart (a share from 0 to 1 unless the chart says its range), with
    the label of its x position."""

    label: str
    value: float
    text: str
    tick: str = ""  # the short name under the axis (the label by default)


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _open(chart_id: str, css: str, height: float, title: str, description: str) -> list[str]:
    title, description = escape(title), escape(description)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" role="img" aria-label="{title}" '
        f'aria-describedby="{escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{title}</title>',
        f'<desc id="{escape(chart_id)}-desc">{description}</desc>',
    ]


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[Bar], top: float | None = None
) -> Markup:
    """Horizontal bars, one per item, longest for the highest value (or for ``top``, such as
    1 for shares); intervals as whiskers."""
    if top is None:
        top = max([bar.high or 0 for bar in bars] + [bar.value for bar in bars] + [0])
    span = WIDTH - VALUE_ROOM
    scale = span / top if top else 0
    parts = _open(chart_id, "chart-bars", max(ROW * len(bars), ROW), title, description)
    for index, bar in enumerate(bars):
        y = index * ROW
        label = escape(_short(bar.label, LABEL_CHARS))
        width = max(bar.value * scale, 1 if bar.value else 0)
        parts.append(
            f'<g class="chart-item"><title>{escape(bar.label)}: {escape(bar.text)}</title>'
        )
        parts.append(f'<text class="chart-label" x="0" y="{y + 13}">{label}</text>')
        parts.append(
            f'<rect class="chart-bar" x="0" y="{y + 18}" width="{_num(width)}" height="14"/>'
        )
        end = width
        if bar.low is not None and bar.high is not None:
            low, high, mid = bar.low * scale, bar.high * scale, y + 25
            end = max(end, high)
            parts.append(
                f'<path class="chart-interval" d="M{_num(low)} {mid}H{_num(high)}'
                f'M{_num(low)} {mid - 5}V{mid + 5}M{_num(high)} {mid - 5}V{mid + 5}"/>'
            )
        parts.append(
            f'<text class="chart-value" x="{_num(end + 4)}" y="{y + 30}">{escape(bar.text)}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def heat_map(
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: dict[tuple[int, int], tuple[str, int]],
) -> Markup:
    """A grid of rows × columns; each present cell has a figure and a shade from 0 to 4."""
    cell = (WIDTH - HEAT_LABEL - HEAT_RIGHT) / max(len(columns), 1)
    height = HEAT_HEADER + HEAT_ROW * max(len(rows), 1)
    parts = _open(chart_id, "chart-heat", height, title, description)
    for col, name in enumerate(columns):
        x = HEAT_LABEL + col * cell + cell / 2
        parts.append(
            f'<text class="chart-label chart-column" x="{_num(x)}" y="{HEAT_HEADER - 6}" '
            f'transform="rotate(-45 {_num(x)} {HEAT_HEADER - 6})">'
            f"<title>{escape(name)}</title>{escape(_short(name, HEAT_COLUMN_CHARS))}</text>"
        )
    for row, name in enumerate(rows):
        y = HEAT_HEADER + row * HEAT_ROW
        parts.append(
            f'<text class="chart-label" x="0" y="{y + 19}"><title>{escape(name)}</title>'
            f"{escape(_short(name, HEAT_ROW_CHARS))}</text>"
        )
        for col, column in enumerate(columns):
            x = HEAT_LABEL + col * cell
            found = cells.get((row, col))
            shade = "none" if found is None else found[1]
            figure = "–" if found is None else found[0]
            parts.append(
                f'<g class="chart-item"><title>{escape(name)} · {escape(column)}: '
                f'{escape(figure)}</title><rect class="heat-{shade}" x="{_num(x + 1)}" '
                f'y="{y + 1}" width="{_num(cell - 2)}" height="{HEAT_ROW - 2}"/>'
                f'<text class="chart-cell" x="{_num(x + cell / 2)}" y="{y + 19}">'
                f"{escape(figure)}</text></g>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _percent_tick(share: float) -> str:
    return f"{round(share * 100)} %"


def _text_width(text: str) -> float:
    """About how wide a figure is written at the charts' 11 px (no font metrics on the server)."""
    return 6.5 * len(text) + 4


def _labelled_points(points: Sequence[Point], step: float) -> set[int]:
    """Every point when their figures fit side by side, else only the latest."""
    if len(points) < 2 or step >= max(_text_width(point.text) for point in points):
        return set(range(len(points)))
    return {len(points) - 1}


@dataclass(frozen=True)
class _TargetLine:
    """The dashed target line's height and where its label ends: figures keep clear of both."""

    y: float
    label_right: float


def _point_value(text: str, x: float, y: float, index: int, count: int, target) -> str:
    """A point's figure above its dot, or below it when above would cross the target line (or
    put it between figure and dot), touch its label or leave the plot; the first and last
    figures keep inside the plot."""
    width = _text_width(text)
    if count > 1 and index == 0:
        anchor, at, left = "chart-start", x - 4, x - 4
    elif count > 1 and index == count - 1:
        anchor, at, left = "chart-end", x + 4, x + 4 - width
    else:
        anchor, at, left = "chart-middle", x, x - width / 2

    def clear(baseline: float) -> bool:
        top = baseline - VALUE_HEIGHT
        if top < 2 or baseline > LINE_HEIGHT - LINE_BOTTOM + 10:
            return False
        if target is None:
            return True
        crosses_line = min(top - 2, y) <= target.y <= max(baseline + 3, y)  # or parts it
        on_its_label = left < target.label_right and top < target.y - 3 and baseline > target.y - 18
        return not (crosses_line or on_its_label)

    above, below = y - 8, y + 8 + VALUE_HEIGHT
    fits_above = above - VALUE_HEIGHT >= 2
    baseline = above if clear(above) or (fits_above and not clear(below)) else below
    return (
        f'<text class="chart-value chart-point {anchor}" x="{_num(at)}" '
        f'y="{_num(baseline)}">{escape(text)}</text>'
    )


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[Point],
    *,
    low: float = 0.0,
    high: float = 1.0,
    tick: Callable[[float], str] = _percent_tick,
    target: float | None = None,
    target_label: str | None = None,
    show_values: bool = False,
) -> Markup:
    """Values along the x axis, joined by a line: shares from 0 to 1 shown as percentages by
    default, or any range with its own tick text; a dashed line marks a target if given
    (labelled "target …" unless told). With ``show_values`` each point's figure is written by
    its dot when there is room for all of them, else only the latest one's."""
    plot_w = WIDTH - LINE_LEFT - 12
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    span = (high - low) or 1.0

    def y_of(value: float) -> float:
        return LINE_TOP + plot_h * (1 - min(max((value - low) / span, 0), 1))

    parts = _open(chart_id, "chart-line", LINE_HEIGHT, title, description)
    for value in (low, low + span / 2, high):
        y = y_of(value)
        parts.append(
            f'<path class="chart-grid" d="M{LINE_LEFT} {_num(y)}H{WIDTH - 12}"/>'
            f'<text class="chart-axis" x="{LINE_LEFT - 6}" y="{_num(y + 4)}">'
            f"{escape(tick(value))}</text>"
        )
    target_line = None
    if target is not None:
        label = target_label or f"target {tick(target)}"
        target_line = _TargetLine(y_of(target), LINE_LEFT + 4 + _text_width(label))
        parts.append(
            f'<path class="chart-target" d="M{LINE_LEFT} {_num(target_line.y)}H{WIDTH - 12}"/>'
            f'<text class="chart-axis chart-target-label" x="{LINE_LEFT + 4}" '
            f'y="{_num(target_line.y - 5)}">{escape(label)}</text>'
        )
    step = plot_w / (len(points) - 1) if len(points) > 1 else 0
    coords = [
        (LINE_LEFT + (index * step if len(points) > 1 else plot_w / 2), y_of(point.value))
        for index, point in enumerate(points)
    ]
    if len(coords) > 1:
        line = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        parts.append(f'<polyline class="chart-path" points="{line}"/>')
    labelled = _labelled_points(points, step) if show_values else set()
    for index, ((x, y), point) in enumerate(zip(coords, points, strict=True)):
        parts.append(
            f'<g class="chart-item"><title>{escape(point.label)}: {escape(point.text)}</title>'
            f'<circle class="chart-dot" cx="{_num(x)}" cy="{_num(y)}" r="4"/>'
        )
        if index in labelled:
            parts.append(_point_value(point.text, x, y, index, len(points), target_line))
        parts.append("</g>")
    if points:
        base = LINE_HEIGHT - 12
        parts.append(
            f'<text class="chart-axis chart-start" x="{_num(coords[0][0])}" y="{base}">'
            f"{escape(_short(points[0].tick or points[0].label, 22))}</text>"
        )
        if len(points) > 1:
            parts.append(
                f'<text class="chart-axis chart-end" x="{_num(coords[-1][0])}" y="{base}">'
                f"{escape(_short(points[-1].tick or points[-1].label, 22))}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
