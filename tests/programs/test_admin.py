"""Staff progress entry: scoped to the responsible unit, validated, audited."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.catalog.models import Dependency
from app.core.rules import RuleError
from app.core.types import Period
from app.extensions import db
from app.programs.models import Mechanism, Progress
from app.programs.services.importing import import_program
from app.programs.services.progress import find_mechanism, record_progress
from app.staff.models import AuditLog, Role
from app.staff.services import create_user
from tests.conftest import Page
from tests.factories import PASSWORD
from tests.test_html_validation import vnu_errors

UAS_INDICATOR = "/admin/programas/pat-2024/6"  # UAS, indicator, annual target ≥ 85 %
CAC_DELIVERABLE = "/admin/programas/pat-2024/10"  # CAC, deliverable


@pytest.fixture
def people(empty_app, pat_files):
    import_program(pat_files)

    def unit(slug):
        return db.session.scalar(select(Dependency).where(Dependency.slug == slug))

    uas, institution = unit("imss-bienestar-uas"), unit("imss-bienestar")
    return {
        role: create_user(f"{role}@example.org", role.title(), *spec, PASSWORD, **extra)
        for role, spec, extra in [
            ("admin", (Role.ADMIN,), {}),
            ("manager", (Role.MANAGER,), {"dependency": uas}),
            ("viewer", (Role.VIEWER,), {"dependency": uas}),
            ("head", (Role.MANAGER,), {"dependency": institution}),
        ]
    }


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_staff_see_only_the_mechanisms_of_their_unit(empty_app, people, signed_in):
    manager = signed_in(people["manager"])
    listing = page(manager.get("/admin/programas/pat-2024"))
    codes = [a.get_text() for a in listing.select("tbody th a")]
    assert len(codes) == 46 and "Indicador 6" in codes
    assert manager.get(UAS_INDICATOR).status_code == 200
    assert manager.get(CAC_DELIVERABLE).status_code == 404
    assert manager.post(CAC_DELIVERABLE, data={"periodo": "2024-T3"}).status_code == 404
    head = signed_in(people["head"])  # the institution and all its units
    assert len(page(head.get("/admin/programas/pat-2024")).select("tbody tr")) == 104


def test_recording_progress_is_validated_saved_and_audited(empty_app, people, signed_in):
    manager = signed_in(people["manager"])
    response = manager.post(
        UAS_INDICATOR,
        data={
            "periodo": "2024-T3",
            "valor": "88.5",
            "evidencia": "https://example.org/e.pdf",
            "fecha": "2024-10-10",
            "nota": "Corte al 30 de septiembre",
        },  # fmt: skip
    )
    assert response.status_code == 303
    progress = db.session.scalar(
        select(Progress).where(Progress.period == "2024-T3", Progress.value == 88.5)
    )
    assert progress.recorded_by.email == "manager@example.org"
    shown = page(manager.get(response.headers["Location"]))
    assert "En meta" in shown.get_text()
    entry = db.session.scalar(
        select(AuditLog).where(AuditLog.action == "program.progress_recorded")
    )
    assert entry.user.email == "manager@example.org"
    assert entry.detail["after"]["value"] == "88.50" and "before" not in entry.detail

    # A correction replaces the value and keeps the previous one in the audit log.
    manager.post(UAS_INDICATOR, data={"periodo": "2024-T3", "valor": "70", "nota": "Revisado"})
    corrections = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "program.progress_recorded")
    ).all()
    assert corrections[-1].detail["before"]["value"] == "88.50"
    assert db.session.scalar(select(Progress.value).where(Progress.period == "2024-T3")) == 70


BAD_PROGRESS = [
    ({"periodo": "2024-T3"}, "valor", "Escriba el valor alcanzado (un número)."),
    (
        {"periodo": "2024-T3", "valor": "mucho"},
        "valor",
        "Escriba un número de 0 en adelante, como 87.5.",
    ),
    # Never rounded the flattering way (84.995 read 85 against "at least 85"), nor 1,5 as 15.
    ({"periodo": "2024-T3", "valor": "84.995"}, "valor", "Escriba como máximo dos decimales."),
    (
        {"periodo": "2024-T3", "valor": "1,5"},
        "valor",
        "Escriba los decimales con punto, por ejemplo 1.5.",
    ),
    (
        {"periodo": "T3", "valor": "1"},
        "periodo",
        "Escriba un periodo como 2024, 2024-T2 (trimestre) o 2024-M07 (mes).",
    ),
    (
        {"periodo": "2025-T1", "valor": "1"},
        "periodo",
        "El periodo debe ser del año del programa (2024).",
    ),
    (
        {"periodo": "2024", "valor": "1", "evidencia": "ftp://x"},
        "evidencia",
        "Escriba una dirección que empiece con https:// o http://.",
    ),
    (
        {"periodo": "2024", "valor": "1", "fecha": "10/10/2024"},
        "fecha",
        "Escriba la fecha como año-mes-día, por ejemplo 2024-07-15.",
    ),
    (
        {"periodo": "2024", "valor": "1", "fecha": "2999-07-15"},
        "fecha",
        "La fecha no puede ser posterior a hoy.",
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_PROGRESS)
def test_bad_progress_is_explained_next_to_the_field(
    empty_app, people, data, field, message, signed_in
):
    manager = signed_in(people["manager"])
    response = manager.post(UAS_INDICATOR, data=data)
    assert response.status_code == 400
    soup = page(response)
    assert soup.title.get_text().startswith("Error:")
    assert [(a["href"], a.get_text()) for a in soup.select(".error-summary a")] == [
        (f"#{field}", message)
    ]
    assert soup.select_one(f"#{field}")["aria-invalid"] == "true"
    assert (
        db.session.scalar(select(AuditLog.id).where(AuditLog.action == "program.progress_recorded"))
        is None
    )


def test_a_deliverable_needs_a_status(empty_app, people, signed_in):
    admin = signed_in(people["admin"])
    response = admin.post(CAC_DELIVERABLE, data={"periodo": "2024-T3"})
    assert response.status_code == 400
    assert page(response).select_one(".error-summary a")["href"] == "#estado"
    response = admin.post(
        CAC_DELIVERABLE,
        data={"periodo": "2024-T3", "estado": "delivered", "evidencia": "https://example.org/d"},
    )
    assert response.status_code == 303


def test_viewers_read_but_do_not_record(empty_app, people, signed_in):
    viewer = signed_in(people["viewer"])
    shown = page(viewer.get(UAS_INDICATOR))
    assert shown.find("form", method="post", action=UAS_INDICATOR) is None
    assert viewer.post(UAS_INDICATOR, data={"periodo": "2024-T3", "valor": "1"}).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(empty_app, people):
    response = empty_app.test_client().get("/admin/programas")
    assert response.status_code == 302 and "/auth/entrar" in response.headers["Location"]


def test_a_correction_needs_a_note_and_shows_on_the_public_page(empty_app, people, signed_in):
    manager = signed_in(people["manager"])
    response = manager.post(UAS_INDICATOR, data={"periodo": "2024-T2", "valor": "86"})
    assert response.status_code == 400  # 2024-T2 was already reported (illustrative data)
    assert page(response).select_one(".error-summary a")["href"] == "#nota"
    response = manager.post(
        UAS_INDICATOR, data={"periodo": "2024-T2", "valor": "86", "nota": "Cifra revisada"}
    )
    assert response.status_code == 303
    progress = db.session.scalar(
        select(Progress).join(Mechanism).where(Mechanism.code == "6", Progress.period == "2024-T2")
    )
    assert (progress.value, progress.revision, progress.note) == (86, 2, "Cifra revisada")
    public = page(empty_app.test_client().get("/es/programas/pat-2024?unidad=UAS"))
    mechanism = public.find(id="compromiso-6").find_parent("article")
    text = mechanism.get_text(" ", strip=True)
    assert "Corregido" in text and "Cifra revisada" in text


def test_staff_program_pages_are_valid_html(empty_app, people, tmp_path, signed_in):
    manager = signed_in(people["manager"])
    pages = {}
    for path in ("/admin/programas", "/admin/programas/pat-2024", UAS_INDICATOR):
        response = manager.get(path)
        Page(response).check_structure()
        pages[path] = response.data
    pages["errors"] = manager.post(UAS_INDICATOR, data={"periodo": "T3"}).data
    pages["saved"] = manager.get(UAS_INDICATOR + "?guardado=2024-T3&periodo=2024-T2").data
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_the_progress_rules_are_the_service_s_own(empty_app, people):
    """Without a request: the service refuses by form field and records nothing."""
    mechanism = find_mechanism("pat-2024", "6", None)
    common = dict(status=None, evidence_url=None, reported_on=None, by=people["admin"])
    with pytest.raises(RuleError) as refused:
        record_progress(mechanism, Period.parse("2025-T1"), value=Decimal(1), note=None, **common)
    assert list(refused.value.problems) == ["periodo"]
    with pytest.raises(RuleError) as refused:
        record_progress(mechanism, Period.parse("2024-T3"), value=None, note=None, **common)
    assert list(refused.value.problems) == ["valor"]
    with pytest.raises(RuleError) as refused:  # 2024-T2 was already reported
        record_progress(mechanism, Period.parse("2024-T2"), value=Decimal(1), note="", **common)
    assert list(refused.value.problems) == ["nota"]
    recorded = select(AuditLog.id).where(AuditLog.action == "program.progress_recorded")
    assert db.session.scalar(recorded) is None


def test_a_correction_saved_meanwhile_is_not_overwritten_unseen(empty_app, people, signed_in):
    """Two people open the same period's progress; the second to save is told the first
    corrected it, keeps what they typed, and replaces it only by sending again."""
    manager, admin = signed_in(people["manager"]), signed_in(people["admin"])
    opened = {
        client: page(client.get(f"{UAS_INDICATOR}?periodo=2024-T2")).select_one("[name=visto]")
        for client in (manager, admin)
    }
    assert opened[manager]["value"] == "2024-T2:1"
    first = {"periodo": "2024-T2", "valor": "95", "nota": "Revisado por la UAS",
             "visto": opened[admin]["value"]}  # fmt: skip
    assert admin.post(UAS_INDICATOR, data=first).status_code == 303
    typed = {"periodo": "2024-T2", "valor": "80", "nota": "Se corrige la cifra",
             "visto": opened[manager]["value"]}  # fmt: skip
    refused = manager.post(UAS_INDICATOR, data=typed)
    assert refused.status_code == 409
    shown = page(refused)
    assert "Alguien más corrigió este avance" in shown.select_one(".error-summary").get_text()
    assert Decimal(shown.select_one("#valor")["value"]) == 80
    assert shown.select_one("[name=visto]")["value"] == "2024-T2:2"
    progress = db.session.scalar(
        select(Progress).join(Mechanism).where(Mechanism.code == "6", Progress.period == "2024-T2")
    )
    assert (progress.value, progress.revision) == (95, 2)
    again = manager.post(UAS_INDICATOR, data=typed | {"visto": "2024-T2:2"})
    assert again.status_code == 303
    db.session.expire_all()
    assert (progress.value, progress.revision) == (80, 3)


def test_the_first_progress_sent_twice_is_one_report_and_a_second_persons_is_a_409(
    empty_app, people, signed_in
):
    """The blank form (nothing reported for the period when it was opened) sent twice is one
    report, not a "correction"; sent by a second person after the first one's, it does not
    replace it unseen."""
    manager, admin = signed_in(people["manager"]), signed_in(people["admin"])
    blank = {
        client: page(client.get(UAS_INDICATOR)).select_one("[name=visto]").get("value", "")
        for client in (manager, admin)
    }
    typed = {"periodo": "2024-T3", "valor": "88.5", "nota": "Corte al 30 de septiembre"}
    for _click in range(2):
        sent = manager.post(UAS_INDICATOR, data=typed | {"visto": blank[manager]})
        assert sent.status_code == 303
    progress = db.session.scalar(
        select(Progress).join(Mechanism).where(Mechanism.code == "6", Progress.period == "2024-T3")
    )
    assert (progress.value, progress.revision) == (Decimal("88.5"), 1)
    public = page(empty_app.test_client().get("/es/programas/pat-2024?unidad=UAS"))
    assert "Corregido" not in public.find(id="compromiso-6").find_parent("article").get_text()

    other = admin.post(UAS_INDICATOR, data=typed | {"valor": "70", "visto": blank[admin]})
    assert other.status_code == 409
    assert "ya tiene un avance registrado" in page(other).select_one(".error-summary").get_text()
    db.session.expire_all()
    assert (progress.value, progress.revision) == (Decimal("88.5"), 1)
