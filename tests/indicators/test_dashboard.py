"""The live dashboard: its figures equal a recount over the Feedback rows done here, it shows
no personal data, and htmx gets only the figures."""

import random
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from app.core.clock import local_today
from app.core.types import Period
from app.demo.activity import ANSWER, TEXTS
from app.extensions import db
from app.feedback.models import Feedback, FeedbackStatus, FeedbackType
from app.feedback.services import workflow
from app.indicators.services import dashboard_counts
from app.indicators.services.dashboard import dashboard
from tests.conftest import Page
from tests.factories import make_dependency, make_feedback

TODAY = date(2026, 6, 15)
ANSWERED = {
    FeedbackStatus.ANSWERED,
    FeedbackStatus.CLOSED_RESOLVED,
    FeedbackStatus.CLOSED_UNRESOLVED,
}


def recount(items, today, first):
    """The dashboard's figures, counted one item at a time."""
    items = [f for f in items if first <= f.received_on <= today]
    timed = [
        f
        for f in items
        if f.type is not FeedbackType.COMPLIMENT and f.status is not FeedbackStatus.DISMISSED
    ]
    answered = [f for f in timed if f.status in ANSWERED]
    still_open = [f for f in timed if f.status not in ANSWERED]
    # Late as the tracking page tells it: open past the due date, answered after it, or
    # dismissed after it.
    overdue = [f for f in items if workflow.is_late(f, today)]
    mean = None
    if answered:
        mean = (Decimal(sum(f.response_days for f in answered)) / len(answered)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return {
        "received": len(items),
        "answered": len(answered),
        "on_time": sum(1 for f in answered if f.response_days <= f.due_days),
        "overdue": len(overdue),
        "open": len(still_open),
        "mean_days": mean,
    }


FIGURES = ("received", "answered", "on_time", "overdue", "open", "mean_days")


def as_dict(figures):
    return {key: getattr(figures, key) for key in FIGURES}


@pytest.fixture
def items(empty_app):
    """Feedback of every type and status around TODAY, in three dependencies (one a child)."""
    rng = random.Random(93200)
    parent = make_dependency("Secretaría")
    child = make_dependency("Registro Civil", parent=parent)
    grandchild = make_dependency("Oficialía 01", parent=child)
    other = make_dependency("Tesorería")
    db.session.flush()
    rows = []
    for n in range(400):
        received_on = TODAY - timedelta(days=rng.randint(-5, 420))  # a few in the future
        status = rng.choice(list(FeedbackStatus))
        response_days = rng.randint(1, 16) if status in ANSWERED else None
        due_on = None if status is FeedbackStatus.WAITING else received_on + timedelta(days=14)
        dismissed_on = (
            received_on + timedelta(days=rng.randint(1, 28))
            if status is FeedbackStatus.DISMISSED
            else None
        )
        moment = datetime.combine(received_on, datetime.min.time()) + timedelta(hours=15)
        rows.append(
            make_feedback(
                received_on=received_on,
                folio=f"SQR-2026-{n:06d}",
                type=rng.choice(list(FeedbackType)),
                dependency_id=rng.choice([parent.id, child.id, grandchild.id, other.id, None]),
                text=f"Texto ciudadano {n}",
                contact_name=f"Persona {n}",
                status=status,
                received_at=moment,
                due_on=due_on,
                answered_at=moment + timedelta(days=5) if response_days else None,
                response_days=response_days,
                dismissed_on=dismissed_on,
            )
        )
    db.session.commit()
    return rows, {"parent": parent, "child": child, "grandchild": grandchild, "other": other}


def test_figures_equal_a_recount_of_the_rows(items):
    rows, _dependencies = items
    result = dashboard(today=TODAY)
    first = date(2025, 7, 1)  # twelve months: July 2025 to June 2026
    assert result.first == first
    assert [str(month) for month, _f in result.by_month][:1] == ["2025-M07"]
    assert len(result.by_month) == 12
    assert as_dict(result.total) == recount(rows, TODAY, first)
    for kind, figures in result.by_type:
        assert as_dict(figures) == recount([f for f in rows if f.type is kind], TODAY, first)
    for month, figures in result.by_month:
        in_month = [f for f in rows if month.start <= f.received_on < month.end]
        assert as_dict(figures) == recount(in_month, TODAY, first), month
    for dependency, figures in result.by_dependency:
        mine = [f for f in rows if f.dependency_id == (dependency.id if dependency else None)]
        assert as_dict(figures) == recount(mine, TODAY, first)
    assert sum(f.received for _d, f in result.by_dependency) == result.total.received
    assert result.total.overdue and result.total.open and result.total.on_time


def test_beyond_the_limit_the_other_dependencies_are_added_up(items, empty_app, monkeypatch):
    rows, _dependencies = items
    every = dashboard(today=TODAY).by_dependency
    assert len(every) > 2
    result = dashboard(today=TODAY, limit=2)
    assert result.by_dependency == every[:2]  # those with most items
    count, others = result.other_dependencies
    assert count == len(every) - 2
    left = {d.id if d else None for d, _f in every[2:]}
    first = result.first
    assert as_dict(others) == recount([f for f in rows if f.dependency_id in left], TODAY, first)
    assert dashboard(today=TODAY, limit=len(every)).other_dependencies is None

    monkeypatch.setitem(empty_app.config, "DASHBOARD_DEPENDENCIES", 2)
    page = Page(empty_app.test_client().get("/es/tablero"))
    table = page.soup.select_one("#by-dependency-caption").find_parent("table")
    *listed, last = table.tbody.select("tr")
    assert len(listed) == 2
    assert re.fullmatch(r"La otra dependencia|Las otras \d+ dependencias", last.th.get_text())


def test_overdue_depends_on_the_day_given(items):
    rows, _dependencies = items
    later = TODAY + timedelta(days=30)
    first = Period.span(date(2025, 8, 1), later, "M")[0].start
    assert as_dict(dashboard(today=later).total) == recount(rows, later, first)


def everything(result):
    """A dashboard's figures as plain values, to compare two readings."""
    return (
        as_dict(result.total),
        [(kind, as_dict(f)) for kind, f in result.by_type],
        [(str(month), as_dict(f)) for month, f in result.by_month],
        [(d.id if d else None, as_dict(f)) for d, f in result.by_dependency],
        result.reopened,
        (result.ratings.count, result.ratings.total),
    )


def test_figures_kept_as_items_change_equal_a_count_from_scratch(items):
    """Counted once, then moved by every change written: the same figures as a recount of the
    rows and as counting everything again, on the day and on a later and an earlier day."""
    rows, dependencies = items
    dashboard(today=TODAY)  # counted from scratch, then kept
    still_open = [
        f for f in rows if f.status is FeedbackStatus.IN_REVIEW and f.received_on <= TODAY
    ]
    answered = [f for f in rows if f.status is FeedbackStatus.ANSWERED and f.received_on <= TODAY]
    first, second, third, fourth = still_open[:4]
    first.status, first.response_days = FeedbackStatus.ANSWERED, 3
    first.answered_at = datetime.combine(TODAY, datetime.min.time())
    second.status, second.dismissed_on = FeedbackStatus.DISMISSED, TODAY
    third.dependency_id = dependencies["other"].id
    fourth.type = FeedbackType.COMPLIMENT
    answered[0].citizen_rating = 2
    answered[0].rated_answer_at = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=3)
    answered[1].reopened_at = datetime.combine(TODAY, datetime.min.time())
    answered[1].status = FeedbackStatus.IN_REVIEW
    db.session.delete(answered[2])
    rows.remove(answered[2])
    rows.append(make_feedback(received_on=TODAY, dependency_id=dependencies["child"].id))
    db.session.commit()
    kept = dashboard(today=TODAY)
    assert as_dict(kept.total) == recount(rows, TODAY, kept.first)
    later = TODAY + timedelta(days=20)
    moved = dashboard(today=later)
    assert as_dict(moved.total) == recount(rows, later, moved.first)
    back = dashboard(today=TODAY)
    assert everything(back) == everything(kept)
    dashboard_counts.rebuild(TODAY, kept.first)
    assert everything(dashboard(today=TODAY)) == everything(kept)
    assert kept.reopened >= 1 and kept.ratings.count >= 1


