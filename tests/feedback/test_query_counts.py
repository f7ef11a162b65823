"""The staff inbox and an item's page read the same number of statements whatever the number of
items, events, people and services: nothing is loaded row by row."""

from app.extensions import db
from app.feedback.models import FeedbackStatus, FeedbackType
from app.feedback.services import workflow
from app.staff.models import Role
from tests.factories import make_charter, make_dependency, make_service, make_user
from tests.feedback.test_admin import submit


def statements(application, count_queries, client, path) -> int:
    # In an app context of its own, the request has a session of its own, as in production:
    # in the test's context, it would find what the test loaded.
    with application.app_context(), count_queries(application) as counted:
        assert client.get(path).status_code == 200, path
    return len(counted)


def busy(item, people) -> None:
    """A history of many events by several people."""
    for n, person in enumerate(people):
        workflow.assign(item, item.dependency, person, by=people[0])
        workflow.add_note(item, f"Nota {n}", by=person)
    workflow.change_status(item, FeedbackStatus.IN_REVIEW, by=people[-1])
    workflow.request_information(item, "¿En qué ventanilla?", by=people[1])


def test_the_inbox_reads_as_much_with_many_items_as_with_one(empty_app, signed_in, count_queries):
    treasury = make_dependency("Tesorería")
    first = submit(make_service("Pago del predial", treasury))
    people = [make_user(Role.RESPONDER, treasury) for _n in range(4)]
    workflow.assign(first, treasury, people[0], by=people[0])
    client = signed_in(Role.COORDINATOR)
    client.get("/admin/buzon")  # the first request loads what every later one has
    one = statements(empty_app, count_queries, client, "/admin/buzon")

    busy(first, people)
    coordinator = make_user(Role.COORDINATOR)
    for n in range(30):
        dependency = make_dependency(f"Dependencia {n}", parent=treasury if n % 2 else None)
        item = submit(make_service(f"Trámite {n}", dependency), language=("es", "nah")[n % 2])
        # Only items of the treasury's units can be theirs: the others go unassigned.
        workflow.assign(item, dependency, people[n % 4] if n % 2 else None, by=coordinator)
    many = statements(empty_app, count_queries, client, "/admin/buzon")
    assert many == one


def test_an_items_page_reads_as_much_with_many_events_as_with_one(
    empty_app, signed_in, count_queries
):
    treasury = make_dependency("Tesorería")
    service = make_service("Pago del predial", treasury)
    quiet, eventful = submit(service), submit(service)
    person = make_user(Role.RESPONDER, treasury)
    workflow.assign(quiet, treasury, person, by=person)  # one event by someone, an assignee
    client = signed_in(Role.COORDINATOR)
    client.get(f"/admin/buzon/{quiet.folio}")
    one = statements(empty_app, count_queries, client, f"/admin/buzon/{quiet.folio}")

    busy(eventful, [make_user(Role.RESPONDER, treasury) for _n in range(5)])
    assert len(eventful.events) > 10
    many = statements(empty_app, count_queries, client, f"/admin/buzon/{eventful.folio}")
    assert many == one
    # The person, the item with its history (and its files, if any), who may be assigned, the
    # calendar, the templates, the commitments, the institution, and the audit row of the visit
    # (on PostgreSQL, written without waiting for the disk: one statement more).
    assert one <= 10 + (db.engine.dialect.name == "postgresql"), one


def test_a_claims_page_reads_its_commitment_with_the_item(empty_app, signed_in, count_queries):
    """A claim about a charter's commitment shows the commitment and offers the remedy the
    charter promises: read with the item, not by a query of their own."""
    service = make_service("Pago del predial", make_dependency("Tesorería"))
    commitment = make_charter([service]).versions[0].commitments[0]
    complaint = submit(service)
    claim = submit(service, type=FeedbackType.CLAIM, commitment=commitment)
    client = signed_in(Role.COORDINATOR)
    client.get(f"/admin/buzon/{complaint.folio}")
    plain = statements(empty_app, count_queries, client, f"/admin/buzon/{complaint.folio}")
    page = client.get(f"/admin/buzon/{claim.folio}").get_data(as_text=True)
    assert "Compromiso de la versión 1" in page and "Disculpa." in page
    assert statements(empty_app, count_queries, client, f"/admin/buzon/{claim.folio}") == plain


def test_the_inbox_reads_as_much_on_any_page_with_many_items_as_with_few(
    empty_app, signed_in, count_queries, monkeypatch
):
    """A page further on reads from an item's place in the order, and the count stops at its
    bound: the same statements with six items as with sixty, on the first page and the next,
    filtered or not."""
    from datetime import date, timedelta

    from bs4 import BeautifulSoup

    from app.extensions import db
    from app.feedback.services import worklist

    monkeypatch.setattr(worklist, "INBOX_PAGE_SIZE", 2)
    monkeypatch.setattr(worklist, "COUNT_BOUND", 4)
    treasury = make_dependency("Tesorería")
    service = make_service("Pago del predial", treasury)

    def add(how_many: int) -> None:
        for n in range(how_many):
            submit(service).due_on = date(2026, 1, 5) + timedelta(days=n % 7)
        db.session.commit()

    def reads(client) -> list[int]:
        counts = []
        for path in ("/admin/buzon", "/admin/buzon?tipo=queja&estado=todos"):
            counts.append(statements(empty_app, count_queries, client, path))
            soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
            following = soup.select_one("nav.pagination a[rel=next]")["href"]
            counts.append(statements(empty_app, count_queries, client, following))
        return counts

    add(6)
    clients = [signed_in(Role.ADMIN), signed_in(make_user(Role.RESPONDER, treasury))]
    for client in clients:
        client.get("/admin/buzon")
    few = [reads(client) for client in clients]
    add(54)
    assert [reads(client) for client in clients] == few
    assert max(few[0]) <= 12, few  # the count, the page, what it shows, the figures


def test_an_items_files_are_read_only_when_it_has_some(empty_app, signed_in, count_queries):
    """Most items come without files: the item's own statement says whether it has any, and
    only then are they read, and listed on its page."""
    from app.feedback.uploads import StoredFile, _folder
    from tests.feedback.conftest import PDF

    treasury = make_dependency("Tesorería")
    service = make_service("Pago del predial", treasury)
    (_folder("pending") / ("b" * 32)).write_bytes(PDF)
    stored = StoredFile("b" * 32, "acta-de-nacimiento.pdf", "application/pdf", len(PDF), "y" * 64)
    plain, with_file = submit(service), submit(service, files=[stored])
    client = signed_in(Role.COORDINATOR)
    client.get(f"/admin/buzon/{plain.folio}")
    without = statements(empty_app, count_queries, client, f"/admin/buzon/{plain.folio}")
    assert statements(empty_app, count_queries, client, f"/admin/buzon/{with_file.folio}") == (
        without + 1
    )
    assert "acta-de-nacimiento.pdf" in client.get(f"/admin/buzon/{with_file.folio}").text
    assert "acta-de-nacimiento.pdf" not in client.get(f"/admin/buzon/{plain.folio}").text
