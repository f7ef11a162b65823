"""The public results page, and the latest compliance the catalog shows for each charter: the
figures are checked against a recount of the Measurement rows done here."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from app.catalog.models import Service
from app.charters.models import (
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Indicator,
    Periodicity,
)
from app.core.clock import local_today
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Measurement, MeasurementStatus, QuarterCompliance
from app.indicators.services import results as indicator_results
from app.indicators.services.engine import record_measurement
from app.indicators.services.results import (
    Compliance,
    charter_results,
    charters_with_results,
    latest_compliance,
)
from tests.conftest import Page, make_app
from tests.factories import make_charter, make_dependency, make_service

JUDGED = {MeasurementStatus.MET, MeasurementStatus.NOT_MET}


def today(app) -> date:
    with app.app_context():
        return local_today()


def measurements(app):
    """Every (charter, version number, period, status) of non-draft versions."""
    with app.app_context():
        rows = db.session.scalars(
            select(Measurement).options(
                selectinload(Measurement.indicator)
                .selectinload(Indicator.commitment)
                .selectinload(Commitment.version)
                .selectinload(CharterVersion.charter)
            )
        ).all()
        return [
            (
                m.indicator.commitment.version.charter.slug,
                m.indicator.commitment.version.number,
                m.period,
                m.status,
            )
            for m in rows
            if m.indicator.commitment.version.status is not CharterStatus.DRAFT
        ]


def recount(app, period: Period) -> dict[str, Counter]:
    """Statuses per charter slug in ``period``, for the latest version measured then; each
    indicator of that version without a result then counts as no data (the demo's indicators
    are all quarterly)."""
    rows = [row for row in measurements(app) if row[2] == period]
    latest = {}
    for slug, number, _period, _status in rows:
        latest[slug] = max(latest.get(slug, 0), number)
    counts: dict[str, Counter] = {}
    for slug, number, _period, status in rows:
        if number == latest[slug]:
            counts.setdefault(slug, Counter())[status] += 1
    with app.app_context():
        for slug, number in latest.items():
            version = db.session.scalar(
                select(CharterVersion)
                .join(Charter)
                .where(Charter.slug == slug, CharterVersion.number == number)
            )
            every = sum(len(commitment.indicators) for commitment in version.commitments)
            counts[slug][MeasurementStatus.NO_DATA] += every - sum(counts[slug].values())
    return counts


def published_slugs(app) -> set[str]:
    with app.app_context():
        return set(
            db.session.scalars(
                select(Charter.slug).where(
                    Charter.versions.any(CharterVersion.status == CharterStatus.PUBLISHED)
                )
            )
        )


def table(page: Page) -> dict[str, list[int]]:
    """The results table: charter slug → [met, not met, no data, provisional]."""
    rows = {}
    for row in page.soup.select("#results tbody tr"):
        slug = row.select_one("th a")["href"].rsplit("/", 1)[-1]
        rows[slug] = [int(td.get_text(strip=True)) for td in row.select("td")]
    return rows


def figures(counter: Counter) -> list[int]:
    return [
        counter[MeasurementStatus.MET],
        counter[MeasurementStatus.NOT_MET],
        counter[MeasurementStatus.NO_DATA],
        counter[MeasurementStatus.PROVISIONAL],
    ]


def test_the_default_period_is_the_latest_finished_quarter_with_results(app, get_page):
    current = Period.quarter_of(today(app))
    published = published_slugs(app)
    expected = max(
        period
        for slug, _n, period, status in measurements(app)
        if slug in published and period.kind == "T" and period < current and status in JUDGED
    )
    page = get_page("/es/resultados")
    assert page.soup.select_one("#periodo option[selected]")["value"] == str(expected)
    assert f"trimestre {expected.index} de {expected.year}" in page.soup.caption.get_text()
    assert set(table(page)) == published  # every published charter has a row


@pytest.mark.parametrize("period", ["2025-T1", "2025-T4", "2026-T3"])
def test_counts_per_charter_equal_a_recount_of_the_measurements(app, get_page, period):
    expected = recount(app, Period.parse(period))
    rows = table(get_page(f"/es/resultados?periodo={period}"))
    assert rows == {slug: figures(expected.get(slug, Counter())) for slug in rows}
    assert any(sum(counts[:2]) for counts in rows.values())


def test_the_dependency_filter_includes_its_children(app, get_page):
    with app.app_context():
        charters = db.session.scalars(select(Charter)).all()
        owners = {charter.dependency for charter in charters}
        parent = next(d for d in owners if d.parent is not None).parent
        family = {parent.id} | {child.id for child in parent.children}
        expected = {c.slug for c in charters if c.dependency_id in family} & published_slugs(app)
        from_children = {c.slug for c in charters if c.dependency_id in family - {parent.id}}
        slug = parent.slug
    rows = table(get_page(f"/es/resultados?dependencia={slug}"))
    assert set(rows) == expected
    assert from_children & set(rows), "the demo has charters of a child dependency"


def all_met(c: Counter) -> bool:
    return c[MeasurementStatus.MET] > 0 and c.total() == c[MeasurementStatus.MET]


def some_not_met(c: Counter) -> bool:
    return c[MeasurementStatus.NOT_MET] > 0


def no_data(c: Counter) -> bool:
    return not (
        c[MeasurementStatus.MET] + c[MeasurementStatus.NOT_MET] + c[MeasurementStatus.PROVISIONAL]
    )


@pytest.mark.parametrize(
    "choice, matches",
    [("todos_cumplidos", all_met), ("alguno_incumplido", some_not_met), ("sin_datos", no_data)],
)
def test_the_compliance_filter(app, get_page, choice, matches):
    for period in ("2024-T3", "2025-T4", "2026-T3"):
        counts = recount(app, Period.parse(period))
        expected = {s for s in published_slugs(app) if matches(counts.get(s, Counter()))}
        rows = table(get_page(f"/es/resultados?periodo={period}&cumplimiento={choice}"))
        assert set(rows) == expected, period


def test_every_compliance_filter_finds_charters_in_the_demo(app, get_page):
    found = {
        choice: table(get_page(f"/es/resultados?periodo={period}&cumplimiento={choice}"))
        for choice, period in [
            ("todos_cumplidos", "2026-T3"),
            ("alguno_incumplido", "2026-T3"),
            ("sin_datos", "2024-T3"),
        ]
    }
    assert all(found.values()), {choice: len(rows) for choice, rows in found.items()}


@pytest.mark.parametrize(
    "query, field",
    [
        ("periodo=2031-T1", "periodo"),
        ("periodo=trimestre", "periodo"),
        ("periodo=2025-T9", "periodo"),
        ("dependencia=no-existe", "dependencia"),
        ("cumplimiento=casi", "cumplimiento"),
    ],
)
def test_a_bad_filter_is_a_400_with_the_error_next_to_the_field(get_page, query, field):
    page = get_page(f"/es/resultados?{query}", status=400)
    assert page.title.startswith("Error:")
    summary = page.soup.select(".error-summary a")
    assert [a["href"] for a in summary] == [f"#{field}"]
    assert page.soup.select_one(f"#{field}-error")
    assert page.soup.select_one(f"#{field}")["aria-invalid"] == "true"
    assert table(page), "the results of the valid filters are still shown"


def test_htmx_gets_only_the_results_and_the_count(client):
    response = client.get(
        "/es/resultados?periodo=2026-T3&cumplimiento=alguno_incumplido",
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert 'id="results-count"' in html and "hx-swap-oob" in html
    assert "<table" in html
    assert "HX-Request" in response.headers["Vary"]


def test_the_results_page_in_every_language(get_page):
    for lang in ("es", "en", "nah"):
        page = get_page(f"/{lang}/resultados")
        assert page.lang == lang
        assert table(page)


def test_charter_links_lead_to_the_charter_pages(app, get_page):
    page = get_page("/en/resultados")
    link = page.soup.select_one("#results tbody th a")["href"]
    assert link.startswith("/en/cartas/")
    get_page(link)


# --- The latest compliance in the catalog and on a service's page ----------------------------


def latest_recount(app) -> dict[str, tuple[Period, int, int]]:
    """Per charter: its latest finished quarter with a judged result, and (met, total) then."""
    current = Period.quarter_of(today(app))
    latest = {}
    for slug, _n, period, status in measurements(app):
        if period.kind == "T" and period < current and status in JUDGED:
            latest[slug] = max(latest.get(slug, period), period)
    result = {}
    for slug, period in latest.items():
        counts = recount(app, period)[slug]
        result[slug] = (period, counts[MeasurementStatus.MET], counts.total())
    return result


def sentence(period: Period, met: int, total: int) -> str:
    return f"{met} de {total} indicadores cumplidos en el trimestre {period.index} de {period.year}"


def test_the_catalog_shows_each_charters_latest_compliance(app, get_page):
    expected = latest_recount(app)
    page = get_page("/es/servicios?con_carta=si")
    lines = page.soup.select("#results .charter-compliance")
    assert lines
    for line in lines:
        slug = line.a["href"].rsplit("/", 1)[-1]
        text = " ".join(line.get_text(" ").split())
        assert sentence(*expected[slug]) in text, text


def test_a_service_page_shows_its_charters_latest_compliance(app, get_page):
    expected = latest_recount(app)
    with app.app_context():
        service = db.session.scalar(
            select(Service.slug).where(Service.charters.any()).order_by(Service.slug)
        )
    page = get_page(f"/es/servicios/{service}")
    items = page.soup.select("#charter-callout + ul li")
    assert items
    for item in items:
        slug = item.a["href"].rsplit("/", 1)[-1]
        assert sentence(*expected[slug]) in " ".join(item.get_text(" ").split())


def results(period, **filters):
    """Every charter's results in ``period``, as the results page lists them (all pages)."""
    charters = db.session.scalars(charters_with_results(period, **filters)).all()
    return charter_results(period, charters)


