"""Only public data leaves through /api/v1: no personal data, no drafts, reports as published."""

import re

import pytest
from sqlalchemy import select

from app.catalog.models import Office, Service
from app.charters.models import Charter, CharterStatus, CharterVersion, Commitment, Indicator
from app.core.clock import local_today
from app.extensions import db
from app.feedback.models import EventKind, Feedback, FeedbackEvent, SurveyResponse
from app.indicators.models import Measurement
from app.staff.models import User
from tests.api.conftest import CORRECTION_NOTE, PRIVATE_MARKERS, REPORT_PERIOD, all_rows
from tests.factories import make_charter, make_service

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def every_response(client):
    """(path, text) of every answer the API can give on this data: the index, the document,
    every page of every list, every CSV file and the first and last item of each resource."""
    document = client.get("/api/v1/openapi.json")
    yield "/api/v1/openapi.json", document.get_data(as_text=True)
    yield "/api/v1/", client.get("/api/v1/").get_data(as_text=True)
    for template in document.get_json()["paths"]:
        match = re.match(r"^/([a-z-]+)(\.csv|/\{(?:key|id)\})?$", template)
        if match is None:
            continue
        name, suffix = match[1], match[2]
        if suffix == ".csv":
            response = client.get(f"/api/v1/{name}.csv")
            assert response.status_code == 200
            yield template, response.get_data(as_text=True)
        elif suffix is None:
            url, ids = f"/api/v1/{name}?per_page=500", []
            while url:
                response = client.get(url)
                assert response.status_code == 200
                yield url, response.get_data(as_text=True)
                # Rows are named by id; work programs by their slug.
                ids += [row.get("id", row.get("slug")) for row in response.get_json()["data"]]
                url = response.get_json()["links"]["next"]
            for item_id in {ids[0], ids[-1]} if ids else ():
                response = client.get(f"/api/v1/{name}/{item_id}")
                assert response.status_code == 200
                yield f"/api/v1/{name}/{item_id}", response.get_data(as_text=True)


def private_texts() -> set[str]:
    """Everything personal or internal in the database: staff, citizens' texts and contact
    data, folios, answers, event notes, survey comments, evidence of measurements."""
    texts = set()
    for user in db.session.scalars(select(User)):
        texts |= {user.name, user.email}
    for item in db.session.scalars(select(Feedback)):
        texts |= {item.folio, item.text, item.contact_name, item.contact_email}
        texts |= {item.contact_phone, item.public_response, item.incident_place, item.remedy}
    # A claim linked to a commitment quotes the commitment's public text in its event.
    notes = select(FeedbackEvent.note).where(FeedbackEvent.kind != EventKind.COMMITMENT_LINKED)
    texts |= set(db.session.scalars(notes))
    texts |= set(db.session.scalars(select(SurveyResponse.comment)))
    texts |= set(db.session.scalars(select(Measurement.evidence_note)))
    texts |= set(db.session.scalars(select(Measurement.evidence_filename)))
    return {text for text in texts if text}


def published_addresses() -> set[str]:
    """The institution's own e-mail addresses that its published charters print (contact
    channels, responsible units) and its catalog (offices, the mailboxes of the public servants
    responsible for each service, which the law asks to publish): public, unlike any person's
    address."""
    addresses = set(db.session.scalars(select(Office.email).where(Office.email.is_not(None))))
    addresses |= set(
        db.session.scalars(select(Service.contact_email).where(Service.contact_email.is_not(None)))
    )
    versions = select(CharterVersion).where(CharterVersion.status != CharterStatus.DRAFT)
    for version in db.session.scalars(versions):
        for field in ("participation_channels", "responsible_unit"):
            for text in getattr(version, field).values():
                addresses |= set(EMAIL.findall(text))
    return addresses


@pytest.mark.parametrize("which", ["demo", "with private rows"])
def test_no_response_carries_personal_or_internal_data(request, which):
    application = request.getfixturevalue("app" if which == "demo" else "full_app")
    with application.app_context():
        texts = private_texts()
        institutional = published_addresses()
    assert any(text.startswith("SQR-") for text in texts), "the data has feedback to hide"
    assert not institutional & texts, "no person's address is among the institution's"
    markers = [*PRIVATE_MARKERS, *texts]
    scanned = 0
    for where, body in every_response(application.test_client()):
        scanned += 1
        for address in institutional:
            body = body.replace(address, "")
        for marker in markers:
            assert marker not in body, (where, marker)
    assert scanned > 20


