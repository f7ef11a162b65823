"""The calendar page: who reads it, who changes it, its messages, its iCalendar round trip."""

import io
import re
from datetime import date

from sqlalchemy import func, select

from app.calendar import services
from app.core.calendar import NonWorkingDay, NonWorkingPeriod
from app.core.clock import local_today
from app.extensions import db
from app.feedback.models import FeedbackStatus
from app.feedback.routes import TRACKED_KEY, tracking_proof
from app.staff.models import AuditLog, Role
from tests.conftest import Page, fetch
from tests.factories import make_dependency, make_feedback, make_user
from tests.test_html_validation import vnu_errors

WINTER = {"desde": "2024-12-19", "hasta": "2025-01-03", "motivo_es": "Vacaciones de invierno"}


def periods():
    return [
        (p.first_day, p.last_day, p.reason["es"])
        for p in db.session.scalars(select(NonWorkingPeriod).order_by(NonWorkingPeriod.first_day))
    ]


def test_the_year_shows_national_holidays_and_the_institutions_days(signed_in):
    client = signed_in(Role.COORDINATOR)
    page = fetch(client, "/admin/calendario?anio=2025")
    assert page.h1 == "Calendario de días inhábiles 2025"
    assert "Año Nuevo" in page.text() and "Nacional" in page.text()
    assert page.soup.find("a", href="/admin/calendario?anio=2024")
    assert page.soup.find("a", href="/admin/calendario?anio=2026")
    this_year = fetch(client, "/admin/calendario")
    assert str(local_today().year) in this_year.h1


def test_a_coordinator_declares_a_vacation_and_sees_the_confirmation(signed_in, empty_app):
    client = signed_in(Role.COORDINATOR)
    item = make_feedback(received_on=date(2024, 12, 19), due_on=date(2025, 1, 6),
                         status=FeedbackStatus.IN_REVIEW)  # fmt: skip
    db.session.commit()
    response = client.post("/admin/calendario?anio=2024", data=WINTER)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/calendario?anio=2024")
    page = fetch(client, response.headers["Location"])
    text = page.text()
    assert "Declaramos el periodo del 2024-12-19 al 2025-01-03 (Vacaciones de invierno)" in text
    assert "Cambió el plazo de 1 mensaje abierto" in text
    assert "Vacaciones de invierno" in text and "Institución" in text
    assert periods() == [(date(2024, 12, 19), date(2025, 1, 3), "Vacaciones de invierno")]
    db.session.refresh(item)
    assert item.due_on == date(2025, 1, 17)
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action.like("calendar.%"))) == (
        "calendar.period_added"
    )
    # The confirmation shows once.
    assert "Declaramos" not in fetch(client, "/admin/calendario?anio=2024").text()


def test_a_dismissed_item_whose_due_date_moves_is_not_counted_as_open(signed_in):
    client = signed_in(Role.COORDINATOR)
    item = make_feedback(received_on=date(2024, 12, 19), due_on=date(2025, 1, 6),
                         status=FeedbackStatus.DISMISSED,
                         dismissed_on=date(2024, 12, 20))  # fmt: skip
    db.session.commit()
    response = client.post("/admin/calendario?anio=2024", data=WINTER)
    text = fetch(client, response.headers["Location"]).text()
    assert "Declaramos el periodo" in text
    assert not re.search(r"\d+ mensajes? abiertos?", text)
    db.session.refresh(item)
    assert item.due_on == date(2025, 1, 17)


def test_a_single_day_is_declared_without_a_last_day(signed_in):
    client = signed_in(Role.ADMIN)
    data = {"desde": "2025-03-21", "motivo_es": "Natalicio de Benito Juárez (día oficial)"}
    assert client.post("/admin/calendario", data=data).status_code == 303
    assert periods() == [(date(2025, 3, 21), date(2025, 3, 21), data["motivo_es"])]
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action.like("calendar.%"))) == (
        "calendar.day_added"
    )


def test_mistakes_are_explained_next_to_their_fields(signed_in):
    client = signed_in(Role.COORDINATOR)
    cases = [
        ({**WINTER, "hasta": "2024-12-01"}, "hasta", "igual o posterior al primero"),
        ({**WINTER, "hasta": "2025-03-31"}, "hasta", "como máximo 60 días"),
        ({**WINTER, "desde": "19/12/2024"}, "desde", "Escriba la fecha como año-mes-día"),
        ({**WINTER, "desde": ""}, "desde", "Escriba el primer día"),
        ({**WINTER, "motivo_es": ""}, "motivo_es", "Escriba el motivo en español"),
    ]
    for data, name, message in cases:
        page = fetch(client, "/admin/calendario", 400, method="post", data=data)
        assert page.title.startswith("Error: ")
        assert message in page.soup.select_one(".error-summary").get_text()
        assert message in page.soup.find(id=f"{name}-error").get_text()
    assert periods() == []
    client.post("/admin/calendario", data=WINTER)
    page = fetch(client, "/admin/calendario", 400, method="post",
                 data={"desde": "2024-12-24", "motivo_es": "Nochebuena"})  # fmt: skip
    assert "El 2024-12-24 ya está declarado como día inhábil (Vacaciones de invierno)" in (
        page.soup.find(id="desde-error").get_text()
    )