def test_service_functions_agree_with_the_pages(app):
    with app.app_context():
        rows = results(Period.parse("2026-T3"))
        compliance = latest_compliance([row.charter.id for row in rows])
    assert rows and compliance
    assert all(
        c.total == c.met + c.not_met + c.no_data + c.provisional for c in compliance.values()
    )


def test_the_pages_work_before_any_result_or_feedback(empty_app):
    client = empty_app.test_client()
    for path in ("/es/resultados", "/es/tablero", "/nah/tablero?dependencia="):
        page = Page(client.get(path))
        assert page.status == 200, path
        page.check_structure()
    assert "Todavía no hay resultados publicados." in client.get("/es/resultados").text


def test_a_version_change_within_a_quarter_counts_the_latest_version_only(empty_app):
    parent = make_dependency("Secretaría")
    grandchild = make_dependency("Oficialía", parent=make_dependency("Registro", parent=parent))
    charter = make_charter([make_service(dependency=grandchild)], CharterStatus.ARCHIVED)
    make_charter(charter.services, CharterStatus.PUBLISHED, number=2, charter=charter)
    make_charter(charter.services, CharterStatus.DRAFT, number=3, charter=charter)
    other = make_charter([make_service()])
    db.session.flush()
    quarter = Period(2025, "T", 1)
    old, new, draft = (v.commitments[0].indicators[0] for v in charter.versions)
    record_measurement(old, quarter, 10, 50)  # not met, but replaced by version 2
    record_measurement(new, quarter, 49, 50)  # met
    record_measurement(draft, quarter, 1, 50)  # a draft never counts
    record_measurement(other.versions[0].commitments[0].indicators[0], quarter, 1, 50)
    db.session.commit()

    rows = {row.charter.slug: row.counts for row in results(quarter)}
    assert (rows[charter.slug].met, rows[charter.slug].total) == (1, 1)
    assert (rows[other.slug].not_met, rows[other.slug].total) == (1, 1)
    in_parent = results(quarter, dependency_id=parent.id)
    assert [row.charter.slug for row in in_parent] == [charter.slug]  # a grandchild's charter
    assert [r.charter.slug for r in results(quarter, compliance=Compliance.ALL_MET)] == [
        charter.slug
    ]
    assert [r.charter.slug for r in results(Period(2025, "T", 2))] == sorted(
        [charter.slug, other.slug]
    )  # a quarter without results lists every published charter, without data
    assert all(
        r.counts.total == 0 for r in results(Period(2025, "T", 2), compliance=Compliance.NO_DATA)
    )
    latest = latest_compliance([charter.id, other.id], today=date(2025, 5, 1))
    assert (latest[charter.id].period, latest[charter.id].met, latest[charter.id].total) == (
        quarter,
        1,
        1,
    )
    assert latest_compliance([charter.id], today=date(2025, 3, 1)) == {}  # not finished yet


