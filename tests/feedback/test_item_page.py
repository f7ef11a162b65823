# ruff: noqa: F811 (the ``office`` fixture, imported)
"""The staff item page: people and dependencies to assign are found by a search that never
reveals anything out of the person's scope; each action says what it did; the page stays small
and reads as much however many dependencies and people the institution has."""

from app.extensions import db
from app.feedback.models import EventKind, FeedbackStatus
from app.staff.models import Role
from tests.factories import make_dependency, make_service, make_user
from tests.feedback.test_admin import office, page, submit  # noqa: F401 (a fixture)
from tests.feedback.test_query_counts import statements


def choices(response) -> dict[str, list[str]]:
    found = page(response)
    return {
        name: [radio.find_next("label").get_text(" ", strip=True)
               for radio in found.select(f"#assign-choices input[name={name}]")]
        for name in ("dependencia_asignada", "persona")
    }  # fmt: skip


def test_the_search_offers_only_dependencies_and_people_in_scope(empty_app, office, signed_in):
    item = office["treasury"]
    rosa = signed_in(office["rosa"])
    for text in ("Agua", "Omar", "example.org", "a"):
        shown = choices(rosa.get(f"/admin/buzon/{item.folio}?asignar={text}"))
        live = choices(
            rosa.get(
                f"/admin/buzon/{item.folio}/asignacion?asignar={text}",
                headers={"HX-Request": "true"},
            )  # fmt: skip
        )
        for offered in (shown, live):
            assert not any("Agua" in label for label in offered["dependencia_asignada"]), text
            assert not any("Omar" in label for label in offered["persona"]), text
    found = choices(rosa.get(f"/admin/buzon/{item.folio}?asignar=rosa"))
    assert any(label.startswith("Rosa") for label in found["persona"])
    office["rosa"].name = "Rosa Ángeles"
    db.session.commit()
    for typed in ("ángeles", "ÁNGELES"):
        found = choices(rosa.get(f"/admin/buzon/{item.folio}?asignar={typed}"))
        assert any(label.startswith("Rosa Ángeles") for label in found["persona"]), typed
    # The coordinator's scope is the whole institution.
    everything = choices(signed_in(office["coco"]).get(f"/admin/buzon/{item.folio}?asignar=agua"))
    assert any("Agua" in label for label in everything["dependencia_asignada"])
    # Someone else's dependency, posted anyway, is refused.
    water = office["water"].dependency_id
    refused = rosa.post(f"/admin/buzon/{item.folio}/asignacion",
                        data={"dependencia_asignada": str(water), "persona": ""})  # fmt: skip
    assert refused.status_code == 400
    omar = rosa.post(f"/admin/buzon/{item.folio}/asignacion",
                     data={"dependencia_asignada": str(item.dependency_id),
                           "persona": str(office["omar"].id)})  # fmt: skip
    assert omar.status_code == 400
    db.session.refresh(item)
    assert item.assignee is None


def test_without_htmx_the_search_endpoint_leads_to_the_item_page(empty_app, office, signed_in):
    item = office["treasury"]
    response = signed_in(office["rosa"]).get(f"/admin/buzon/{item.folio}/asignacion?asignar=ro")
    assert response.status_code == 303
    assert f"/admin/buzon/{item.folio}?asignar=ro#asignacion" in response.location


def test_every_action_says_what_it_did(empty_app, office, signed_in):
    item, rosa = office["treasury"], office["rosa"]
    client = signed_in(office["coco"])
    path = f"/admin/buzon/{item.folio}"
    actions = [
        ("asignacion", {"dependencia_asignada": str(item.dependency_id), "persona": str(rosa.id)},
         "Se asignó a Rosa, de Tesorería."),
        ("asignacion", {"dependencia_asignada": str(item.dependency_id), "persona": ""},
         "Se asignó a Tesorería."),
        ("nota", {"nota_interna": "Revisar"}, "Se guardó la nota interna."),
        ("impacto", {"impacto_motivo": "Reincidente", "marcar": "si"},
         "Se marcó con impacto institucional."),
        ("impacto", {"marcar": "no"}, "Se quitó la marca de impacto institucional."),
        ("estado", {"estado": "in_review"}, "El estado cambió a «En revisión»."),
        ("informacion", {"pregunta": "¿Qué día?"}, "Se pidió información a la persona."),
    ]  # fmt: skip
    for action, data, message in actions:
        response = client.post(f"{path}/{action}", data=data, follow_redirects=True)
        assert response.status_code == 200, action
        notice = page(response).select_one("p.notice[role=status]")
        assert notice is not None and notice.get_text(strip=True) == message, action
        # Once only: the next visit has no message.
        assert page(client.get(path)).select_one("p.notice[role=status]") is None
    db.session.refresh(item)
    assert item.status is FeedbackStatus.WAITING
    other = submit(make_service("Predial en línea", item.dependency))
    answered = client.post(f"/admin/buzon/{other.folio}/respuesta",
                           data={"respuesta": "Atendido."}, follow_redirects=True)  # fmt: skip
    assert "Se publicó la respuesta" in page(answered).select_one("p.notice").get_text()
    # In the person's language.
    english = signed_in(Role.COORDINATOR, ui_language="en")
    noted = english.post(f"{path}/nota", data={"nota_interna": "x"}, follow_redirects=True)
    assert page(noted).select_one("p.notice").get_text(strip=True) == "The internal note was saved."