def test_edit_and_remove(signed_in):
    client = signed_in(Role.COORDINATOR)
    client.post("/admin/calendario", data=WINTER)
    period_id = db.session.scalar(select(NonWorkingPeriod.id))
    page = fetch(client, f"/admin/calendario/{period_id}")
    assert page.soup.find(id="desde")["value"] == "2024-12-19"
    response = client.post(f"/admin/calendario/{period_id}", data={**WINTER, "hasta": "2025-01-06"})
    assert response.status_code == 303
    assert (
        "Guardamos el periodo del 2024-12-19 al 2025-01-06"
        in fetch(client, response.headers["Location"]).text()
    )
    assert db.session.scalar(select(func.count(NonWorkingDay.id))) == 19
    bad = fetch(client, f"/admin/calendario/{period_id}", 400, method="post",
                data={**WINTER, "hasta": "2024-01-01"})  # fmt: skip
    assert bad.soup.find(id="hasta-error")
    response = client.post(f"/admin/calendario/{period_id}/eliminar")
    assert response.status_code == 303
    assert "Quitamos el periodo" in fetch(client, response.headers["Location"]).text()
    assert periods() == []
    assert client.get(f"/admin/calendario/{period_id}").status_code == 404
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("calendar.%")))
    assert list(actions) == ["calendar.period_added", "calendar.period_changed",
                             "calendar.period_removed"]  # fmt: skip


def test_other_staff_read_but_do_not_change(signed_in, empty_app):
    coordinator = make_user(Role.COORDINATOR)
    period, _ = services.declare(date(2025, 4, 17), date(2025, 4, 18), {"es": "Semana Santa"},
                                 coordinator)  # fmt: skip
    dependency = make_dependency()
    db.session.commit()
    for role in (Role.MANAGER, Role.RESPONDER, Role.VIEWER):
        client = signed_in(role, dependency)
        page = fetch(client, "/admin/calendario?anio=2025")
        assert "Semana Santa" in page.text()
        assert not page.soup.find("form", action=lambda a: a and "calendario" in a)
        assert client.post("/admin/calendario", data=WINTER).status_code == 403
        assert client.get(f"/admin/calendario/{period.id}").status_code == 403
        assert client.post(f"/admin/calendario/{period.id}/eliminar").status_code == 403
        assert client.get("/admin/calendario/importar").status_code == 403
        assert client.get("/admin/calendario/2025.ics").status_code == 200
    anonymous = empty_app.test_client()
    assert anonymous.get("/admin/calendario").status_code == 302
    assert periods() == [(date(2025, 4, 17), date(2025, 4, 18), "Semana Santa")]


def test_the_tracking_page_explains_a_moved_due_date(signed_in, empty_app):
    client = signed_in(Role.COORDINATOR)
    item = make_feedback(received_on=date(2024, 12, 19), due_on=date(2025, 1, 6))
    db.session.commit()
    client.post("/admin/calendario", data=WINTER)
    citizen = empty_app.test_client()
    with citizen.session_transaction() as session:
        session[TRACKED_KEY] = [tracking_proof(item)]
    page = fetch(citizen, f"/es/buzon/seguimiento/{item.folio}")
    history = page.soup.select_one("ol.history").get_text(" ", strip=True)
    assert "Cambió la fecha límite de respuesta por un cambio en el calendario" in history
    assert "Antes: 6 de enero de 2025; ahora: 17 de enero de 2025." in history
    assert "Motivo: Vacaciones de invierno" in history
    assert "17 de enero de 2025" in page.text()


