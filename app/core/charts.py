"""Geometry of the server-rendered SVG charts; templates only draw what is computed here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 40, 40
VALUES_Y = 20  # the row of values above the plot, clear of the bars and target marks
NARROW_LENGTH = 340  # the longest bar of the narrow chart (360 wide, one row a period)
# The latest results an indicator's chart and table show on a charter's page: years of monthly
# results made a page too long to read and to send to a phone (the rest are in the reports and
# the open data).
CHART_PERIODS = 8


@dataclass(frozen=True)
class Column:
    """A period's column, in the coordinates the template draws (rounded to a tenth): a bar
    (none without a value) and a target mark across it; and the same period as a row of the
    narrow chart, a bar ``row_length`` long with the mark at ``row_mark``."""

    label: str
    value: Decimal | None
    status: str
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


def column_chart(points, ceiling: Decimal | None = None) -> ColumnChart:
    """Columns for ``points`` — (label, value or None, target or None, status code) in the
    order to draw — scaled to ``ceiling`` (e.g. 100 for percentages) or to the largest value or
    target. A missing value draws no bar; the target is a mark across each column's slot."""
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
