"""The staff inbox a page at a time: "Siguientes" and "Anteriores" follow its order from an
item's place in it (no page numbers, no count of everything), with the filters kept."""

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.feedback.models import FeedbackStatus, FeedbackType
from app.feedback.services import worklist
from app.staff.models import Role
from tests.factories import make_dependency, make_service, make_user
from tests.feedback.test_admin import submit


def html(response):
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def folios(soup) -> list[str]:
    return [row.th.a.get_text() for row in soup.select("table.inbox tbody tr")]


def link(soup, rel: str) -> str | None:
    found = soup.select_one(f"nav.pagination a[rel={rel}]")
    return found["href"] if found else None


def walk(client, path: str, rel: str = "next") -> tuple[list[list[str]], str]:
    """Every page from ``path`` following ``rel`` links; and the last page's address."""
    pages = []
    while True:
        soup = html(client.get(path))
        pages.append(folios(soup))
        following = link(soup, rel)
        if following is None:
            return pages, path
        assert len(pages) < 50, "the links go round in circles"
        path = following


@pytest.fixture
def many(empty_app, monkeypatch):
    """Items of two dependencies: some sharing a due date, some without one (waiting for the
    citizen), some closed; pages of three."""
    monkeypatch.setattr(worklist, "INBOX_PAGE_SIZE", 3)
    treasury, water = make_dependency("Tesorería"), make_dependency("Agua")
    services = {d: make_service(f"Trámite de {d.name['es']}", d) for d in (treasury, water)}
    items = []
    start = date(2026, 1, 5)
    for n in range(17):
        dependency = (treasury, water)[n % 2]
        item = submit(
            services[dependency], type=(FeedbackType.COMPLAINT, FeedbackType.SUGGESTION)[n % 3 == 0]
        )
        item.due_on = start + timedelta(days=n // 3)  # three items a day: ties broken by id
        if n % 5 == 4:
            item.status, item.due_on = FeedbackStatus.WAITING, None
        if n == 7:
            item.status = FeedbackStatus.CLOSED_RESOLVED
        items.append(item)
    db.session.commit()
    return {"items": items, "treasury": treasury, "water": water}


def in_order(items) -> list[str]:
    ordered = sorted(items, key=lambda i: (i.due_on is None, i.due_on or date.min, i.id))
    return [i.folio for i in ordered]


def test_pages_walk_through_every_open_item_once_in_order_and_back(many, signed_in):
    client = signed_in(Role.COORDINATOR)
    pages, last = walk(client, "/admin/buzon")
    expected = in_order([i for i in many["items"] if i.status in worklist.OPEN])
    assert [folio for page in pages for folio in page] == expected
    assert all(len(page) == 3 for page in pages[:-1]) and len(pages) == 6
    assert link(html(client.get("/admin/buzon")), "prev") is None  # the first page

    back, first = walk(client, last, rel="prev")
    assert back == pages[::-1]
    assert folios(html(client.get(first))) == pages[0]


def test_the_filters_stay_on_every_page(many, signed_in):
    client = signed_in(Role.COORDINATOR)
    path = "/admin/buzon?estado=todos&tipo=queja"
    pages, _last = walk(client, path)
    complaints = [i for i in many["items"] if i.type is FeedbackType.COMPLAINT]
    assert [folio for page in pages for folio in page] == in_order(complaints)
    assert any(i.status is FeedbackStatus.CLOSED_RESOLVED for i in complaints)
    soup = html(client.get(path))
    assert "estado=todos" in link(soup, "next") and "tipo=queja" in link(soup, "next")


def test_a_responder_sees_only_their_dependencys_items_on_every_page(many, signed_in):
    rosa = make_user(Role.RESPONDER, many["treasury"])
    pages, _last = walk(signed_in(rosa), "/admin/buzon?estado=todos")
    theirs = [i for i in many["items"] if i.dependency_id == many["treasury"].id]
    assert [folio for page in pages for folio in page] == in_order(theirs)
    assert len(pages) > 2


@pytest.mark.parametrize(
    "query",
    [
        "despues=abc",
        "despues=2026-13-45.3",
        "antes=2026-01-05.x",
        "despues=2026-01-05.99999999999999999999",
        "antes=sin-plazo.-1",
        "despues=2026-01-05.0",
        "despues=sin-plazo.2147483647",  # after everything: nothing there
        "antes=2000-01-01.1",  # before everything
        "despues=2026-01-05.1&antes=2026-01-06.3&page=7",
    ],
)
def test_a_page_address_that_leads_nowhere_shows_the_first_page(many, signed_in, query):
    client = signed_in(Role.COORDINATOR)
    first = folios(html(client.get("/admin/buzon")))
    soup = html(client.get(f"/admin/buzon?{query}"))
    if "&antes=" not in query:
        assert folios(soup) == first
    assert soup.select_one("#inbox-count") is not None


def test_the_count_says_more_than_beyond_its_bound(many, signed_in, monkeypatch):
    client = signed_in(Role.COORDINATOR)
    soup = html(client.get("/admin/buzon?estado=todos"))
    assert soup.select_one("#inbox-count").get_text().startswith("17 mensajes")
    monkeypatch.setattr(worklist, "COUNT_BOUND", 10)
    soup = html(client.get("/admin/buzon?estado=todos"))
    assert soup.select_one("#inbox-count").get_text().startswith("Más de 10 mensajes")
    counts = soup.select_one(".status-counts").get_text(" ", strip=True)
    assert "Recibida: más de 10" in counts and "En espera de información de la persona: 3" in counts


def test_response_times_are_those_of_the_latest_answers_beyond_the_bound(
    many, signed_in, monkeypatch
):
    items = many["items"]
    for n, item in enumerate(items[:4]):  # the latest received answered in 9 days, others in 1
        item.response_days = 1 if n < 2 else 9
    db.session.commit()
    assert worklist.response_times_by_language(None, recent=2) == [("es", 3, 9.0)]
    assert worklist.response_times_by_language(None, recent=4) == [("es", 4, 5.0)]

    monkeypatch.setattr(worklist, "COUNT_BOUND", 2)
    soup = html(signed_in(Role.COORDINATOR).get("/admin/buzon"))
    row = soup.select_one("h2 + p + .table-scroll table tbody tr").get_text(" ", strip=True)
    assert row == "Español más de 2 9 días hábiles"
    assert (
        "los 2 mensajes respondidos recibidos más recientemente" in soup.select_one("h2 + p").text
    )