def crowd(dependency, n=300):
    """``n`` dependencies and ``n`` active people: the size of a whole institution's staff."""
    for k in range(n):
        make_user(Role.RESPONDER, make_dependency(f"Dirección {k}"), name=f"Persona {k}")
    db.session.commit()


def test_the_item_page_stays_small_and_reads_as_much_with_many_people(
    empty_app, signed_in, count_queries
):
    treasury = make_dependency("Tesorería")
    item = submit(make_service("Pago del predial", treasury))
    client = signed_in(Role.COORDINATOR)
    path = f"/admin/buzon/{item.folio}"
    client.get(path)
    bare = len(client.get(path).data)
    crowd(treasury, 25)  # more than a search shows
    few_bytes = len(client.get(path).data)
    few_options = page(client.get(path)).select("option")
    few = statements(empty_app, count_queries, client, path)
    few_search = statements(empty_app, count_queries, client, f"{path}?asignar=persona")

    crowd(treasury, 275)
    many_page = client.get(path)
    assert len(page(many_page).select("option")) == len(few_options)
    assert abs(len(many_page.data) - few_bytes) < 100 and abs(few_bytes - bare) < 100
    assert len(many_page.data) < 40_000
    assert statements(empty_app, count_queries, client, path) == few
    # A search lists its first 20 matches, and says how many there are in all.
    searched = client.get(f"{path}?asignar=persona")
    assert len(choices(searched)["persona"]) == 1 + 20  # "no one in particular" and 20
    assert "300 personas" in page(searched).select_one("#assign-count").get_text()
    assert len(searched.data) < 40_000
    assert statements(empty_app, count_queries, client, f"{path}?asignar=persona") == few_search


def test_marking_institutional_impact_twice_leaves_it_marked(empty_app, office, signed_in):
    """A double click, or two people at once, ask for the same thing: the mark stays, with
    one event (before, the second click took it away)."""
    item = office["treasury"]
    for client in (signed_in(office["coco"]), signed_in(office["rosa"])):
        response = client.post(
            f"/admin/buzon/{item.folio}/impacto",
            data={"impacto_motivo": "Reincidente", "marcar": "si"},
        )
        assert response.status_code == 303
    db.session.refresh(item)
    assert item.institutional_impact
    assert [e.kind for e in item.events].count(EventKind.IMPACT) == 1
    page_ = page(signed_in(office["coco"]).get(f"/admin/buzon/{item.folio}"))
    assert page_.select_one("form[action$='/impacto'] input[name=marcar]")["value"] == "no"


def _hidden(response, action: str) -> dict[str, str]:
    """The hidden values of the form of ``action`` on an item's page, as a browser sends them."""
    form = page(response).select_one(f"form[action$='/{action}']")
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def test_a_status_changed_by_another_person_meanwhile_is_a_409_keeping_the_note(
    empty_app, office, signed_in
):
    """Coco opens the page; Rosa dismisses the item; Coco's change, sent from the page he
    opened before, would have opened a closed item again without anyone noticing."""
    item = office["treasury"]
    coco, rosa = signed_in(office["coco"]), signed_in(office["rosa"])
    seen = _hidden(coco.get(f"/admin/buzon/{item.folio}"), "estado")
    assert seen["visto"] == item.status.value
    rosas = _hidden(rosa.get(f"/admin/buzon/{item.folio}"), "estado")
    dismissed = rosa.post(
        f"/admin/buzon/{item.folio}/estado",
        data={**rosas, "estado": "dismissed", "nota": "Duplicado del folio 1."},
    )
    assert dismissed.status_code == 303
    stale = coco.post(f"/admin/buzon/{item.folio}/estado",
                      data={**seen, "estado": "in_review", "nota": "Lo reviso yo."})  # fmt: skip
    assert stale.status_code == 409
    text = page(stale).get_text(" ")
    assert f"Otra persona cambió el folio a «{FeedbackStatus.DISMISSED.label}»" in text
    assert page(stale).select_one("textarea[name=nota]").get_text().strip() == "Lo reviso yo."
    db.session.refresh(item)
    assert item.status is FeedbackStatus.DISMISSED
    # Sent again from the page of the 409, which shows the item as it is now, it goes through.
    again = coco.post(f"/admin/buzon/{item.folio}/estado",
                      data={**_hidden(stale, "estado"), "estado": "in_review",
                            "nota": "Lo reviso yo."})  # fmt: skip
    assert again.status_code != 409  # then the rules for a dismissed item decide
    assert _hidden(stale, "estado")["visto"] == "dismissed"


