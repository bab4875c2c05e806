"""Charts as SVG drawn on the server, with no JavaScript and nothing from elsewhere: the same markup in
the dashboard, in print and in the PDF report (WeasyPrint draws SVG). Our own small templates rather than
pygal: two chart shapes are all we need, and we keep full control of the markup (a title and a short
description for screen readers; the figures themselves are always in a table beside the chart)."""
import itertools

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH = 640
ROW = 26
LABEL_WIDTH = 260
LABEL_CHARS = 36
BAR = "#0b6e4f"
TEXT = "#1b1b1b"
_ids = itertools.count(1)


def _label(text):
    text = str(text)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _number(value, decimals):
    return number_format(value, decimals, force_grouping=True)


def _svg(height, title, body):
    chart_id = f"chart-{next(_ids)}"
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Cheque Sans, Source Sans 3, sans-serif" font-size="13">'
        '<title id="{}">{}</title>{}</svg>', WIDTH, height, chart_id, chart_id, title, body)


def bars(rows, *, title, decimals=0, prefix=""):
    """Horizontal bars: rows of (label, value)."""
    rows = list(rows)
    top = max((float(value) for _label, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 90
    body = format_html_join("", (
        '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"/>'
        '<text x="{}" y="{}" fill="{}">{}{}</text>'), (
        (LABEL_WIDTH - 8, i * ROW + 18, TEXT, _label(label), LABEL_WIDTH, i * ROW + 5,
         max(1, round(float(value) / top * room)) if value else 0, ROW - 10, BAR,
         LABEL_WIDTH + (round(float(value) / top * room) if value else 0) + 6, i * ROW + 18, TEXT, prefix,
         _number(value, decimals))
        for i, (label, value) in enumerate(rows)))
    return _svg(max(ROW, len(rows) * ROW + 4), title, body)


def columns(points, *, title, decimals=0, height=180):
    """Vertical columns over time: points of (label, value); every label is printed when there is room."""
    points = list(points)
    if not points:
        return mark_safe("")
    top = max(float(value) for _label, value in points) or 1
    scale = _number(top, decimals)
    left = max(30, round(len(scale) * 6.5) + 10)  # room for the scale's top value left of the columns
    step = min((WIDTH - left - 10) / len(points), 48)  # a few points stay slim columns
    every = max(1, round(len(points) / 12))
    plot = height - 40
    parts = []
    for i, (label, value) in enumerate(points):
        tall = round(float(value) / top * plot) if value else 0
        x = left + i * step
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', round(x + 2, 1),
                                 10 + plot - tall, round(max(step - 4, 1), 1), tall, BAR))
        if i % every == 0:
            parts.append(format_html('<text x="{}" y="{}" font-size="11" fill="{}">{}</text>', round(x + 2, 1),
                                     height - 12, TEXT, label))
    parts.append(format_html('<text x="{}" y="18" font-size="11" text-anchor="end" fill="{}">{}</text>',
                             left - 6, TEXT, scale))
    parts.append(format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', left - 2, 10 + plot, WIDTH,
                             10 + plot, TEXT))
    return _svg(height, title, mark_safe("".join(parts)))
