"""Geometry of the server-rendered SVG charts; templates only draw what is computed here,
except the columns of a results chart, written here too (see ``ColumnChart.wide_marks``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 40, 40
VALUES_Y = 20  # the row of values above the plot, clear of the bars and target marks
NARROW_LENGTH = 340  # the longest bar of the narrow chart (360 wide, one row a period)
# The latest results an indicator's chart and table show on a charter's page: years of monthly
# results made a page too long to read and to send to a phone (the rest are in the reports and
# the open data).
CHART_PERIODS = 8
NARROW_ROW = 46  # the height of a period's row in the narrow chart
# What a value above its bar says besides the number: the status in a symbol (the text
# alternative and the table say it in words).
SYMBOLS = {"met": "✔", "not_met": "✖", "provisional": "…"}


@dataclass(frozen=True)
class Column:
    """A period's column, in the coordinates the template draws (rounded to a tenth): a bar
    (none without a value) and a target mark across it; and the same period as a row of the
    narrow chart, a bar ``row_length`` long with the mark at ``row_mark``."""

    label: str
    value: Decimal | None
    status: str
    text: str  # the value as written above its bar and on its row, with its status's symbol
    bar_x: float
    bar_y: float  # top of the bar
    bar_width: float
    bar_height: float
    middle: float  # where the value and the label are centred
    mark_x1: float
    mark_x2: float
    mark_y: float | None  # None: no target
    row_length: float
    row_mark: float | None


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    maximum: Decimal
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    baseline: float = HEIGHT - BOTTOM
    values_y: float = VALUES_Y

    @property
    def narrow_height(self) -> int:
        return len(self.columns) * NARROW_ROW + 8

    # The columns are written here rather than in the template: a charter's page draws a
    # chart of each indicator, and the template's thirty values per period, each looked up
    # and escaped on its own, took a fifth of the page's time.
    def wide_marks(self) -> Markup:
        """The wide chart's columns: each bar (none without a value), target mark, value and
        label, as SVG elements."""
        marks = []
        for column in self.columns:
            status, text, label = escape(column.status), escape(column.text), escape(column.label)
            if column.value is not None:
                marks.append(
                    f'<rect class="bar bar-{status}" x="{column.bar_x}" y="{column.bar_y}" '
                    f'width="{column.bar_width}" height="{column.bar_height}"/>'
                )
            if column.mark_y is not None:
                marks.append(
                    f'<line class="chart-target" x1="{column.mark_x1}" x2="{column.mark_x2}" '
                    f'y1="{column.mark_y}" y2="{column.mark_y}"/>'
                )
            marks.append(
                f'<text class="chart-value" x="{column.middle}" y="{self.values_y}" '
                f'text-anchor="middle">{text}</text>'
            )
            marks.append(
                f'<text class="chart-label" x="{column.middle}" y="{self.baseline + 18}" '
                f'text-anchor="middle">{label}</text>'
            )
        return Markup("\n".join(marks))  # nosec B704 - every value above is escaped or a number

    def narrow_rows(self) -> Markup:
        """The narrow chart's rows, one a period: its label and value, its bar and its target
        mark, as SVG elements."""
        marks = []
        for index, column in enumerate(self.columns):
            y = 4 + index * NARROW_ROW
            status, text, label = escape(column.status), escape(column.text), escape(column.label)
            marks.append(f'<text class="chart-label" x="0" y="{y + 14}">{label}: {text}</text>')
            if column.value is not None:
                marks.append(
                    f'<rect class="bar bar-{status}" x="0" y="{y + 20}" height="18" '
                    f'width="{column.row_length}"/>'
                )
            if column.mark_y is not None:
                marks.append(
                    f'<line class="chart-target" x1="{column.row_mark}" x2="{column.row_mark}" '
                    f'y1="{y + 16}" y2="{y + 42}"/>'
                )
        return Markup("\n".join(marks))  # nosec B704 - every value above is escaped or a number


def column_chart(
    points, ceiling: Decimal | None = None, written: Callable[[Decimal], str] = str
) -> ColumnChart:
    """Columns for ``points`` — (label, value or None, target or None, status code) in the
    order to draw — scaled to ``ceiling`` (e.g. 100 for percentages) or to the largest value or
    target, each value ``written`` as the page's language writes numbers. A missing value
    draws no bar; the target is a mark across each column's slot."""
    numbers = [n for _label, v, t, _s in points for n in (v, t) if n is not None]
    maximum = Decimal(ceiling) if ceiling else max(numbers, default=Decimal(1)) or Decimal(1)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)

    def y_of(number) -> float:
        return TOP + plot_height * (1 - float(min(Decimal(number), maximum) / maximum))

    def along(y: float) -> float:
        """How far along a narrow row a bar reaching ``y`` in the wide chart goes."""
        return round((HEIGHT - BOTTOM - y) / plot_height * NARROW_LENGTH, 1)

    columns = []
    for index, (label, value, target, status) in enumerate(points):
        x = LEFT + index * slot
        top = y_of(value) if value is not None else HEIGHT - BOTTOM
        mark = None if target is None else y_of(target)
        columns.append(
            Column(
                label=label,
                value=value,
                status=status,
                text="–" if value is None else f"{written(value)} {SYMBOLS.get(status, '')}",
                bar_x=round(x + slot * 0.2, 1),
                bar_y=round(top, 1),
                bar_width=round(slot * 0.6, 1),
                bar_height=round(HEIGHT - BOTTOM - top, 1),
                middle=round(x + slot / 2, 1),
                mark_x1=round(x + slot * 0.1, 1),
                mark_x2=round(x + slot * 0.9, 1),
                mark_y=None if mark is None else round(mark, 1),
                row_length=max(along(top), 1),
                row_mark=None if mark is None else along(mark),
            )
        )
    return ColumnChart(columns=columns, maximum=maximum)
