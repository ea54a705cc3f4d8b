"""SVG charts: well-formed XML, text escaped, one mark per item, labelled for screen readers."""

import xml.etree.ElementTree as ET

from feedback_app.workspace.charts import Bar, Point, bar_chart, heat_map, line_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & Co'


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def by_class(root: ET.Element, tag: str, css: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if css in e.get("class", "").split()]


def test_bar_chart_has_one_bar_per_item_scaled_to_the_highest():
    bars = [Bar("Greet", 10, "10 votes"), Bar(HOSTILE, 5, "5 votes"), Bar("None", 0, "0 votes")]
    root = parse(bar_chart("c1", "Votes per candidate", "Votes, best first.", bars))
    assert root.get("role") == "img" and root.get("aria-label") == "Votes per candidate"
    assert root.find(SVG + "title").text == "Votes per candidate"
    assert root.find(SVG + "desc").text == "Votes, best first."
    rects = by_class(root, "rect", "chart-bar")
    assert len(rects) == 3
    widths = [float(rect.get("width")) for rect in rects]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert "style" not in str(bar_chart("c1", "t", "d", bars))
    labels = [e.text for e in by_class(root, "text", "chart-label")]
    assert labels[1] == HOSTILE  # shown as text, parsed back intact
    assert not list(root.iter("script")) and not list(root.iter(SVG + "script"))


def test_long_labels_are_shortened_but_kept_whole_in_the_tooltip():
    label = "Offer a callback whenever the queue is longer than ten minutes, every single day"
    root = parse(bar_chart("c2", "t", "d", [Bar(label, 3, "3")]))
    shown = by_class(root, "text", "chart-label")[0].text
    assert shown.endswith("…") and len(shown) <= 52
    assert root.find(f"{SVG}g/{SVG}title").text == f"{label}: 3"


def test_intervals_are_drawn_as_whiskers_only_where_given():
    bars = [Bar("a", 0.4, "40 %", 0.4, 0.7), Bar("b", 0.2, "20 %")]
    root = parse(bar_chart("c3", "t", "d", bars))
    assert len(by_class(root, "path", "chart-interval")) == 1


def test_heat_map_has_a_cell_per_row_and_column_with_its_shade():
    cells = {(0, 0): ("6", 4), (0, 1): ("2", 1), (1, 0): ("0", 0)}
    root = parse(heat_map("h", "Support", "d", ["First", HOSTILE], ["Front line", "Other"], cells))
    rects = list(root.iter(SVG + "rect"))
    assert [rect.get("class") for rect in rects] == ["heat-4", "heat-1", "heat-0", "heat-none"]
    assert [e.text for e in by_class(root, "text", "chart-cell")] == ["6", "2", "0", "–"]
    assert root.get("role") == "img"


def test_line_chart_has_a_point_per_session_between_zero_and_full():
    points = [Point("1 Mar", 0.5, "50 %"), Point(HOSTILE, 1.0, "100 %"), Point("3 Mar", 0, "0 %")]
    root = parse(line_chart("l", "Turnout", "d", points))
    dots = by_class(root, "circle", "chart-dot")
    assert len(dots) == 3
    ys = [float(dot.get("cy")) for dot in dots]
    assert ys[1] < ys[0] < ys[2]  # higher turnout is higher up
    assert len(by_class(root, "polyline", "chart-path")) == 1
    assert parse(line_chart("l", "Turnout", "d", points[:1])).find(SVG + "polyline") is None


def test_line_chart_writes_each_figure_by_its_dot_clear_of_the_target_line():
    points = [Point("Oct", 70, "70 %"), Point("Nov", 88, "88 %"), Point("Dec", 95, "95 %")]
    root = parse(
        line_chart(
            "t",
            "Trend",
            "d",
            points,
            high=100,
            target=90,
            target_label="target 90 %",
            show_values=True,
        )
    )
    figures = by_class(root, "text", "chart-point")
    assert [figure.text for figure in figures] == ["70 %", "88 %", "95 %"]
    target_y = float(by_class(root, "path", "chart-target")[0].get("d").split()[1].split("H")[0])
    dots = [float(dot.get("cy")) for dot in by_class(root, "circle", "chart-dot")]
    for figure, dot in zip(figures, dots, strict=True):
        baseline = float(figure.get("y"))
        assert not baseline - 13 <= target_y <= baseline + 3, "a figure is struck through"
        assert abs(baseline - dot) <= 20, "a figure strays from its dot"
    assert float(figures[1].get("y")) > dots[1]  # 88 % sits just under the line: written below
    assert [e.text for e in by_class(root, "text", "chart-target-label")] == ["target 90 %"]


def test_line_chart_writes_only_the_latest_figure_when_they_would_overlap():
    points = [Point(f"M{n}", n, f"{n}.25 points") for n in range(12)]
    root = parse(line_chart("t", "Trend", "d", points, high=20, show_values=True))
    assert [e.text for e in by_class(root, "text", "chart-point")] == ["11.25 points"]
    assert (
        by_class(parse(line_chart("t", "Trend", "d", points, high=20)), "text", "chart-point") == []
    )