def test_compliments_and_dismissed_items_count_only_as_received(items):
    rows, _dependencies = items
    result = dict(dashboard(today=TODAY).by_type)
    compliments = result[FeedbackType.COMPLIMENT]
    assert compliments.received > 0
    assert (compliments.answered, compliments.on_time, compliments.overdue) == (0, 0, 0)
    assert compliments.mean_days is None
    assert not compliments.timed and all(
        f.timed for k, f in result.items() if k != FeedbackType.COMPLIMENT
    )


def test_the_dependency_filter_includes_children_at_any_depth(items):
    rows, dependencies = items
    family = {dependencies[name].id for name in ("parent", "child", "grandchild")}
    result = dashboard(today=TODAY, dependency_id=dependencies["parent"].id)
    mine = [f for f in rows if f.dependency_id in family]
    assert as_dict(result.total) == recount(mine, TODAY, result.first)
    assert {d.id for d, _f in result.by_dependency} == family


def test_the_dashboard_page_shows_the_recount_and_no_personal_data(items, empty_app):
    rows, _dependencies = items
    client = empty_app.test_client()
    html = client.get("/es/tablero").get_data(as_text=True)
    today = local_today()
    first = dashboard(today=today).first
    expected = recount(rows, today, first)
    totals = dict(
        zip(
            re.findall(r"<dt>([^<]+)</dt>", html),
            re.findall(r"<dd>([^<(]+)", html),
            strict=True,
        )
    )
    assert totals["Recibidas"].strip() == f"{expected['received']:,}"
    assert totals["Vencidas"].strip() == f"{expected['overdue']:,}"
    assert "SQR-" not in html
    assert "Texto ciudadano" not in html and "Persona " not in html