def test_drafts_never_appear(full_app, full_client):
    with full_app.app_context():
        drafts = select(CharterVersion.id).where(CharterVersion.status == CharterStatus.DRAFT)
        versions = set(db.session.scalars(drafts))
        commitments = set(
            db.session.scalars(select(Commitment.id).where(Commitment.version_id.in_(drafts)))
        )
        indicators = set(
            db.session.scalars(
                select(Indicator.id).join(Commitment).where(Commitment.version_id.in_(drafts))
            )
        )
        measurements = set(
            db.session.scalars(
                select(Measurement.id).where(Measurement.indicator_id.in_(indicators))
            )
        )
        draft_only = db.session.scalar(
            select(Charter.slug).where(~Charter.versions.any(CharterVersion.status != "draft"))
        )
    assert versions and commitments and indicators and measurements and draft_only

    hidden = {
        "charter-versions": versions,
        "commitments": commitments,
        "indicators": indicators,
        "measurements": measurements,
    }
    for name, ids in hidden.items():
        listed = {row["id"] for row in all_rows(full_client, name)}
        assert listed and not listed & ids, name
        for item_id in ids:
            assert full_client.get(f"/api/v1/{name}/{item_id}").status_code == 404
        csv_ids = {
            line.split(",", 1)[0]
            for line in full_client.get(f"/api/v1/{name}.csv").get_data(as_text=True).split()
        }
        assert not csv_ids & {str(i) for i in ids}, name

    assert full_client.get(f"/api/v1/charters/{draft_only}").status_code == 404
    charters = all_rows(full_client, "charters")
    assert draft_only not in {charter["slug"] for charter in charters}
    assert all(charter["status"] != "draft" for charter in charters)
    assert full_client.get("/api/v1/commitments?status=draft").status_code == 400


def test_a_charter_shows_its_published_version_not_its_newer_draft(full_app, full_client):
    with full_app.app_context():
        charter = db.session.scalar(select(Charter).order_by(Charter.id))
        # The version in force: published and started (not the one approved from 2027).
        published = max(
            v.number
            for v in charter.versions
            if v.status is CharterStatus.PUBLISHED and v.valid_from <= local_today()
        )
        slug = charter.slug
        assert charter.versions[-1].status is CharterStatus.DRAFT
    row = full_client.get(f"/api/v1/charters/{slug}").get_json()["data"]
    assert (row["version"], row["status"]) == (published, "published")
    assert "DRAFT-ONLY" not in str(row)


def test_reports_publish_every_revision_with_its_note_and_snapshot(full_app, full_client):
    with full_app.app_context():
        slug = db.session.scalar(select(Charter.slug).order_by(Charter.id))
    body = full_client.get(f"/api/v1/reports?charter={slug}&period={REPORT_PERIOD}").get_json()
    reports = body["data"]
    assert [(r["revision"], r["note"]) for r in reports] == [(1, None), (2, CORRECTION_NOTE)]
    assert all(r["period"] == str(REPORT_PERIOD) and r["charter"] == slug for r in reports)
    assert reports[1]["content"]["revision"] == 2
    assert reports[1]["content"]["actions"][0]["action"] == "Se abrió otra ventanilla."
    assert reports[0]["published_at"] < reports[1]["published_at"]
    assert full_client.get("/api/v1/reports?period=2025-T1").get_json()["data"] == []
    assert "published_by" not in reports[0]


def test_a_charter_no_longer_in_force_shows_its_last_archived_version(empty_app):
    service = make_service()
    in_force = make_charter([service])
    make_charter([service], CharterStatus.ARCHIVED, number=2, charter=in_force)
    retired = make_charter([service], CharterStatus.ARCHIVED)
    make_charter([service], CharterStatus.ARCHIVED, number=2, charter=retired)
    make_charter([service], CharterStatus.DRAFT, number=3, charter=retired)
    never = make_charter([service], CharterStatus.DRAFT)
    db.session.commit()
    client = empty_app.test_client()
    charters = {row["slug"]: row for row in all_rows(client, "charters")}
    assert set(charters) == {in_force.slug, retired.slug}
    assert (charters[in_force.slug]["version"], charters[in_force.slug]["status"]) == (
        1,
        "published",
    )
    assert (charters[retired.slug]["version"], charters[retired.slug]["status"]) == (
        2,
        "archived",
    )
    versions = all_rows(client, "charter-versions", f"charter={retired.slug}")
    assert [(v["number"], v["status"]) for v in versions] == [(1, "archived"), (2, "archived")]
    assert client.get(f"/api/v1/charters/{never.slug}").status_code == 404
