"""Load benchmark of the portal on generated data at scale; writes ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/run.py [--services 10000] [--feedback 1000000] [--duration 10]

What it does, in order (see README.md, "Benchmark"):

1. creates a new PostgreSQL database, migrates it and fills it with ``flask dev generate``
   (timed), plus a small one with the same generator, to compare query counts;
2. runs ``flask indicators recompute`` for all charters, timed, where that command exists;
3. counts the SQL queries of every scenario on both databases, measures the compressed size of
   each page (HTML + CSS) and runs EXPLAIN ANALYZE on every SELECT of the hot paths;
4. starts gunicorn on 127.0.0.1 (2 sync workers, ``-p pidfile``) and drives every scenario with
   wrk for ``--duration`` seconds at ``--connections`` connections, in three rounds (memory
   must not grow between the last two); every load is paired with a bare Flask "hello world"
   under the same settings, measured just before it, and its ratio is to that measurement (a
   shared machine's speed drifts within a run); a scenario's figures are those of its median
   round, and the report gives every round's;
5. checks that every submission was stored and writes the report.

Load goes only to 127.0.0.1 and every run is bounded in time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BIG_TABLES = (
    "feedback", "feedback_events", "survey_responses", "measurements", "services",
    "requirements", "indicators", "commitments", "charters", "charter_versions",
)  # fmt: skip
# A sequential scan of a table of this many rows or more is reported: a smaller table is read
# whole faster than through an index, and PostgreSQL rightly does so.
LARGE_ROWS = 10_000
ADMIN_EMAIL, ADMIN_PASSWORD = "benchmark@example.org", "benchmark-password-not-secret"


@dataclass
class Scenario:
    """One kind of request. ``path`` may use {service}, {charter}, {folio}, {word}, {lang};
    each request of the load draws them at random from the sample (``VARIED`` of each, so that
    no cache of one address flatters a page), except in ``form`` scenarios, which send one
    path with a POST body (with the CSRF token of a session). ``public`` pages have the public
    targets; ``optional`` scenarios run only where their URL exists in the data; ``target_ms``
    is a staff page's p95 target; a ``reference`` measures what every request costs before it
    reads its own data (no target)."""

    name: str
    path: str
    form: dict | None = None
    public: bool = True
    staff: bool = False
    optional: bool = False
    htmx: bool = False
    target_ms: float | None = None
    reference: bool = False
    results: dict = field(default_factory=dict)  # its median round (see ``median_round``)
    rounds: list = field(default_factory=list)
    cached: dict = field(default_factory=dict)
    steady: dict = field(default_factory=dict)  # a mix once its addresses are cached
    primed: dict = field(default_factory=dict)


SCENARIOS = [
    # What any request through the portal's stack costs before it reads its own data: the
    # health check (one SELECT 1, JSON) and a page of the layout alone (one query, for the
    # institution's identity in the header and footer).
    Scenario("reference: health check", "/healthz", public=False, reference=True),
    Scenario(
        "reference: a page of the layout alone", "/es/accesibilidad", public=False, reference=True
    ),  # fmt: skip
    Scenario("home", "/es/"),
    Scenario("catalog search (varied words)", "/es/servicios?q={word}"),
    Scenario("service page (random services)", "/es/servicios/{service}"),
    Scenario("charter list", "/es/cartas"),
    Scenario("charter page with results (random charters)", "/es/cartas/{charter}"),
    Scenario("results overview", "/es/resultados", optional=True),
    Scenario("work program page", "/es/programas/{program}", optional=True),
    Scenario("API list of services", "/api/v1/services", optional=True),
    Scenario("dashboard fragment", "/es/tablero", optional=True, htmx=True),
    Scenario(
        "feedback submission",
        "/es/buzon/enviar?tipo=queja&servicio={service}",
        form={
            "descripcion": "La ventanilla abrió una hora tarde y no había fila preferente.",
            "idioma": "es",
            "consentimiento": "y",
        },
        public=False,
    ),  # fmt: skip
    Scenario(
        "tracking",
        "/es/buzon/seguimiento",
        form={"folio": "{folio}", "codigo": "GENE-RADA-2345"},
        public=False,
    ),
    Scenario("admin inbox", "/admin/buzon", public=False, staff=True, target_ms=100),
    Scenario(
        "staff item page (random items)",
        "/admin/buzon/{folio}",
        public=False,
        staff=True,
        target_ms=100,
    ),
]
# With the page cache on: what visitors really ask for, across languages.
CACHED_MIX = [
    Scenario("cached: service pages, 3 languages", "/{lang}/servicios/{service}"),
    Scenario("cached: catalog searches", "/{lang}/servicios?q={word}"),
]
VARIED = {"service": 2_000, "word": 200, "charter": 200, "folio": 500, "program": 50}
LANGUAGES = ("es", "en", "nah")

WRK_SCRIPT = r"""
local form = os.getenv("BENCH_FORM")
local round = os.getenv("BENCH_ROUND") or "0"
local counter, next_tid = 0, 0
local paths = {}
if os.getenv("BENCH_PATHS") and os.getenv("BENCH_PATHS") ~= "" then
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
end
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"  -- as every browser
if os.getenv("BENCH_HTMX") == "1" then wrk.headers["HX-Request"] = "true" end
if form and form ~= "" then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
setup = function(thread) thread:set("tid", next_tid); next_tid = next_tid + 1 end
init = function(args) tid = tid or 0; math.randomseed(os.time() * 100 + tid) end
request = function()
  if not form or form == "" then
    if #paths > 0 then return wrk.format(nil, paths[math.random(#paths)]) end
    return wrk.format()
  end
  counter = counter + 1
  -- A new submission key per request: "bench" + round + thread + counter + random (32 chars).
  local key = string.format("bench%s%06x%08x%012x", round, tid, counter, math.random(0, 2^31))
  return wrk.format(nil, nil, nil, form .. "&clave_envio=" .. key)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nRESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- databases -----------------------------------------------------------------------------