def test_ical_round_trip(signed_in, empty_app):
    client = signed_in(Role.COORDINATOR)
    declared = [
        {"desde": "2025-02-03", "motivo_es": "Día de la Constitución (puente)"},
        {"desde": "2025-04-14", "hasta": "2025-04-18", "motivo_es": "Vacaciones de primavera"},
        {
            "desde": "2025-12-12",
            "motivo_es": "Día de la Virgen de Guadalupe",
            "motivo_en": "Dec 12",
        },
        {"desde": "2025-12-22", "hasta": "2026-01-02", "motivo_es": "Vacaciones de invierno"},
    ]
    for data in declared:
        assert client.post("/admin/calendario", data=data).status_code == 303
    before = periods()
    response = client.get("/admin/calendario/2025.ics")
    assert response.mimetype == "text/calendar"
    exported = response.data
    assert exported.count(b"BEGIN:VEVENT") == 4
    assert b"DTEND;VALUE=DATE:20260103" in exported  # the day after the last
    for period in db.session.scalars(select(NonWorkingPeriod)).all():
        services.remove(period, make_user(Role.ADMIN))
    assert periods() == []

    dry_run = fetch(client, "/admin/calendario/importar", method="post",
                    data={"archivo": (io.BytesIO(exported), "calendario.ics")},
                    content_type="multipart/form-data")  # fmt: skip
    assert "Confirmar e importar 4 días y periodos" in dry_run.text()
    assert "Vacaciones de primavera" in dry_run.text()
    assert periods() == []  # nothing until confirmed
    content = dry_run.soup.find("input", attrs={"name": "contenido"})["value"]
    response = client.post("/admin/calendario/importar", data={"contenido": content})
    assert response.status_code == 303
    assert "Importamos 4 días y periodos" in fetch(client, response.headers["Location"]).text()
    assert periods() == before
    # The same file again changes nothing, and says so, rather than clashing with itself.
    again = fetch(client, "/admin/calendario/importar", method="post",
                  data={"archivo": (io.BytesIO(exported), "calendario.ics")},
                  content_type="multipart/form-data")  # fmt: skip
    assert "4 días y periodos del archivo ya están declarados igual" in again.text()
    assert "No hay nada que importar." in again.text()
    assert not again.soup.find("input", attrs={"name": "contenido"})
    assert periods() == before


def test_an_export_with_national_holidays_imports_only_the_institutions(signed_in):
    client = signed_in(Role.COORDINATOR)
    client.post("/admin/calendario", data={"desde": "2025-12-12", "motivo_es": "Guadalupe"})
    exported = client.get("/admin/calendario/2025.ics?nacionales=1").data
    assert b"CATEGORIES:NACIONAL" in exported and "Año Nuevo".encode() in exported
    services.remove(db.session.scalar(select(NonWorkingPeriod)), make_user(Role.ADMIN))
    dry_run = fetch(client, "/admin/calendario/importar", method="post",
                    data={"archivo": (io.BytesIO(exported), "c.ics")},
                    content_type="multipart/form-data")  # fmt: skip
    assert "Confirmar e importar 1 días y periodos" in dry_run.text()


def test_a_calendars_lengths_repetitions_and_cancellations_are_read_as_it_says(signed_in):
    """As Outlook or Google Calendar export them: a DURATION instead of DTEND, a rule that
    repeats (with an end, or without: then up to the end of next year), extra and left-out
    dates, a cancelled event. Before, each of them gave only its first day, or a cancelled
    day was declared."""
    year = local_today().year
    events = [
        "SUMMARY:Tres días\r\nDTSTART;VALUE=DATE:20250303\r\nDURATION:P3D",
        "SUMMARY:Aniversario\r\nDTSTART;VALUE=DATE:20250915\r\nRRULE:FREQ=YEARLY;COUNT=2",
        "SUMMARY:Lunes\r\nDTSTART;VALUE=DATE:20250707\r\n"
        "RDATE;VALUE=DATE:20250714,20250721\r\nEXDATE;VALUE=DATE:20250714",
        "SUMMARY:Suspendido\r\nSTATUS:CANCELLED\r\nDTSTART;VALUE=DATE:20250606",
        f"SUMMARY:Fundación\r\nDTSTART;VALUE=DATE:{year - 1}0505\r\nRRULE:FREQ=YEARLY",
    ]
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//ES\r\n"
        + "".join(f"BEGIN:VEVENT\r\nUID:{n}\r\n{e}\r\nEND:VEVENT\r\n" for n, e in enumerate(events))
        + "END:VCALENDAR\r\n"
    ).encode()
    client = signed_in(Role.COORDINATOR)
    dry_run = fetch(client, "/admin/calendario/importar", method="post",
                    data={"archivo": (io.BytesIO(data), "c.ics")},
                    content_type="multipart/form-data")  # fmt: skip
    assert "Confirmar e importar 8 días y periodos" in dry_run.text()
    content = dry_run.soup.find("input", attrs={"name": "contenido"})["value"]
    assert client.post("/admin/calendario/importar", data={"contenido": content}).status_code == 303
    assert periods() == sorted(
        [
            (date(2025, 3, 3), date(2025, 3, 5), "Tres días"),
            (date(2025, 9, 15), date(2025, 9, 15), "Aniversario"),
            (date(2026, 9, 15), date(2026, 9, 15), "Aniversario"),
            (date(2025, 7, 7), date(2025, 7, 7), "Lunes"),
            (date(2025, 7, 21), date(2025, 7, 21), "Lunes"),
            *[(date(y, 5, 5), date(y, 5, 5), "Fundación") for y in (year - 1, year, year + 1)],
        ]
    )


