"""Archived charter versions as the public reads them, and what a version changed from the one
it replaced (commitments added and removed, targets changed)."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.charters.models import (
    Charter,
    CharterStatus,
    Commitment,
    Comparator,
    Indicator,
    IndicatorKind,
    Periodicity,
    Source,
    StandardIndicator,
    Unit,
)
from app.charters.services import current_version, previous_version, version_changes
from app.extensions import db
from tests.factories import es, make_charter, make_service


def _demo_charter_with_history() -> Charter:
    return db.session.scalars(
        select(Charter)
        .where(Charter.versions.any(status=CharterStatus.ARCHIVED))
        .order_by(Charter.slug)
    ).first()


def test_an_archived_version_is_readable_with_its_own_commitments(get_page, client, app_context):
    charter = _demo_charter_with_history()
    old, new = charter.versions[0], current_version(charter.slug)
    assert old.status is CharterStatus.ARCHIVED and new.status is CharterStatus.PUBLISHED
    page = get_page(f"/es/cartas/{charter.slug}/versiones/{old.number}")
    assert page.h1 == f"Versión {old.number}: {charter.title['es']}"
    shown = [p.get_text(strip=True) for p in page.soup.select(".commitment-text")]
    assert shown == [c.text["es"] for c in old.commitments]
    assert page.soup.select(".indicator table tbody tr")  # its results, measured back then
    notice = page.soup.select_one(".notice-archived")
    assert "ya no está vigente" in notice.get_text()
    assert notice.find("a", href=f"/es/cartas/{charter.slug}")["href"]
    assert "Vencida" not in page.text()  # replaced, not expired
    # A version from before charters said how to complain has no such section.
    assert not old.complaint_procedure
    assert "Cómo presentar una queja" not in page.text()
    # The version in force is the charter's own page; drafts and unknown numbers are not public.
    response = client.get(f"/es/cartas/{charter.slug}/versiones/{new.number}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/es/cartas/{charter.slug}")
    get_page(f"/es/cartas/{charter.slug}/versiones/{new.number + 1}", status=404)
    get_page(f"/es/cartas/{charter.slug}/versiones/0", status=404)
    get_page("/es/cartas/no-existe/versiones/1", status=404)


def test_drafts_are_not_public_and_a_replaced_version_is_readable(demo):
    service = make_service()
    charter = make_charter([service])
    make_charter([service], number=2, charter=charter)
    make_charter([service], status=CharterStatus.DRAFT, number=3, charter=charter)
    charter.versions[0].valid_until = date(2026, 1, 31)  # long over, but replaced: not expired
    db.session.commit()
    client = demo.test_client()
    assert client.get(f"/es/cartas/{charter.slug}/versiones/3").status_code == 404
    assert client.get(f"/es/cartas/{charter.slug}/versiones/2").status_code == 302
    # Version 1 is still marked published, but version 2 replaced it.
    replaced = client.get(f"/es/cartas/{charter.slug}/versiones/1")
    assert replaced.status_code == 200
    text = replaced.get_data(as_text=True)
    assert "ya no está vigente" in text and "Vencida" not in text
    assert "Compromiso de la versión 1" in text
    show = client.get(f"/es/cartas/{charter.slug}").get_data(as_text=True)
    assert f'href="/es/cartas/{charter.slug}/versiones/1"' in show
    assert "Compromiso de la versión 3" not in show


def test_charter_page_says_what_changed_and_links_the_previous_versions(get_page, app_context):
    charter = db.session.scalar(select(Charter).filter_by(slug="impuesto-predial"))
    page = get_page(f"/es/cartas/{charter.slug}")
    changes = page.soup.find(id="changes-heading").parent
    text = " ".join(changes.get_text().split())
    # The demo's version 2 adds the online payments commitment and shortens two thresholds.
    assert "Compromisos nuevos" in text and "al menos 35 % de los pagos" in text
    assert "Metas que cambiaron" in text
    assert "umbral de 20 minutos a 15 minutos" in text
    assert "Compromisos que ya no forman parte" not in text
    assert changes.find("a", href=f"/es/cartas/{charter.slug}/versiones/1")
    older = page.soup.find("h2", string="Versiones anteriores").find_next("ul")
    assert older.find("a", href=f"/es/cartas/{charter.slug}/versiones/1")
    # A first version has nothing to compare with.
    first = db.session.scalars(
        select(Charter).where(~Charter.versions.any(status=CharterStatus.ARCHIVED))
    ).first()
    assert get_page(f"/es/cartas/{first.slug}").soup.find(id="changes-heading") is None


def _indicator(name, target, standard=None, threshold=None):
    return Indicator(
        position=1,
        name=es(name),
        standard=standard,
        kind=IndicatorKind.SHARE_WITHIN,
        numerator=es("Casos"),
        denominator=es("Total"),
        threshold=threshold,
        threshold_unit=Unit.MINUTES if threshold else None,
        target=Decimal(target),
        comparator=Comparator.AT_LEAST,
        unit=Unit.PERCENT,
        periodicity=Periodicity.QUARTERLY,
        source=Source.MANUAL,
    )


def test_version_changes_finds_added_removed_and_changed_targets(demo):
    service = make_service()
    charter = make_charter([service])
    db.session.flush()
    old = charter.versions[0]
    old.status = CharterStatus.ARCHIVED
    old.commitments.clear()
    kept, reworded, dropped = (
        ("Le atenderemos pronto.", _indicator("Espera", 80, StandardIndicator.WAITING_TIME, 20)),
        ("Responderemos en 10 días.", _indicator("Respuesta a tiempo", 90)),
        ("Entregaremos un folleto.", _indicator("Folletos entregados", 100)),
    )
    for position, (text, indicator) in enumerate((kept, reworded, dropped), 1):
        commitment = Commitment(position=position, text=es(text))
        commitment.indicators.append(indicator)
        old.commitments.append(commitment)
    new = make_charter([service], number=2, charter=charter).versions[-1]
    new.commitments.clear()
    for position, (text, indicator) in enumerate(
        (
            # Same standard indicator, reworded, shorter threshold and a higher target.
            (
                "Le atenderemos en 15 minutos.",
                _indicator("Espera corta", 85, StandardIndicator.WAITING_TIME, 15),
            ),  # noqa: E501
            # Same indicator name, same target: kept unchanged.
            ("Responderemos en diez días hábiles.", _indicator("Respuesta a tiempo", 90)),
            ("Podrá pagar en línea.", _indicator("Pagos en línea", 35)),
        ),
        1,
    ):
        commitment = Commitment(position=position, text=es(text))
        commitment.indicators.append(indicator)
        new.commitments.append(commitment)
    db.session.commit()

    assert previous_version(new).id == old.id
    changes = version_changes(old, new)
    assert [c.text["es"] for c in changes.added] == ["Podrá pagar en línea."]
    assert [c.text["es"] for c in changes.removed] == ["Entregaremos un folleto."]
    [change] = changes.changed
    assert change.indicator.name["es"] == "Espera corta"
    assert (change.before.target, change.after.target) == (80, 85)
    assert change.target_changed and change.threshold_changed
    assert version_changes(old, old).added == [] and not version_changes(old, old)

    # The public page says so, in words.
    page = demo.test_client().get(f"/es/cartas/{charter.slug}")
    text = " ".join(page.get_data(as_text=True).split())
    assert current_version(charter.slug).id == new.id
    assert "Podrá pagar en línea." in text and "Entregaremos un folleto." in text
    assert (
        "Espera corta: meta de al menos 80 % a al menos 85 %; umbral de 20 minutos a 15 minutos"
        in text
    )  # noqa: E501