def test_the_demo_dashboard(app, get_page):
    page = get_page("/es/tablero")
    with app.app_context():
        rows = db.session.scalars(select(Feedback)).all()
        texts = {f.text for f in rows} | {f.public_response for f in rows if f.public_response}
        today = local_today()
        expected = recount(rows, today, dashboard(today=today).first)
    assert "SQR-" not in page.html
    assert not [text for text in texts | set(TEXTS.values()) | {ANSWER} if text in page.html]
    status = page.soup.select_one("#dashboard-status")
    assert status["aria-live"] == "polite"
    assert f"{expected['received']:,} recibidas" in status.get_text()
    assert not status.find(["table", "dl", "ul"]), "the live region holds one sentence"
    assert page.soup.select_one("#dashboard-pause")["aria-pressed"] == "false"
    assert page.soup.select_one("#dashboard-pause").has_attr("hidden")
    assert page.soup.find("a", string="Actualizar")["href"] == "/es/tablero"
    script = page.soup.select_one('script[src$="js/dashboard.js"]')
    assert script is not None and script.has_attr("defer")
    figures = page.soup.select_one("#dashboard-figures")
    assert figures["data-hx-trigger"] == "refresh" and figures["data-refresh-seconds"] == "30"
    assert len(page.soup.select("#dashboard-figures table")) == 3
    compliments = (
        page.soup.find("caption", id="by-type-caption")
        .find_parent("table")
        .find("th", string="Felicitación")
        .find_parent("tr")
    )
    assert [td.get_text(strip=True) for td in compliments.select("td")][1:] == ["–no aplica"] * 4
    assert page.soup.select_one("#dashboard-figures svg title")


def test_only_the_dashboard_loads_its_script(get_page):
    for path in ("/es/", "/es/resultados", "/es/servicios"):
        assert "dashboard.js" not in get_page(path).html


def test_htmx_gets_only_the_figures(client):
    response = client.get("/es/tablero", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html and "<form" not in html
    # No sentence for the live region: the script announces only the figures that changed.
    assert "dashboard-status" not in html and "Actualizado a las" not in html
    assert "<table" in html and "SQR-" not in html


def test_a_bad_dependency_is_a_400(get_page):
    page = get_page("/es/tablero?dependencia=no-existe", status=400)
    assert page.soup.select_one("#dependencia-error")
    assert page.soup.select_one("#dashboard-figures table")
    # The refresh and the update link keep only the valid filters.
    assert page.soup.select_one("#dashboard-figures")["data-hx-get"] == "/es/tablero"


def test_a_dependency_filters_the_page(app, get_page):
    page = get_page("/en/tablero?dependencia=secretaria-del-ayuntamiento")
    assert page.soup.select_one("#dependencia option[selected]")["value"] == (
        "secretaria-del-ayuntamiento"
    )
    assert page.soup.select_one("#dashboard-figures")["data-hx-get"] == (
        "/en/tablero?dependencia=secretaria-del-ayuntamiento"
    )


def test_an_items_counts_come_in_the_order_of_the_columns():
    """``contributions`` writes its counts by position: the columns must stay in that order."""
    assert dashboard_counts.COLUMNS == (
        "received", "answered", "on_time", "late", "open", "open_overdue", "days", "reopened",
        "ratings", "rating_points",
    )  # fmt: skip


def test_the_dashboard_says_when_it_was_counted_in_the_institutions_time(items, empty_app):
    """Its "updated at" is the time on the institution's clocks (it was converted twice: six
    hours behind in Mexico City)."""
    from babel.dates import format_time

    from app.core.clock import local_now

    page = empty_app.test_client().get("/es/tablero").get_data(as_text=True)
    shown = re.search(r"Actualizado a las ([^:]+:\d\d[^:]*?):", page).group(1)
    now = local_now()  # the institution's wall clock, naive: formatted as it is
    expected = {
        format_time(moment, "short", locale="es_MX") for moment in (now, now - timedelta(minutes=1))
    }
    assert shown.replace("\u202f", " ").replace("\xa0", " ") in {
        e.replace("\u202f", " ").replace("\xa0", " ") for e in expected
    }
