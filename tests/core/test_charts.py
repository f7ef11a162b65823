"""The geometry of the results charts, computed before the template draws it."""

from decimal import Decimal

from app.core.charts import column_chart


def test_columns_are_scaled_to_the_ceiling_in_both_charts():
    chart = column_chart(
        [("T1", Decimal(50), Decimal(90), "not_met"), ("T2", None, None, "no_data")],
        ceiling=Decimal(100),
    )
    half, missing = chart.columns
    # The wide chart: 160 px of plot under a 40 px top margin; two slots of 288 px from x=56.
    assert (half.bar_y, half.bar_height, half.mark_y) == (120.0, 80.0, 56.0)
    assert (half.bar_x, half.bar_width, half.middle) == (113.6, 172.8, 200.0)
    assert (half.mark_x1, half.mark_x2) == (84.8, 315.2)
    # The narrow chart: rows as long as the bars are high, 340 px for the ceiling.
    assert (half.row_length, half.row_mark) == (170.0, 306.0)
    assert (missing.bar_height, missing.mark_y, missing.row_mark) == (0.0, None, None)
    assert missing.row_length == 1  # never narrower than a line
    assert chart.maximum == 100


def test_without_a_ceiling_the_largest_value_or_target_fills_the_plot():
    chart = column_chart([("Ene", Decimal(4), Decimal(8), "met")])
    (column,) = chart.columns
    assert chart.maximum == 8 and column.mark_y == chart.top and column.row_mark == 340.0


def test_the_columns_are_written_as_svg_with_every_text_escaped():
    chart = column_chart(
        [("<T1>", Decimal(50), Decimal(90), "not_met"), ("T2", None, None, "no_data")],
        ceiling=Decimal(100),
        written=lambda value: f"{value}&",
    )
    wide, narrow = str(chart.wide_marks()), str(chart.narrow_rows())
    assert wide.count("<rect") == 1 and narrow.count("<rect") == 1  # no bar without a value
    assert '<rect class="bar bar-not_met" x="113.6" y="120.0" width="172.8" height="80.0"/>' in wide
    assert '<line class="chart-target" x1="84.8" x2="315.2" y1="56.0" y2="56.0"/>' in wide
    assert 'text-anchor="middle">50&amp; ✖</text>' in wide
    assert 'text-anchor="middle">&lt;T1&gt;</text>' in wide
    assert 'text-anchor="middle">–</text>' in wide
    assert '<text class="chart-label" x="0" y="18">&lt;T1&gt;: 50&amp; ✖</text>' in narrow
    assert '<rect class="bar bar-not_met" x="0" y="24" height="18" width="170.0"/>' in narrow
    assert '<text class="chart-label" x="0" y="64">T2: –</text>' in narrow
    assert chart.narrow_height == 2 * 46 + 8