def test_the_navigation_and_the_home_page_lead_to_results_and_dashboard(get_page):
    for lang, results, dashboard in [
        ("es", "Resultados", "Tablero"),
        ("en", "Results", "Dashboard"),
    ]:
        page = get_page(f"/{lang}/resultados")
        nav = page.soup.select_one(".main-nav")
        assert nav.find("a", string=results)["href"] == f"/{lang}/resultados"
        assert nav.find("a", string=results)["aria-current"] == "page"
        assert nav.find("a", string=dashboard)["href"] == f"/{lang}/tablero"
    home = get_page("/es/")
    main = home.soup.select_one("main")
    assert main.find("a", href=lambda href: href and href.startswith("/es/resultados?periodo="))
    assert main.find("a", href="/es/tablero")


def test_the_results_are_listed_a_page_at_a_time_keeping_the_filters(app, get_page, monkeypatch):
    monkeypatch.setitem(app.config, "RESULTS_PAGE_SIZE", 2)
    published = published_slugs(app)
    pages = -(-len(published) // 2)
    assert pages > 1
    first = get_page("/es/resultados")
    assert len(table(first)) == 2
    count = first.soup.select_one("#results-count").get_text()
    assert f"{len(published)} cartas compromiso" in count  # all of them, not just this page
    seen = set()
    for number in range(1, pages + 1):
        rows = table(get_page(f"/es/resultados?page={number}"))
        assert len(rows) <= 2 and not seen & set(rows)
        seen |= set(rows)
    assert seen == published
    filtered = get_page("/es/resultados?periodo=2025-T4&cumplimiento=")
    following = filtered.soup.select_one("nav.pagination a[rel=next]")["href"]
    assert "periodo=2025-T4" in following and "page=2" in following
    for wrong in ("abc", "0", "-1", str(pages + 1), "99999999999"):
        get_page(f"/es/resultados?page={wrong}", status=404)


def test_the_quarter_figures_follow_every_change_of_a_result(empty_app):
    charter = make_charter([make_service()])
    db.session.flush()
    indicator = charter.versions[0].commitments[0].indicators[0]
    quarter = Period(2025, "T", 1)

    def counts():
        found = latest_compliance([charter.id], today=date(2025, 5, 1)).get(charter.id)
        return found and (found.met, found.not_met, found.no_data, found.provisional)

    assert counts() is None
    result = record_measurement(indicator, quarter, 49, 50)
    db.session.commit()
    assert counts() == (1, 0, 0, 0)
    result.status = MeasurementStatus.NOT_MET
    db.session.commit()
    assert counts() == (0, 1, 0, 0)
    db.session.delete(result)
    db.session.commit()
    assert counts() is None
    assert results(quarter)[0].counts.total == 0


def indicator_like(indicator: Indicator, position: int, periodicity: Periodicity) -> Indicator:
    """Another indicator of ``indicator``'s commitment, measured every ``periodicity``."""
    other = Indicator(
        position=position,
        name=indicator.name,
        kind=indicator.kind,
        numerator=indicator.numerator,
        denominator=indicator.denominator,
        target=indicator.target,
        comparator=indicator.comparator,
        unit=indicator.unit,
        periodicity=periodicity,
        source=indicator.source,
    )
    indicator.commitment.indicators.append(other)
    return other


def test_monthly_and_annual_indicators_count_in_their_quarter_with_their_worst_result(
    empty_app,
):
    """A charter whose monthly indicator missed one month of the quarter did not meet every
    indicator that quarter; an annual result counts in the year's last quarter, as in the
    quarter's report."""
    charter = make_charter([make_service()])
    version = charter.versions[0]
    quarterly = version.commitments[0].indicators[0]
    monthly = indicator_like(quarterly, 2, Periodicity.MONTHLY)
    annual = indicator_like(quarterly, 3, Periodicity.ANNUAL)
    db.session.flush()
    first, fourth = Period(2025, "T", 1), Period(2025, "T", 4)
    record_measurement(quarterly, first, 49, 50)  # met
    record_measurement(monthly, Period(2025, "M", 1), 49, 50)  # met
    record_measurement(monthly, Period(2025, "M", 2), 10, 50)  # not met
    record_measurement(monthly, Period(2025, "M", 3), 48, 50)  # met
    record_measurement(quarterly, fourth, 49, 50)
    for month in (10, 11, 12):
        record_measurement(monthly, Period(2025, "M", month), 49, 50)
    record_measurement(annual, Period(2025), 10, 50)  # not met
    db.session.commit()

    (row,) = results(first)
    assert (row.counts.met, row.counts.not_met, row.counts.total) == (1, 1, 2)
    assert results(first, compliance=Compliance.ALL_MET) == []
    assert [r.charter.slug for r in results(first, compliance=Compliance.SOME_NOT_MET)] == [
        charter.slug
    ]
    (row,) = results(fourth)
    assert (row.counts.met, row.counts.not_met, row.counts.total) == (2, 1, 3)

    # A month changed later changes its quarter's figures (the nightly run, a correction).
    february = db.session.scalar(
        select(Measurement).where(
            Measurement.indicator_id == monthly.id, Measurement.period == Period(2025, "M", 2)
        )
    )
    february.status = MeasurementStatus.MET
    db.session.commit()
    (row,) = results(first)
    assert (row.counts.met, row.counts.not_met) == (2, 0)
    assert [r.charter.slug for r in results(first, compliance=Compliance.ALL_MET)] == [charter.slug]


def test_an_indicator_without_a_result_or_a_month_without_data_is_never_counted_as_met(
    empty_app,
):
    """A manual indicator nobody recorded, or a month without data, keeps a charter from
    meeting every indicator in the quarter: they count as no data."""
    charter = make_charter([make_service()])
    version = charter.versions[0]
    recorded = version.commitments[0].indicators[0]
    indicator_like(recorded, 2, Periodicity.QUARTERLY)  # never recorded
    monthly = indicator_like(recorded, 3, Periodicity.MONTHLY)
    db.session.flush()
    quarter = Period(2025, "T", 4)
    record_measurement(recorded, quarter, 49, 50)  # met
    record_measurement(monthly, Period(2025, "M", 10), 49, 50)  # met
    record_measurement(monthly, Period(2025, "M", 11), 0, 0)  # no data
    record_measurement(monthly, Period(2025, "M", 12), 49, 50)  # met
    db.session.commit()

    (row,) = results(quarter)
    assert (row.counts.met, row.counts.no_data, row.counts.total) == (1, 2, 3)
    assert results(quarter, compliance=Compliance.ALL_MET) == []
    text = Page(empty_app.test_client().get("/es/")).text()
    assert "se midieron 3 indicadores" in text and "2 indicadores: Sin datos" in text


def test_a_charter_in_force_without_any_result_counts_its_indicators_as_without_data(
    empty_app,
):
    """Nobody recorded the manual indicators of a charter in force in a quarter: the results
    page and the home page's overview count each of them as without data (an annual one only
    in the fourth quarter), instead of leaving the charter out of the figures. A charter not
    in force then (started later, or ended before) counts nothing."""
    silent = make_charter([make_service()])
    measured = make_charter([make_service()])
    later = make_charter([make_service()])
    ended = make_charter([make_service()])
    indicator_like(silent.versions[0].commitments[0].indicators[0], 2, Periodicity.ANNUAL)
    for charter, starts, ends in (
        (silent, date(2025, 1, 1), None),
        (measured, date(2025, 1, 1), None),
        (later, date(2025, 7, 1), None),
        (ended, date(2024, 1, 1), date(2025, 3, 31)),
    ):
        charter.versions[0].valid_from, charter.versions[0].valid_until = starts, ends
    db.session.flush()
    for quarter in (Period(2025, "T", 2), Period(2025, "T", 4)):
        record_measurement(measured.versions[0].commitments[0].indicators[0], quarter, 49, 50)
    db.session.commit()

    def no_data(quarter):
        return {row.charter.slug: row.counts.no_data for row in results(quarter)}

    assert no_data(Period(2025, "T", 2)) == {
        silent.slug: 1,
        measured.slug: 0,
        later.slug: 0,
        ended.slug: 0,
    }
    assert no_data(Period(2025, "T", 4)) == {  # the annual one is due too; ``later`` started
        silent.slug: 2,
        measured.slug: 0,
        later.slug: 1,
        ended.slug: 0,
    }
    without = results(Period(2025, "T", 2), compliance=Compliance.NO_DATA)
    assert silent.slug in {row.charter.slug for row in without}
    text = Page(empty_app.test_client().get("/es/")).text()
    assert "En el trimestre 4 de 2025 se midieron 4 indicadores de las cartas" in text
    assert "3 indicadores: Sin datos" in text and "1 indicador: Cumplido" in text


def test_the_home_page_sums_what_the_results_page_shows_after_a_version_is_replaced(empty_app):
    """The quarter's results were measured on the version then in force, archived since: the
    home page's overview counts them as the results page does."""
    charter = make_charter([make_service()], CharterStatus.ARCHIVED)
    make_charter(charter.services, CharterStatus.PUBLISHED, number=2, charter=charter)
    db.session.flush()
    quarter = Period(2025, "T", 4)
    record_measurement(charter.versions[0].commitments[0].indicators[0], quarter, 10, 50)
    db.session.commit()
    (row,) = results(quarter)
    assert (row.counts.not_met, row.counts.total) == (1, 1)
    text = Page(empty_app.test_client().get("/es/")).text()
    assert "En el trimestre 4 de 2025 se midió 1 indicador de las cartas" in text
    assert "1 indicador: No cumplido" in text


def test_the_home_page_leaves_out_the_results_of_charters_no_longer_published(empty_app):
    """A charter withdrawn since (its only version archived) was measured in the quarter: the
    results page no longer lists it, and the home page's overview does not count it either."""
    withdrawn = make_charter([make_service()], CharterStatus.ARCHIVED)
    published = make_charter([make_service()])
    db.session.flush()
    quarter = Period(2025, "T", 4)
    record_measurement(withdrawn.versions[0].commitments[0].indicators[0], quarter, 10, 50)
    record_measurement(published.versions[0].commitments[0].indicators[0], quarter, 49, 50)
    db.session.commit()
    assert [row.charter.id for row in results(quarter)] == [published.id]
    text = Page(empty_app.test_client().get("/es/")).text()
    assert "En el trimestre 4 de 2025 se midió 1 indicador de las cartas" in text
    assert "1 indicador: Cumplido" in text and "No cumplido" not in text


def test_the_application_factory_makes_the_quarter_figures_follow_the_results(tmp_path):
    """Importing the services registers nothing: the factory does, once however many apps."""
    listener = indicator_results._measurements_changed
    if event.contains(Session, "after_flush", listener):
        event.remove(Session, "after_flush", listener)  # registered by the apps built so far
    url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    make_app(url)
    application = make_app(url)
    with application.app_context():
        db.create_all()
        charter = make_charter([make_service()])
        db.session.flush()
        indicator = charter.versions[0].commitments[0].indicators[0]
        result = record_measurement(indicator, Period(2025, "T", 1), 49, 50)
        db.session.commit()
        assert db.session.scalars(select(QuarterCompliance.met)).all() == [1]
        result.status = MeasurementStatus.NOT_MET
        db.session.commit()
        assert db.session.scalars(select(QuarterCompliance.not_met)).all() == [1]
        db.session.remove()
        db.engine.dispose()


def test_a_monthly_indicator_missing_a_months_result_is_not_met_that_quarter(empty_app):
    """Two months met and the third never recorded: the quarter is no data, not met, on the
    results page, its filter and the charters' latest compliance."""
    charter = make_charter([make_service()])
    version = charter.versions[0]
    version.valid_from = date(2025, 1, 1)
    monthly = indicator_like(version.commitments[0].indicators[0], 2, Periodicity.MONTHLY)
    db.session.flush()
    quarter = Period(2025, "T", 1)
    record_measurement(version.commitments[0].indicators[0], quarter, 49, 50)  # met
    record_measurement(monthly, Period(2025, "M", 1), 49, 50)  # met
    record_measurement(monthly, Period(2025, "M", 2), 49, 50)  # met; March never recorded
    db.session.commit()
    (row,) = results(quarter)
    assert (row.counts.met, row.counts.no_data) == (1, 1)
    assert results(quarter, compliance=Compliance.ALL_MET) == []
    record_measurement(monthly, Period(2025, "M", 3), 49, 50)
    db.session.commit()
    (row,) = results(quarter)
    assert (row.counts.met, row.counts.no_data) == (2, 0)