def test_an_assignment_changed_by_another_person_meanwhile_is_a_409(empty_app, office, signed_in):
    item = office["treasury"]
    coco, rosa = signed_in(office["coco"]), signed_in(office["rosa"])
    seen = _hidden(coco.get(f"/admin/buzon/{item.folio}?asignar=rosa"), "asignacion")
    taken = rosa.post(f"/admin/buzon/{item.folio}/asignacion",
                      data={**_hidden(rosa.get(f"/admin/buzon/{item.folio}?asignar=rosa"),
                                      "asignacion"),
                            "dependencia_asignada": str(item.dependency_id),
                            "persona": str(office["rosa"].id)})  # fmt: skip
    assert taken.status_code == 303
    stale = coco.post(f"/admin/buzon/{item.folio}/asignacion",
                      data={**seen, "dependencia_asignada": str(item.dependency_id),
                            "persona": ""})  # fmt: skip
    assert stale.status_code == 409
    assert "ahora está asignado a Rosa" in page(stale).get_text(" ")
    db.session.refresh(item)
    assert item.assignee == office["rosa"]


def test_a_double_click_on_status_or_assignment_is_taken_once_not_blamed_on_another_person(
    empty_app, office, signed_in
):
    item = office["treasury"]
    coco = signed_in(office["coco"])
    status = {**_hidden(coco.get(f"/admin/buzon/{item.folio}"), "estado"),
              "estado": "in_review", "nota": "Lo reviso yo."}  # fmt: skip
    assign = {**_hidden(coco.get(f"/admin/buzon/{item.folio}?asignar=rosa"), "asignacion"),
              "dependencia_asignada": str(item.dependency_id),
              "persona": str(office["rosa"].id)}  # fmt: skip
    for action, data in (("estado", status), ("asignacion", assign)):
        first = coco.post(f"/admin/buzon/{item.folio}/{action}", data=data)
        second = coco.post(f"/admin/buzon/{item.folio}/{action}", data=data)
        assert first.status_code == second.status_code == 303, action
        assert second.headers["Location"] == first.headers["Location"]
    db.session.refresh(item)
    assert [e.kind for e in item.events].count(EventKind.STATUS_CHANGED) == 1
    assert [e.kind for e in item.events].count(EventKind.ASSIGNED) == 1
    # Another note is not the same click: the person decides again, knowing the change.
    other = coco.post(f"/admin/buzon/{item.folio}/estado", data={**status, "nota": "Otra nota."})
    assert other.status_code == 409


def test_a_retired_dependency_is_neither_offered_nor_taken(empty_app, office, signed_in):
    from app.catalog.editing import retire_row
    from app.core.clock import local_today

    item = office["treasury"]
    unit = make_dependency("Caja de Tesorería")
    db.session.commit()
    coco = signed_in(office["coco"])
    opened = coco.get(f"/admin/buzon/{item.folio}?asignar=Caja")
    assert any("Caja" in label for label in choices(opened)["dependencia_asignada"])
    retire_row(unit, local_today(), office["coco"])
    again = coco.get(f"/admin/buzon/{item.folio}?asignar=Caja")
    assert not any("Caja" in label for label in choices(again)["dependencia_asignada"])
    stale = coco.post(f"/admin/buzon/{item.folio}/asignacion",
                      data={**_hidden(opened, "asignacion"),
                            "dependencia_asignada": str(unit.id), "persona": ""})  # fmt: skip
    assert stale.status_code == 400
    db.session.refresh(item)
    assert item.dependency_id != unit.id


def test_a_reason_for_impact_given_after_another_persons_is_kept_as_a_note_to_save(
    empty_app, office, signed_in
):
    item = office["treasury"]
    coco, rosa = signed_in(office["coco"]), signed_in(office["rosa"])
    for client, reason in ((rosa, "Motivo de Rosa"), (coco, "Motivo de Coco")):
        response = client.post(f"/admin/buzon/{item.folio}/impacto",
                               data={"impacto_motivo": reason, "marcar": "si"})  # fmt: skip
    assert response.status_code == 409
    kept = page(response).select_one("form[action$='/nota'] textarea[name=nota_interna]")
    assert kept.get_text().strip() == "Motivo de Coco"
    assert "Otra persona marcó el folio con impacto institucional" in page(response).get_text()
    db.session.refresh(item)
    assert [e.note for e in item.events if e.kind is EventKind.IMPACT] == ["Motivo de Rosa"]
