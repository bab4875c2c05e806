"""Charts drawn on the server, with no JavaScript and nothing from elsewhere: the same markup in the dashboard,
in print and in the PDF report (WeasyPrint lays out HTML and draws inline SVG).

Labels, values and axis dates are HTML text, so they take the page's own font size (the body's on a phone as
on paper) and wrap instead of being cut; only the bars and columns themselves are SVG, scaled to the room
they get. The figures are always in a table beside the chart too, so the chart is one image for a screen
reader (role="img" with its title as name). Widths come from SVG attributes, not style attributes, which
the Content-Security-Policy (style-src 'self') would block. Our own small templates rather than pygal: two
chart shapes are all we need, and we keep full control of the markup."""
import math

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

BAR = "#0b6e4f"
SLOTS = 12  # a time chart has at least this many column slots, so a few points stay slim columns
AXIS_LABELS = 5  # at most this many dates under a time chart: each has room for itself at 390 px


def _number(value, decimals):
    return number_format(value, decimals, force_grouping=True)


def _share(value, top):
    """The bar's length in % of the longest one; a value above zero is always visible."""
    if not value:
        return 0
    return max(0.5, round(float(value) / top * 100, 1))


def _bar(value, top):
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="{}" height="10" fill="{}"/></svg>', _share(value, top), BAR)


def bars(rows, *, title, decimals=0, prefix=""):
    """Horizontal bars: rows of (label, value). Label, bar and value side by side; on a phone the label and
    value share a line and the bar runs below them."""
    rows = list(rows)
    top = max((float(value) for _label, value in rows), default=0) or 1
    body = format_html_join("", (
        '<div class="bar-row"><span class="bar-label">{}</span>{}<span class="bar-value">{}{}</span></div>'), (
        (label, _bar(value, top), prefix, _number(value, decimals)) for label, value in rows))
    return format_html('<div class="chart bar-chart" role="img" aria-label="{}">{}</div>', title, body)


def _axis(labels, slots):
    """The dates under a time chart: one cell per slot, a date in every `step`-th one while it has `step`
    slots of room to its right (so no date runs into the next one or past the chart's edge)."""
    step = max(1, math.ceil(slots / AXIS_LABELS))
    cells = [labels[i] if i < len(labels) and i % step == 0 and i + step <= slots else "" for i in range(slots)]
    if not any(cells) and labels:
        cells[0] = labels[0]
    return format_html_join("", '<span class="axis-cell"><span class="axis-label">{}</span></span>',
                            ((cell,) for cell in cells))


def columns(points, *, title, decimals=0):
    """Vertical columns over time: points of (label, value), the highest value printed above the plot."""
    points = list(points)
    if not points:
        return mark_safe("")
    top = max(float(value) for _label, value in points) or 1
    slots = max(len(points), SLOTS)
    rects = format_html_join("", '<rect x="{}" y="{}" width="8" height="{}" fill="{}"/>', (
        (i * 10 + 1, 100 - _share(value, top), _share(value, top), BAR) for i, (_label, value) in enumerate(points)))
    return format_html(
        '<div class="chart column-chart" role="img" aria-label="{}"><span class="column-top">{}</span>'
        '<svg class="columns" viewBox="0 0 {} 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '{}</svg><div class="axis">{}</div></div>',
        title, _number(max(value for _label, value in points), decimals), slots * 10, rects,
        _axis([label for label, _value in points], slots))
