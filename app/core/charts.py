"""Geometry of the server-rendered SVG charts; templates only draw what is computed here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 40, 40
VALUES_Y = 20  # the row of values above the plot, clear of the bars and target marks
# The latest results an indicator's chart and table show on a charter's page: years of monthly
# results made a page too long to read and to send to a phone (the rest are in the reports and
# the open data).
CHART_PERIODS = 8


@dataclass(frozen=True)
class Column:
    label: str
    value: Decimal | None
    status: str
    x: float
    width: float
    y: float  # top of the bar
    height: float
    target_y: float | None


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

    columns = []
    for index, (label, value, target, status) in enumerate(points):
        top = y_of(value) if value is not None else HEIGHT - BOTTOM
        columns.append(
            Column(
                label=label,
                value=value,
                status=status,
                x=LEFT + index * slot,
                width=slot,
                y=top,
                height=HEIGHT - BOTTOM - top,
                target_y=None if target is None else y_of(target),
            )
        )
    return ColumnChart(columns=columns, maximum=maximum)