def create_database(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def flask(url: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **app_env(url), **(env or {})}
    return subprocess.run(
        [PYTHON, "-m", "flask", "--app", "app", *args],
        cwd=ROOT, env=environment, check=True, capture_output=True, text=True,
    )  # fmt: skip


def app_env(url: str, redis: str | None = None, cache: int = 60) -> dict:
    """A production configuration, with limits high enough for load (Redis when available)."""
    env = {
        "PAGE_CACHE_SECONDS": str(cache),
        "CACHE_KEY_PREFIX": f"bench-{os.getpid()}-{time.time_ns()}:",
        "APP_CONFIG": "production",
        "SECRET_KEY": "benchmark-only-secret",
        "DATABASE_URL": url,
        "SESSION_COOKIE_SECURE": "0",
        "MAIL_TRANSPORT": "console",
        "RATELIMIT_SUBMIT": "100000000 per hour",
        "RATELIMIT_SUBMIT_BROWSER": "100000000 per hour",
        "RATELIMIT_SURVEY_DAILY": "100000000 per day",
        "RATELIMIT_TRACK": "100000000 per hour",
        "RATELIMIT_FORM": "100000000 per hour",
        "RATELIMIT_SIGN_IN": "100000000 per hour",
        "RATELIMIT_RESET_ACCOUNT": "100000000 per hour",
        "RATELIMIT_API": "100000000 per minute",
        "UPLOAD_FOLDER": str(Path(tempfile.gettempdir()) / "bench-uploads"),
    }
    if redis:
        env["REDIS_URL"] = redis
    return env


def prepare(url: str, services: int, feedback: int) -> float:
    """Migrate and generate; returns the generation time in seconds, also written on the
    database itself (its comment), where a later run that reuses it finds it."""
    from sqlalchemy.engine import make_url

    flask(url, "db", "upgrade")
    started = time.perf_counter()
    flask(url, "dev", "generate", "--services", str(services), "--feedback", str(feedback))
    seconds = time.perf_counter() - started
    name = make_url(url).database
    record = json.dumps({"generate_s": round(seconds, 1)})
    _execute(url, f"COMMENT ON DATABASE \"{name}\" IS '{record}'")
    return seconds


def generation_time(url: str) -> float:
    """The generation time ``prepare`` wrote on the database; NaN for one it did not make.
    Written on the database rather than looked up in the last run's report: a new PostgreSQL
    cluster gives a database made again under the same name the same number (oid)."""
    comment = _execute(
        url,
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = current_database()",
    )
    try:
        return float(json.loads(comment)["generate_s"])
    except (TypeError, ValueError, KeyError):
        return float("nan")


def _execute(url: str, statement: str):
    """Run one statement on the database at ``url``; its first value, if it returns rows."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        result = connection.execute(text(statement))
        value = result.scalar() if result.returns_rows else None
    engine.dispose()
    return value


def ensure_admin(url: str) -> None:
    """The staff account the admin scenario signs in with."""
    code = (
        "from sqlalchemy import select\n"
        "from app.extensions import db\n"
        "from app.staff.models import Role, User\n"
        "from app.staff.services import create_user\n"
        "from app import create_app\n"
        "with create_app().app_context():\n"
        f"    if not db.session.scalar(select(User).filter_by(email={ADMIN_EMAIL!r})):\n"
        f"        create_user({ADMIN_EMAIL!r}, 'Benchmark', Role.ADMIN, {ADMIN_PASSWORD!r})\n"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env={**os.environ, **app_env(url)}, check=True)


DAY_OF_CHANGES = 1_000  # items answered (and as many rated) in a day at this scale: ~550 arrive


def recompute_time(url: str, fresh: bool = True) -> tuple[float | None, str]:
    """Seconds of ``flask indicators recompute`` for all charters, where the command exists
    (a second run), and a note on the first (on a ``fresh`` database, the one that writes every
    result; on a reused one, earlier runs wrote them)."""
    commands = flask(url, "--help").stdout
    if not re.search(r"^\s+indicators\b", commands, re.M):
        return None, "`flask indicators recompute` is not on this branch yet"
    # The first run on generated data writes every result; the nightly run finds most of them
    # as they were: both are reported, the second against the target.
    times = []
    for _run in range(2):
        started = time.perf_counter()
        flask(url, "indicators", "recompute")
        times.append(time.perf_counter() - started)
    first = "the first run on the new data, writing every result" if fresh else "the first run"
    return times[1], f"{first}: {times[0]:.1f} s"


def incremental_time(url: str) -> float | None:
    """Seconds of ``flask indicators recompute --changed`` after a day of changes written as
    staff write them (through the ORM): ``DAY_OF_CHANGES`` open items answered and as many
    answers rated, where the option exists."""
    if "--changed" not in flask(url, "indicators", "recompute", "--help").stdout:
        return None
    flask(url, "indicators", "recompute", "--changed")  # what the full run left, if anything
    code = (
        "import random\n"
        "from datetime import timedelta\n"
        "from sqlalchemy import select\n"
        "from app import create_app\n"
        "from app.core.clock import local_today, utcnow\n"
        "from app.core.types import WorkingDays\n"
        "from app.extensions import db\n"
        "from app.feedback.models import Feedback, FeedbackStatus\n"
        "rng = random.Random(93200)\n"
        "with create_app().app_context():\n"
        "    day = local_today() - timedelta(days=30)\n"
        "    open_ = select(Feedback).where(Feedback.status == FeedbackStatus.IN_REVIEW,\n"
        "        Feedback.received_on >= day).order_by(Feedback.id)\n"
        f"    for item in db.session.scalars(open_.limit({DAY_OF_CHANGES})):\n"
        "        item.status, item.answered_at = FeedbackStatus.ANSWERED, utcnow()\n"
        "        item.response_days = WorkingDays(rng.randint(1, 15))\n"
        "    rated = select(Feedback).where(Feedback.status == FeedbackStatus.ANSWERED,\n"
        "        Feedback.citizen_rating.is_(None)).order_by(Feedback.id.desc())\n"
        f"    for item in db.session.scalars(rated.limit({DAY_OF_CHANGES})):\n"
        "        item.citizen_rating, item.rated_answer_at = rng.randint(1, 5), utcnow()\n"
        "    db.session.commit()\n"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env={**os.environ, **app_env(url)}, check=True)
    started = time.perf_counter()
    flask(url, "indicators", "recompute", "--changed")
    return time.perf_counter() - started


def startup_time(url: str) -> float:
    """Seconds a command takes to do nothing: ``--help`` of the same command starts Python and
    loads Flask, SQLAlchemy, every model and the app, as any ``flask`` command does (best of
    three)."""
    times = []
    for _run in range(3):
        started = time.perf_counter()
        flask(url, "indicators", "recompute", "--help")
        times.append(time.perf_counter() - started)
    return min(times)


# --- in-process pass: queries, sizes, EXPLAIN ------------------------------------------------


def make_app(url: str):
    os.environ.update(app_env(url))
    from app import create_app
    from app.config import Config

    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "benchmark-only-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "PAGE_CACHE_SECONDS": 0,  # count the queries a page really needs
    }
    return create_app(type("BenchConfig", (Config,), settings))


def sample_values(app) -> dict:
    """Values to put in paths, drawn at random (seeded) from the data: ``VARIED`` services,
    charters with a published version, generated folios, programs and words of service names.
    The first of each comes first in every list (the path whose queries and plans are shown)."""
    import random

    from sqlalchemy import func, select

    from app.catalog.models import Service
    from app.charters.models import Charter, charter_services
    from app.extensions import db
    from app.feedback.models import Feedback
    from app.programs.models import Program

    rng = random.Random(93200)  # nosec B311 - a reproducible sample, not a secret

    def sample(statement, how_many: int) -> list:
        return list(db.session.scalars(statement.order_by(func.random()).limit(how_many)))

    with app.app_context():
        if db.engine.name == "postgresql":
            db.session.execute(select(func.setseed(0.5)))  # the same sample every run
        charter_id, service_id = db.session.execute(
            select(charter_services.c.charter_id, charter_services.c.service_id)
            .order_by(charter_services.c.service_id)
            .limit(1)
        ).one()
        first_service = db.session.get(Service, service_id)
        services = sample(select(Service.slug), VARIED["service"])
        names = sample(select(Service.name), VARIED["word"] * 3)
        words = sorted(
            {
                word.lower()
                for name in names
                for word in str(name.get("es", "") if isinstance(name, dict) else name).split()
                if len(word) > 4 and word.isalpha()
            }
        )
        rng.shuffle(words)
        values = {
            "charter": [db.session.get(Charter, charter_id).slug]
            + sample(select(Charter.slug).join(charter_services), VARIED["charter"]),
            "service": [first_service.slug, *services],
            # Generated items (they all share the generator's access code).
            "folio": [db.session.scalar(select(Feedback.folio).order_by(Feedback.id))]
            + sample(select(Feedback.folio), VARIED["folio"]),
            "program": sample(select(Program.slug), VARIED["program"]) or ["sin-programas"],
            "word": ["licencia", *words[: VARIED["word"] - 1]],
            "lang": list(LANGUAGES),
        }
        db.session.remove()
    return values


def fill(text: str, values: dict, rng=None) -> str:
    """``text`` with the first value of each list, or values drawn with ``rng``."""
    chosen = {
        key: urllib.parse.quote(rng.choice(found) if rng else found[0])
        for key, found in values.items()
    }
    return text.format(**chosen)


def paths_file(scenario: Scenario, values: dict, folder: Path) -> str:
    """A file of the paths a load draws from (empty for a form's single path)."""
    import random

    if scenario.form is not None:
        return ""
    rng = random.Random(scenario.name)  # nosec B311 - a reproducible sample, not a secret
    paths = {fill(scenario.path, values, rng) for _ in range(4 * max(VARIED.values()))}
    target = folder / f"paths-{abs(hash(scenario.name))}.txt"
    target.write_text("\n".join(sorted(paths)) + "\n")
    return str(target)


def inspect(app, values: dict, explain: bool) -> dict:
    """Per scenario: SQL queries, compressed HTML bytes, and (optionally) EXPLAIN ANALYZE."""
    from sqlalchemy import event

    from app.extensions import db

    css = gzip.compress((ROOT / "app/static/css/site.css").read_bytes(), 6)
    found = {}
    with app.app_context():
        engine = db.engine
        client = app.test_client()
        signed_in = app.test_client()
        response = signed_in.post(
            "/auth/entrar", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 303, response.status_code
        for scenario in SCENARIOS:
            path = fill(scenario.path, values)
            statements: list[tuple[str, object]] = []

            def capture(_conn, _cursor, statement, parameters, _context, _many, into=statements):
                into.append((statement, parameters))

            browser = signed_in if scenario.staff else client
            headers = {"HX-Request": "true"} if scenario.htmx else {}
            form = {k: fill(v, values) for k, v in (scenario.form or {}).items()}
            if scenario.form and "descripcion" in form:
                form["clave_envio"] = os.urandom(16).hex()
            if scenario.form is None:
                browser.get(path, headers=headers)  # what a worker does once (see dashboard)
            event.listen(engine, "before_cursor_execute", capture)
            try:
                if scenario.form is not None:
                    response = browser.post(path, data=form, headers=headers)
                else:
                    response = browser.get(path, headers=headers)
            finally:
                event.remove(engine, "before_cursor_execute", capture)
            body = response.get_data()
            found[scenario.name] = {
                "status": response.status_code,
                "queries": len(statements),
                "html": len(body),
                "html_gz": len(gzip.compress(body, 6)),
                "css_gz": len(css),
                "plans": explain_all(engine, statements) if explain else [],
            }
        db.session.remove()
    return found


def recompute_plans(app) -> list[dict]:
    """EXPLAIN ANALYZE of the reads of ``flask indicators recompute`` for all charters."""
    from sqlalchemy import event

    from app.extensions import db
    from app.indicators.services.engine import recompute

    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            recompute()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
        plans = explain_all(db.engine, statements)
        db.session.remove()
    return plans


def explain_all(engine, statements) -> list[dict]:
    """EXPLAIN ANALYZE of every SELECT (with its real parameters), under the settings (SET)
    its transaction made."""
    plans = []
    with engine.connect() as connection:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SET"):
                connection.exec_driver_sql(statement, parameters)
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            rows = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters
            ).all()
            plan = [row[0] for row in rows]
            times = [re.search(r"Execution Time: ([\d.]+)", line) for line in plan]
            took = next((float(m[1]) for m in times if m), 0.0)
            seq = sorted(
                {m[1] for line in plan if (m := re.search(r"Seq Scan on (\w+)", line))}
                & set(BIG_TABLES)
            )
            plans.append({"sql": " ".join(statement.split()), "plan": plan, "ms": took, "seq": seq})
    return plans


# --- load ----------------------------------------------------------------------------------


class Gunicorn:
    """gunicorn on a free loopback port, 2 sync workers, with a pidfile; stopped with SIGTERM."""

    def __init__(self, target: str, env: dict, workers: int, folder: Path):
        self.port = free_port()
        self.pidfile = folder / f"gunicorn-{self.port}.pid"
        command = [
            PYTHON, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
            "--backlog", "2048", "--log-level", "warning", "--bind", f"127.0.0.1:{self.port}",
            "--pid", str(self.pidfile), target,
        ]  # fmt: skip
        self.log = (folder / f"gunicorn-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT
        )
        for _attempt in range(600):  # up to a minute to start
            try:
                urllib.request.urlopen(self.url("/"), timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        master = int(self.pidfile.read_text())
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(stat.parent.name))
        return sorted(children)

    def rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


WARM_UP = 5  # seconds of load before each measurement: workers load templates and catalogs
# Python takes memory from the system in arenas of 1 MB and keeps or returns them as it sees
# fit: less than two arenas between rounds is no growth.
RSS_NOISE_MB = 2

CSRF_TOKEN = r'name="csrf_token"[^>]*value="([^"]+)"'


def session_for(server: Gunicorn, scenario: Scenario, values: dict) -> tuple[str, str]:
    """The cookie and the url-encoded form (with its CSRF token) a scenario sends."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    cookie = ""
    token = ""
    if scenario.staff:
        page = opener.open(server.url("/auth/entrar")).read().decode()
        token = re.search(CSRF_TOKEN, page)[1]
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        ).encode()
        opener.open(server.url("/auth/entrar"), body)
    elif scenario.form is not None:
        page = (
            opener.open(server.url(fill("/es/buzon/nuevo?tipo=queja&servicio={service}", values)))
            .read()
            .decode()
        )
        token = re.search(CSRF_TOKEN, page)[1]
    for handler in opener.handlers:
        if isinstance(handler, urllib.request.HTTPCookieProcessor):
            cookie = "; ".join(f"{c.name}={c.value}" for c in handler.cookiejar)
    form = ""
    if scenario.form is not None:
        fields = {k: fill(v, values) for k, v in scenario.form.items()}
        form = urllib.parse.urlencode({"csrf_token": token, **fields})
    return cookie, form


def wrk(url: str, args, script: Path, env: dict, duration: int) -> dict:
    command = [
        "wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{duration}s",
        "--timeout", "5s", "-s", str(script), url,
    ]  # fmt: skip
    output = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def settle(server) -> None:
    """Wait (up to two minutes) until the workers have finished the requests a previous scenario
    left queued when wrk stopped, so that they do not count against the next one."""
    for _attempt in range(240):
        started = time.perf_counter()
        try:
            urllib.request.urlopen(server.url("/healthz"), timeout=30)
        except OSError:
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def load(server, scenario, values, args, script, round_, hello: Gunicorn | None = None) -> dict:
    """Warm up, then drive one scenario for the configured duration; with ``hello``, first
    measure hello world for as long, between the warm-up and the load, as the load's ``hello``
    (the reference of its ratio, taken at the same minute of a machine whose speed drifts)."""
    settle(server)
    cookie, form = session_for(server, scenario, values)
    env = {
        "BENCH_COOKIE": cookie,
        "BENCH_FORM": form,
        "BENCH_ROUND": str(round_),
        "BENCH_HTMX": "1" if scenario.htmx else "0",
        "BENCH_PATHS": paths_file(scenario, values, script.parent),
    }
    url = server.url(fill(scenario.path, values))
    wrk(url, args, script, {**env, "BENCH_ROUND": "w"}, WARM_UP)
    paired = hello and wrk(hello.url("/"), args, script, {}, args.duration)
    return {**wrk(url, args, script, env, args.duration), "hello": paired}


def prime(server: Gunicorn, scenario: Scenario, values: dict, folder: Path) -> dict:
    """Ask once for every address a mix draws from, as its visitors would have since the
    content last changed (pages of published content are kept until it changes or for
    ``PAGE_CACHE_CONTENT_SECONDS``); how many and how long it took."""
    from concurrent.futures import ThreadPoolExecutor

    addresses = Path(paths_file(scenario, values, folder)).read_text().split()

    def fetch(path: str) -> None:
        asked = urllib.request.Request(server.url(path), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked, timeout=30) as response:
            response.read()

    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(fetch, addresses))
    return {"addresses": len(addresses), "seconds": time.perf_counter() - started}


def stored(url: str, prefix: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM feedback WHERE submission_key LIKE :p"), {"p": prefix + "%"}
        ).scalar()
    engine.dispose()
    return count


# --- report --------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1]) // 1024
    wrk_version = ["wrk", "not installed"]
    if shutil.which("wrk"):  # the catalog import's benchmark runs without it
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        wrk_version = wrk.stdout.split()[:2]
    from importlib.metadata import version

    return [
        f"CPU: {cpu[1] if cpu else platform.processor()}, {os.cpu_count()} cores; RAM {memory} MB",
        f"OS: {platform.platform()}; Python {platform.python_version()}; "
        f"gunicorn {version('gunicorn')}; {' '.join(wrk_version)}",
        f"Load average before the run: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
    ]


def postgres_version(url: str) -> str:
    return f"PostgreSQL {_execute(url, 'SHOW server_version')}"


def counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        found = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in BIG_TABLES
        }
    engine.dispose()
    return found


def generated(seconds: float) -> str:
    """The generation time, or why there is none (a reused database this script did not make)."""
    if seconds != seconds:  # NaN
        return "a time not on record (a reused database)"
    return f"**{seconds:.0f} s**"


def share(found: dict) -> float:
    """A load's throughput as a share of the hello world measured with it."""
    return found["rps"] / found["hello"]["rps"]


def median_round(rounds: list[dict]) -> dict:
    """The round whose ratio to hello world is the median (the lower one of an even number).
    On a shared machine one load's ratio or p95 moves by a third from one minute to the next:
    a single round made a line met or missed by chance."""
    return sorted(rounds, key=share)[(len(rounds) - 1) // 2]


def each_round(scenario: dict) -> str:
    """Every round's ratio to hello world and p95, in the order they ran."""
    return ", ".join(
        f"{share(found):.1%} ({found['p95'] / 1000:.0f})"
        for found in scenario.get("rounds") or [scenario["load"]]
    )


def figures(found: dict) -> str:
    """req/s, × hello, hello world's req/s, p50, p95, p99 and errors of a load; timeouts are
    errors, and a load that timed out reports no latency it did not measure."""
    if not found:
        return "— | — | — | — | — | — | —"
    errors = f"{found['errors']}" + (f" ({found['timeout']} timeouts)" if found["timeout"] else "")
    latency = " | ".join(f"{found[p] / 1000:.1f}" for p in ("p50", "p95", "p99"))
    if found["requests"] <= found["timeout"]:
        latency = "— | — | —"
    hello = f"{share(found):.1%} | {found['hello']['rps']:.0f}"
    return f"{found['rps']:.0f} | {hello} | {latency} | {errors}"


def p95(found: dict) -> str:
    """The p95 of a load, unless every request timed out."""
    if found["requests"] <= found["timeout"]:
        return f"every request timed out ({found['timeout']})"
    return f"p95 {found['p95'] / 1000:.1f} ms"


def meets(found: dict, least: float, p95_ms: float) -> bool:
    """A load meets its targets only without errors (a timeout is one)."""
    return not found["errors"] and share(found) >= least and found["p95"] < p95_ms * 1000


def ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def large_scans(run: dict, plan: dict) -> list[str]:
    """The tables of ``LARGE_ROWS`` rows or more that ``plan`` reads sequentially."""
    return [table for table in plan["seq"] if run["counts"].get(table, 0) >= LARGE_ROWS]


def explained(run: dict) -> list[dict]:
    """The scenarios and the indicator recomputation, each with the plans of its reads."""
    recomputation = {"name": "indicator recomputation", "plans": run.get("recompute_plans", [])}
    return [*run["scenarios"], recomputation]


def report(run: dict, args) -> str:
    measured = [
        *[s["load"] for s in run["scenarios"]],
        *[s["cached"] for s in run["scenarios"] if s["cached"]],
        *[m["steady"] for m in run["mix"]],
    ]
    hello = sorted(found["hello"]["rps"] for found in measured)
    plans = [plan for scenario in run["scenarios"] for plan in scenario["plans"]]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {run['date']} with `{run['command']}`.",
        "",
        "## Machine",
        "",
        *[f"* {line}" for line in run["machine"]],
        f"* {run['postgres']}; Redis {'used' if run['redis'] else 'not used'} for rate limits",
        "* The machine is shared: other jobs run during the benchmark, so absolute numbers "
        "drift between runs and within one; the ratios to hello world, measured with each "
        "load, are the comparable figures.",
        "",
        "## Data",
        "",
        f"Generated with `flask dev generate --services {args.services} --feedback "
        f"{args.feedback}` in {generated(run['generate_s'])} (COPY):",
        "",
        "| table | rows |",
        "|---|---:|",
        *[f"| {table} | {rows:,} |" for table, rows in run["counts"].items()],
        "",
        "## Load",
        "",
        f"gunicorn, {args.workers} sync workers, on 127.0.0.1; wrk with {args.threads} threads "
        f"and {args.connections} connections, {args.duration} s per scenario after a "
        f"{WARM_UP} s warm-up, in {len(run['rss'])} rounds. Hello world (bare Flask, same "
        f"settings) is measured for {args.duration} s just before each load, after its "
        "warm-up, and each ratio (*× hello*) is to that measurement: "
        f"**{hello[len(hello) // 2]:.0f} requests/s** in the middle of the run, from "
        f"{hello[0]:.0f} to {hello[-1]:.0f}. A scenario's figures and targets are those of "
        "its median round by that ratio; *each round* gives the ratio (and p95 ms) of every "
        "round, first to last: the spread of one page's figures on this machine.",
        "",
        "### Every page built from the database (page cache off)",
        "",
        "Paths marked *random* draw each request from a sample of the data (services, "
        "charters, items, words of service names), so no row or plan stays warm for one "
        "address. Errors include timeouts (5 s); a load with any error fails its targets.",
        "",
        "| scenario | req/s | × hello | hello req/s | p50 ms | p95 ms | p99 ms | errors | "
        "each round: × hello (p95 ms) | SQL/req (small → large data) | HTML KB (gzip HTML+CSS) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for scenario in run["scenarios"]:
        compressed = (scenario["html_gz"] + scenario["css_gz"]) / 1024
        lines.append(
            f"| {scenario['name']} | {figures(scenario['load'])} | {each_round(scenario)} | "
            f"{scenario['queries_small']} → {scenario['queries']} | "
            f"{scenario['html'] / 1024:.1f} ({compressed:.1f}) |"
        )
    for name in run["skipped"]:
        lines.append(f"| {name} | — | — | — | — | — | — | — | — | — | no such page in the data |")
    references = [s for s in run["scenarios"] if s.get("reference")]
    if references:
        lines += [
            "",
            "The *reference* rows have no target: they measure what every request through the "
            "portal's stack (Flask, its extensions, a database session, the layout's template) "
            "costs before it reads its own data: "
            + " and ".join(
                f"{s['name'].split(': ', 1)[1]} {share(s['load']):.1%} of hello world"
                for s in references
            )
            + ". A page that reads its data and renders it costs more than the second.",
        ]
    lines += [
        "",
        f"### With the page cache ({args.cache} s, Redis)",
        "",
        "| scenario | req/s | × hello | hello req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {s['name']} | {figures(s['cached'])} |"
            for s in [*[s for s in run["scenarios"] if s["public"]], *run["mix"]]
        ],
        *[
            f"| {m['name']}, every address visited once | {figures(m['steady'])} |"
            for m in run["mix"]
        ],
        "",
        "The mixes draw each request from thousands of addresses, so in the first rows most "
        "requests still build their page (a cold cache, as after a deployment). Pages of "
        "published content are kept until a change of content (or "
        "`PAGE_CACHE_CONTENT_SECONDS`), so a portal's traffic fills the cache between two "
        "changes; the last rows measure the mixes after asking once for each of their "
        + " and ".join(
            f"{m['primed']['addresses']:,} addresses ({m['primed']['seconds']:.0f} s)"
            for m in run["mix"]
        )
        + ". The target applies to those.",
    ]
    public = [s for s in run["scenarios"] if s["public"]]
    staff = [s for s in run["scenarios"] if s["target_ms"]]
    submission = next(s for s in run["scenarios"] if s["name"] == "feedback submission")
    submission_errors = sum(r["errors"] for r in submission.get("rounds") or [submission["load"]])
    rss = run["rss"]
    growth = max(b - a for a, b in zip(rss[-2], rss[-1], strict=True)) if len(rss) > 1 else 0
    recompute = run["recompute_s"]
    incremental = run.get("incremental_s")
    worst = min(public, key=lambda s: share(s["load"]))
    startup = (
        f", of which {run['startup_s']:.1f} s starting the command (one that does nothing "
        "takes as long: Python, Flask, SQLAlchemy and the models)"
        if "startup_s" in run
        else ""
    )
    lines += [
        "",
        "## Targets",
        "",
        "| target | result | met |",
        "|---|---|---|",
        f"| each public page, built from the database: ≥ 10 % of hello world, p95 < 50 ms at "
        f"{args.connections} connections, no error | worst {worst['name']}: "
        f"{share(worst['load']):.1%}, p95 "
        f"{max(s['load']['p95'] for s in public) / 1000:.1f} ms, "
        f"{sum(s['load']['errors'] for s in public)} errors | "
        f"{ok(all(meets(s['load'], 0.10, 50) for s in public))} |",
        *[
            f"| the dashboard, built from the database (its figures kept as items change): "
            f"p95 < 50 ms, no error | {p95(s['load'])}, {s['load']['errors']} errors | "
            f"{ok(meets(s['load'], 0, 50))} |"
            for s in public
            if s["name"].startswith("dashboard")
        ],
        *[
            f"| {s['name']}: p95 < {s['target_ms']:.0f} ms, no error | "
            f"{p95(s['load'])}, {s['load']['errors']} errors | "
            f"{ok(meets(s['load'], 0, s['target_ms']))} |"
            for s in staff
        ],
        *[
            f"| {s['name']}: HTML < 40 KB | {s['html'] / 1024:.1f} KB | "
            f"{ok(s['html'] < 40 * 1024)} |"
            for s in staff
            if "item" in s["name"]
        ],
        "| the realistic mixes with the page cache, every address visited once: ≥ 25 % of "
        "hello world, no error | "
        + ", ".join(f"{share(m['steady']):.0%}" for m in run["mix"])
        + f" | {ok(all(meets(m['steady'], 0.25, 10_000) for m in run['mix']))} |",
        f"| submissions: no error, nothing lost (every round) | {submission_errors} errors; "
        f"{submission['confirmed']} confirmed, {submission['stored']} stored | "
        f"{ok(submission_errors == 0 and submission['stored'] >= submission['confirmed'])} |",
        f"| queries per request do not grow with the data | "
        f"{sum(s['queries'] <= s['queries_small'] for s in run['scenarios'])} of "
        f"{len(run['scenarios'])} scenarios as many or fewer | "
        f"{ok(all(s['queries'] <= s['queries_small'] for s in run['scenarios']))} |",
        f"| HTML+CSS of public pages < 30 KB gzip | largest "
        f"{max(s['html_gz'] + s['css_gz'] for s in public) / 1024:.1f} KB | "
        f"{ok(all(s['html_gz'] + s['css_gz'] < 30 * 1024 for s in public))} |",
        f"| worker RSS < 150 MB after the run, no growth | "
        f"{', '.join(f'{v:.0f}' for v in rss[-1])} MB; growth over the last round "
        f"{growth:+.1f} MB | {ok(max(rss[-1]) < 150 and growth < RSS_NOISE_MB)} |",
        "| `flask indicators recompute` < 5 s | "
        + (f"{recompute:.1f} s ({run['recompute_note']}) | {ok(recompute < 5)} |"
           if recompute is not None
           else f"{run['recompute_note']} | — |"),
        f"| `flask indicators recompute --changed` after a day ({DAY_OF_CHANGES:,} answers, "
        f"{DAY_OF_CHANGES:,} ratings) < 1 s | "
        + (f"{incremental:.1f} s{startup} | {ok(incremental < 1)} |"
           if incremental is not None
           else "no `--changed` option on this branch | — |"),
        f"| hot queries use an index | "
        f"{sum(1 for p in plans if large_scans(run, p))} sequential scans of tables of "
        f"{LARGE_ROWS:,}+ rows | {ok(not any(large_scans(run, p) for p in plans))} |",
        "",
        "Worker memory (RSS, MB) after each round: "
        + "; ".join(", ".join(f"{v:.1f}" for v in r) for r in rss)
        + ". The first round fills what a worker keeps (compiled templates and statements, "
        "catalogs, the memory the allocator holds on to after the first argon2 hash); growth "
        "is what the last round added.",
        "",
        "Tracking verifies an argon2 hash of the access code on purpose (brute force costs "
        "time), and it is rate-limited per address in production; submission hashes the new "
        "code the same way. Their throughput is bounded by that, not by the database.",
        "",
        "## Query plans (EXPLAIN ANALYZE on the large data)",
        "",
        "Every SELECT of every scenario and of the indicator recomputation, with its real "
        "parameters and settings. (The recomputation is not a request: it reads every automatic "
        "indicator and every survey response of five years, which a sequential scan does best; "
        "it reads the million feedback items from indexes alone.) *Seq scan* lists the tables "
        f"of {LARGE_ROWS:,} rows or more read sequentially (smaller ones are read whole faster "
        "than through an index).",
        "",
    ]  # fmt: skip
    for scenario in explained(run):
        lines += [f"### {scenario['name']}", "", "| ms | seq scan | statement |", "|---:|---|---|"]
        for plan in scenario["plans"]:
            sql = plan["sql"][:160].replace("|", "\\|")
            scans = ", ".join(large_scans(run, plan)) or "—"
            lines.append(f"| {plan['ms']:.2f} | {scans} | `{sql}…` |")
        slowest = max(scenario["plans"], key=lambda p: p["ms"], default=None)
        if slowest:
            lines += ["", "Slowest plan:", "", "```", *slowest["plan"], "```", ""]
    return "\n".join(lines) + "\n"


# Sections other benchmarks write into the same results (benchmarks/catalog_import.py), last.
OTHER_SECTIONS = ("## Catalog import",)


def write_results(output: Path, text: str) -> None:
    """Write the report, keeping the other benchmarks' sections of the file."""
    previous = output.read_text() if output.exists() else ""
    kept = []
    for title in OTHER_SECTIONS:
        _before, found, after = previous.partition(title)
        if found:
            kept.append(found + after.split("\n## ")[0])
    output.write_text("\n".join([text.rstrip("\n"), *kept]).rstrip("\n") + "\n")


def measure(run, args, big: str, values: dict, on_big: dict, script: Path, hello) -> list:
    """Drive every scenario found in the data: page cache off for ``--rounds`` rounds, each
    load paired with ``hello`` (a scenario's figures: its median round), then the public pages
    and the mixes with the cache on. Returns the scenarios driven, their figures in them."""
    active = []
    for scenario in SCENARIOS:
        if scenario.optional and on_big[scenario.name]["status"] == 404:
            run["skipped"].append(scenario.name)
            continue
        active.append(scenario)
    # Every page built from the database (the page cache off): the figures that count.
    uncached = app_env(big, args.redis, cache=0)
    server = Gunicorn("app:create_app()", uncached, args.workers, script.parent)
    try:
        for round_ in range(1, args.rounds + 1):
            for scenario in active:
                log(f"round {round_}: {scenario.name}")
                submits = scenario.form and "descripcion" in scenario.form
                # A reused database holds the submissions of earlier runs: only the new count.
                earlier = stored(big, f"bench{round_}") if submits else 0
                found = load(server, scenario, values, args, script, round_, hello)
                if submits:
                    time.sleep(1)  # let the last requests in flight commit
                    found["stored"] = stored(big, f"bench{round_}") - earlier
                scenario.rounds.append(found)
            run["rss"].append(server.rss_mb())
    finally:
        server.stop()
    for scenario in active:
        scenario.results = median_round(scenario.rounds)
    # The page cache on, as in production: the public pages and a realistic mix.
    cached = app_env(big, args.redis, cache=args.cache)
    server = Gunicorn("app:create_app()", cached, args.workers, script.parent)
    try:
        for scenario in [*[s for s in active if s.public], *CACHED_MIX]:
            log(f"cached: {scenario.name}")
            scenario.cached = load(server, scenario, values, args, script, 0, hello)
        # The mixes again once every address has been asked for: the cache as a portal's
        # traffic keeps it between two changes of content.
        for scenario in CACHED_MIX:
            log(f"cached, every address visited once: {scenario.name}")
            scenario.primed = prime(server, scenario, values, script.parent)
            scenario.steady = load(server, scenario, values, args, script, 0, hello)
    finally:
        server.stop()
    return active


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--feedback", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=int, default=60, help="page cache seconds, cached loads")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres"),
        help="a PostgreSQL URL whose user may create databases",
    )  # fmt: skip
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument(
        "--reuse", metavar="DATABASE", help="use this already generated database instead"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the report again from the last run's JSON (same settings), measuring nothing",
    )
    args = parser.parse_args()
    if args.report_only:
        previous = json.loads(args.output.with_suffix(".json").read_text())
        write_results(args.output, report(previous, args))
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    try:
        import redis

        redis.Redis.from_url(args.redis, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: run without Redis
        args.redis = None

    from sqlalchemy.engine import make_url

    run = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "redis": args.redis,
        "skipped": [],
        "scenarios": [],
        "rss": [],
    }
    if args.reuse:
        big = make_url(args.server).set(database=args.reuse).render_as_string(False)
        run["generate_s"] = generation_time(big)
    else:
        log(f"generating {args.services} services and {args.feedback} feedback items")
        big = create_database(args.server, "bench_large")
        run["generate_s"] = prepare(big, args.services, args.feedback)
    run["database"] = make_url(big).database
    log("generating the small database")
    small = create_database(args.server, "bench_small")
    prepare(small, 200, 2_000)
    ensure_admin(big)
    ensure_admin(small)
    run["postgres"] = postgres_version(big)
    run["counts"] = counts(big)
    # As a deployment installs the portal: its modules compiled once (an editable install
    # compiles nothing, and every command would compile them all again as it starts).
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "app")], check=True)
    log("recomputing indicators")
    run["recompute_s"], run["recompute_note"] = recompute_time(big, fresh=not args.reuse)
    log("a day of changes, then recomputing what they touched")
    run["incremental_s"] = incremental_time(big)
    run["startup_s"] = startup_time(big)

    log("counting queries, sizes and plans")
    big_app = make_app(big)
    values = sample_values(big_app)
    on_big = inspect(big_app, values, explain=True)
    run["recompute_plans"] = recompute_plans(big_app)
    small_app = make_app(small)
    on_small = inspect(small_app, sample_values(small_app), explain=False)

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        script = folder / "bench.lua"
        script.write_text(WRK_SCRIPT)
        # Hello world serves for the whole run, idle but between the loads it is paired with.
        hello = Gunicorn("benchmarks.hello:app", {}, args.workers, folder)
        try:
            wrk(hello.url("/"), args, script, {}, WARM_UP)
            active = measure(run, args, big, values, on_big, script, hello)
        finally:
            hello.stop()

    for scenario in active:
        found = on_big[scenario.name]
        run["scenarios"].append(
            {
                "name": scenario.name,
                "public": scenario.public,
                "reference": scenario.reference,
                "target_ms": scenario.target_ms,
                "load": scenario.results,
                "rounds": scenario.rounds,
                "cached": scenario.cached,
                "queries": found["queries"],
                "queries_small": on_small[scenario.name]["queries"],
                "html": found["html"],
                "html_gz": found["html_gz"],
                "css_gz": found["css_gz"],
                "plans": found["plans"],
                # A submission is confirmed by its 303; wrk counts those as requests done.
                # Every round's: nothing may be lost in any of them.
                "confirmed": sum(r["requests"] - r["errors"] for r in scenario.rounds),
                "stored": sum(r.get("stored", 0) for r in scenario.rounds),
            }
        )
    run["mix"] = [
        {"name": s.name, "cached": s.cached, "steady": s.steady, "primed": s.primed}
        for s in CACHED_MIX
    ]
    write_results(args.output, report(run, args))
    (args.output.with_suffix(".json")).write_text(json.dumps(run, indent=1, default=str))
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
