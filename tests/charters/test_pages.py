"""Charters as the public sees them: the list, and a charter with commitments and results."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.charters.models import Charter, CharterStatus, CharterVersion, Source
from app.charters.services import current_version
from app.core.types import Period
from app.extensions import db
from app.indicators.models import Evaluation, Measurement, MeasurementStatus, Report
from tests.conftest import Page
from tests.factories import make_charter, make_service


def test_charters_list_links_every_published_charter(app, get_page, app_context, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOG_PAGE_SIZE", 4)
    published = db.session.scalars(
        select(Charter.slug).where(Charter.versions.any(status=CharterStatus.PUBLISHED))
    ).all()
    assert len(published) >= 15
    links, url, pages = [], "/es/cartas", 0
    while url:  # a page at a time, following "Siguiente"
        page = get_page(url)
        shown = [a["href"] for a in page.soup.select(".card-title a")]
        assert 0 < len(shown) <= 4
        links += shown
        pages += 1
        following = page.soup.select_one("nav.pagination a[rel=next]")
        url = following["href"] if following else None
    assert sorted(links) == sorted(f"/es/cartas/{slug}" for slug in published)
    assert pages == -(-len(published) // 4)
    assert f"{len(published)} cartas compromiso publicadas" in page.text()
    get_page(f"/es/cartas?page={pages + 1}", status=404)
    get_page("/es/cartas?page=x", status=404)


def test_each_charter_of_the_list_says_how_many_commitments_it_has(get_page, app_context):
    page = get_page("/es/cartas")
    cards = page.soup.select(".card")
    assert cards
    for card in cards:
        slug = card.select_one(".card-title a")["href"].rsplit("/", 1)[-1]
        count = len(current_version(slug).commitments)
        said = "1 compromiso" if count == 1 else f"{count} compromisos"
        assert f" {said} " in " ".join(card.select_one(".meta").get_text().split()) + " "


def test_charter_page_shows_commitments_targets_and_results_in_words(get_page, app_context):
    measurement = db.session.scalars(
        select(Measurement).where(Measurement.status == MeasurementStatus.NOT_MET)
    ).first()
    commitment = measurement.indicator.commitment
    charter = commitment.version.charter
    page = get_page(f"/es/cartas/{charter.slug}")
    version = current_version(charter.slug)
    assert len(page.soup.select("section.commitment")) == len(version.commitments)
    assert page.soup.find(string=lambda s: s and commitment.text["es"] in s)
    text = page.text()
    assert "Meta" in text and "Último resultado" in text
    # Met or not met is said in words, with a symbol; colour only repeats it.
    assert page.soup.select_one(".status-not_met").get_text(strip=True).endswith("No cumplido")
    assert page.soup.select_one(".status-met").get_text(strip=True).endswith("Cumplido")
    for heading in ("Si no cumplimos", "Sus derechos", "Sus obligaciones", "Cómo participar"):
        assert page.soup.find("h2", string=heading), heading
    complaints = page.soup.find("h2", string="Cómo presentar una queja o reclamación")
    assert complaints.find_next("p").get_text() == version.complaint_procedure["es"]


def test_charter_results_history_is_a_table_per_indicator(get_page, app_context):
    charter = db.session.scalars(select(Charter).order_by(Charter.slug)).first()
    page = get_page(f"/es/cartas/{charter.slug}")
    table = page.soup.select_one(".indicator table")
    assert table.find("caption")
    assert len(table.select("tbody tr")) >= 4  # at least the four quarters of the demo
    assert table.select_one("tbody th[scope=row]").text.startswith("trimestre")


def test_gender_equality_charters_of_seed_001_are_published(get_page):
    text = get_page("/es/cartas").text().lower()
    for topic in ("jurídica", "psicológica", "autoempleo"):
        assert topic in text


def test_a_new_version_replaces_the_old_one_and_says_so(empty_app):
    service = make_service("Servicio con dos versiones")
    charter = make_charter([service], status=CharterStatus.ARCHIVED, number=1)
    make_charter([service], number=2, charter=charter)
    db.session.commit()
    page = empty_app.test_client().get(f"/es/cartas/{charter.slug}").get_data(as_text=True)
    assert "Compromiso de la versión 2" in page
    assert "Compromiso de la versión 1" not in page
    assert "sustituye a una versión anterior" in page


def test_the_list_counts_each_charter_in_force_once(empty_app):
    """Two published versions started (the newer one in force), one scheduled for later, a
    draft, a replaced version: each charter is listed and counted once, with its version in
    force; a charter whose only version starts later is neither."""
    service = make_service("Servicio con varias versiones")
    both = make_charter([service], number=1)
    make_charter([service], number=2, charter=both)
    later = make_charter([service], number=1)
    make_charter([service], number=2, charter=later)
    replaced = make_charter([service], status=CharterStatus.ARCHIVED, number=1)
    make_charter([service], number=2, charter=replaced)
    make_charter([service], status=CharterStatus.DRAFT, number=3, charter=replaced)
    not_yet = make_charter([service], number=1)
    db.session.flush()
    for version in (later.versions[-1], not_yet.versions[0]):
        version.valid_from = date(2099, 1, 1)
    db.session.commit()
    page = Page(empty_app.test_client().get("/es/cartas"))
    assert page.soup.select_one("#charters-count").get_text() == "3 cartas compromiso publicadas"
    shown = [a["href"] for a in page.soup.select(".card-title a")]
    assert sorted(shown) == sorted(f"/es/cartas/{c.slug}" for c in (both, later, replaced))


def test_a_draft_charter_is_not_public(empty_app):
    service = make_service("Servicio con borrador")
    charter = make_charter([service], status=CharterStatus.DRAFT)
    db.session.commit()
    client = empty_app.test_client()
    assert client.get(f"/es/cartas/{charter.slug}").status_code == 404
    assert charter.slug not in client.get("/es/cartas").get_data(as_text=True)
    service_page = client.get(f"/es/servicios/{service.slug}").get_data(as_text=True)
    assert "Este servicio tiene carta compromiso" not in service_page


def test_unknown_charter_is_a_404(get_page):
    assert get_page("/en/cartas/no-such-charter", status=404).lang == "en"


def test_versions_are_unique_per_charter(empty_app):
    import pytest
    from sqlalchemy.exc import IntegrityError

    charter = make_charter([make_service()])
    db.session.commit()
    db.session.add(
        CharterVersion(
            charter=charter,
            number=1,
            status=CharterStatus.DRAFT,
            valid_from=charter.versions[0].valid_from,
            purpose={"es": "x"},
            rights={"es": "x"},
            obligations={"es": "x"},
            participation_channels={"es": "x"},
            compensation_measures={"es": "x"},
            responsible_unit={"es": "x"},
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def add_results(indicator, periods) -> None:
    """A met survey result of ``indicator`` in each of ``periods``."""
    for period in periods:
        db.session.add(
            Measurement(
                indicator=indicator,
                period=period,
                value=Decimal(95),
                status=MeasurementStatus.MET,
                source=Source.SURVEY,
                recorded_at=datetime(2026, 1, 1),
            )
        )


@pytest.mark.parametrize(("quarters", "rows"), [(5, 5), (8, 8), (9, 8), (12, 8)])
def test_a_results_table_shows_the_periods_of_its_chart(empty_app, quarters, rows):
    """Years of results made a charter page too long for a phone: its chart and table show the
    latest eight periods and say where the earlier ones are."""
    charter = make_charter([make_service()])
    db.session.flush()
    indicator = charter.versions[0].commitments[0].indicators[0]
    periods = [Period(2023 + n // 4, "T", n % 4 + 1) for n in range(quarters)]
    add_results(indicator, periods)
    db.session.commit()
    page = Page(empty_app.test_client().get(f"/es/cartas/{charter.slug}"))
    table = page.soup.select_one(f"#chart-{indicator.id}-caption").find_parent("table")
    shown = [row.th.get_text(strip=True) for row in table.tbody.select("tr")]
    assert len(shown) == rows
    assert shown[0] == f"trimestre {periods[-1].index} de {periods[-1].year}"
    assert len(page.soup.select(f"#chart-{indicator.id}-title ~ rect.bar")) == rows
    earlier = "los anteriores están en los informes de la carta"
    assert (earlier in page.text()) is (quarters > 8)


def test_each_indicator_reads_its_own_latest_results(empty_app):
    """A charter page reads a few results per indicator however long their history: each
    indicator its own latest, not the latest of all together."""
    from app.indicators.services.outcomes import measurement_history

    charters = [make_charter([make_service()]), make_charter([make_service()])]
    db.session.flush()
    first, second = (c.versions[0].commitments[0].indicators[0] for c in charters)
    periods = [Period(2020 + n // 4, "T", n % 4 + 1) for n in range(12)]
    add_results(first, periods)
    add_results(second, periods[:5])
    db.session.commit()
    history = measurement_history([first.id, second.id], latest=3)
    assert [m.period for m in history[first.id]] == periods[11:8:-1]
    assert [m.period for m in history[second.id]] == periods[4:1:-1]
    assert len(measurement_history([first.id])[first.id]) == 12


def test_a_charter_page_links_its_publications_without_reading_them(
    get_page, app_context, count_queries
):
    """Each report and evaluation holds its whole publication: the charter's page lists them,
    and reads their quarter or year and revision only, as it reads of its services only what
    it shows of them (a service's row is the catalog's widest)."""
    evaluation = db.session.scalars(select(Evaluation)).first()
    charter = db.session.get(Charter, evaluation.charter_id)
    reports = db.session.scalars(select(Report).filter_by(charter_id=charter.id)).all()
    assert reports and charter.services
    db.session.expunge_all()  # the page reads them again, as a request does
    with count_queries() as statements:
        page = get_page(f"/es/cartas/{charter.slug}")
    for report in reports:
        assert page.soup.select_one(f'a[href="/es/cartas/{charter.slug}/informes/{report.period}"]')
    assert page.soup.select_one(f'a[href="/es/cartas/{charter.slug}/evaluacion/{evaluation.year}"]')
    for service in charter.services:
        if service.retired_on is None:
            link = page.soup.select_one(f'a[href="/es/servicios/{service.slug}"]')
            assert link.get_text(strip=True) == service.name["es"]
    read = " ".join(statements)
    assert "reports.content" not in read and "evaluations.content" not in read
    assert "services.description" not in read and "services.applicants" not in read
    assert "reports.period" in read and "evaluations.year" in read