def test_a_bad_file_imports_nothing_and_says_why(signed_in):
    client = signed_in(Role.COORDINATOR)
    client.post("/admin/calendario", data={"desde": "2025-12-12", "motivo_es": "Guadalupe"})
    overlapping = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//ES\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Puente\r\nDTSTART;VALUE=DATE:20251110\r\n"
        "DTEND;VALUE=DATE:20251111\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Fin de año\r\nDTSTART;VALUE=DATE:20251211\r\n"
        "DTEND;VALUE=DATE:20251213\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Reunión\r\nDTSTART:20251201T100000Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    cases = [
        (overlapping.encode(), ["Evento 3 (Reunión): no es un evento de día completo"]),
        (
            overlapping.split("BEGIN:VEVENT\r\nSUMMARY:Reunión")[0].encode() + b"END:VCALENDAR\r\n",
            ["2025-12-11–2025-12-12 (Fin de año): El 2025-12-12 ya está declarado"],
        ),
        (b"hola", ["no es un calendario iCalendar"]),
        (
            overlapping.replace(
                "DTSTART:20251201T100000Z", "DTSTART;VALUE=DATE:20251201\r\nDURATION:PT2H"
            ).encode(),
            ["Evento 3 (Reunión): no es un evento de día completo"],
        ),  # fmt: skip
        (b"\xff\xfe\x00", ["no es un calendario iCalendar"]),
        *[
            (
                overlapping.replace("DTSTART;VALUE=DATE:20251110", f"DTSTART;VALUE=DATE:{day}")
                .replace("DTEND;VALUE=DATE:20251111\r\n", rule)
                .encode(),
                ["Evento 1 (Puente): su fecha debe ser de 1990 a 2100."],
            )
            for day in ("00010101", "99991231", "19850506", "21010101")
            for rule in ("", "RRULE:FREQ=DAILY\r\n")
        ],
        (  # its only day excluded: nothing to declare, and said so
            overlapping.split("BEGIN:VEVENT\r\nSUMMARY:Fin")[0]
            .replace("DTEND;VALUE=DATE:20251111", "EXDATE;VALUE=DATE:20251110")
            .encode()
            + b"END:VCALENDAR\r\n",
            ["El archivo no tiene días inhábiles de día completo."],
        ),
    ]
    for data, messages in cases:
        page = fetch(client, "/admin/calendario/importar", 400, method="post",
                     data={"archivo": (io.BytesIO(data), "c.ics")},
                     content_type="multipart/form-data")  # fmt: skip
        error = page.soup.find(id="archivo-error").get_text()
        for message in messages:
            assert message in error
    page = fetch(client, "/admin/calendario/importar", 400, method="post", data={})
    assert "Elija un archivo .ics" in page.text()
    # Nor in the form: a year the calendar's pages do not show could not be found again.
    for day in ("1985-05-06", "2101-01-03"):
        page = fetch(client, "/admin/calendario", 400, method="post",
                     data={"desde": day, "motivo_es": "Error de captura"})  # fmt: skip
        assert "El año debe ser de 1990 a 2100." in page.text()
    assert periods() == [(date(2025, 12, 12), date(2025, 12, 12), "Guadalupe")]


def test_a_one_day_event_on_the_last_day_of_the_last_year_imports(signed_in):
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//ES\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Fin de siglo\r\nDTSTART;VALUE=DATE:21001231\r\n"
        b"DTEND;VALUE=DATE:21010101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    client = signed_in(Role.COORDINATOR)
    dry_run = fetch(client, "/admin/calendario/importar", method="post",
                    data={"archivo": (io.BytesIO(data), "c.ics")},
                    content_type="multipart/form-data")  # fmt: skip
    content = dry_run.soup.find("input", attrs={"name": "contenido"})["value"]
    assert client.post("/admin/calendario/importar", data={"contenido": content}).status_code == 303
    assert periods() == [(date(2100, 12, 31), date(2100, 12, 31), "Fin de siglo")]


def test_calendar_pages_are_valid_html(signed_in, tmp_path):
    client = signed_in(Role.COORDINATOR)
    client.post("/admin/calendario", data=WINTER)
    period_id = db.session.scalar(select(NonWorkingPeriod.id))
    pages = {}
    for path in ("/admin/calendario?anio=2024", f"/admin/calendario/{period_id}",
                 "/admin/calendario/importar"):  # fmt: skip
        pages[path] = fetch(client, path).response.data
    pages["errors"] = fetch(client, "/admin/calendario", 400, method="post",
                            data={"desde": "x", "motivo_es": ""}).response.data  # fmt: skip
    client.post("/admin/calendario", data={"desde": "2025-12-12", "motivo_es": "Guadalupe"})
    pages["confirmation"] = client.get("/admin/calendario?anio=2025").data
    Page(client.get("/admin/calendario?anio=2025")).check_structure()
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
