"""Configuration classes, chosen by the ``APP_CONFIG`` environment variable."""

import json
import os
from pathlib import Path

import click
import orjson

# The embedded database, uploads and the mail folder: never inside the installed package, so by
# default in the working directory (the checkout for `make run`).
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", "instance")).resolve()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _json_loads(text):
    """JSON from the database, decoded by orjson; by the standard library when it holds what
    only that one writes and reads (NaN, Infinity: SQLite keeps them, PostgreSQL refuses)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


class Config:
    INSTANCE_PATH = str(INSTANCE_DIR)
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = _database_url()
    # Every translated text is a JSON column: a page of services decodes hundreds of them.
    # A connection is tested before use only after it sat idle (app/core/connections.py).
    SQLALCHEMY_ENGINE_OPTIONS = {"json_deserializer": _json_loads}
    # "0" behind a connection pooler in transaction mode that cannot keep prepared statements
    # (PgBouncer before 1.21): a statement prepared on one server connection is unknown to the
    # next (see app/core/transactions.py).
    DATABASE_PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0"
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Seconds a call to Redis may take before the portal goes on without it (see app/core/shared).
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
    # The institution's name until staff save it at /admin/institucion. Production never shows
    # the demo's: with neither, pages name no institution and staff are asked to set it.
    INSTITUTION_NAME = os.environ.get("INSTITUTION_NAME", "")
    # An interface language is offered to the public (switcher, Accept-Language) once its catalog
    # translates this percentage of the strings of the citizen journey: the public pages and the
    # feedback journey, the sources under app/ that INTERFACE_JOURNEY names.
    INTERFACE_LANGUAGE_THRESHOLD = int(os.environ.get("INTERFACE_LANGUAGE_THRESHOLD", "90"))
    INTERFACE_JOURNEY = (
        "templates/layouts/base.html",
        "templates/components/*.html",
        "templates/errors/*.html",
        "templates/pages/*.html",
        "templates/catalog/*.html",
        "templates/charters/*.html",
        "templates/feedback/*.html",
        "feedback/forms.py",
        "core/forms.py",  # the messages every form shares
    )
    CATALOG_PAGE_SIZE = 20
    RESULTS_PAGE_SIZE = 50  # charters per page of the results overview
    DASHBOARD_DEPENDENCIES = 20  # listed one by one on the dashboard; the rest added up
    # "Which service" questions (citizen feedback, staff inbox and registering) list the services
    # in a select up to this many; with more they become a search by name or code.
    SERVICE_LIST_LIMIT = int(os.environ.get("SERVICE_LIST_LIMIT", "200"))
    # The "dependency" filters (catalog, results, dashboard, inbox) list the dependencies in a
    # select up to this many; with more they become a text field for a name or an acronym.
    DEPENDENCY_LIST_LIMIT = int(os.environ.get("DEPENDENCY_LIST_LIMIT", "200"))
    # Seconds between the dashboard's automatic refreshes (with JavaScript).
    DASHBOARD_REFRESH_SECONDS = int(os.environ.get("DASHBOARD_REFRESH_SECONDS", "30"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Staff sessions end after a working day; citizens' sessions only carry tracking and codes.
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    # argon2id cost of staff passwords (argon2-cffi's defaults); existing hashes keep verifying
    # after a change and are rehashed at their next sign-in.
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "3"))
    ARGON2_MEMORY_COST = int(os.environ.get("ARGON2_MEMORY_COST", str(64 * 1024)))  # KiB
    ARGON2_PARALLELISM = int(os.environ.get("ARGON2_PARALLELISM", "4"))
    # Access codes are random (about 59 bits), not chosen by people, and tracking is
    # rate-limited: OWASP's minimum argon2id settings protect them well enough at a tenth of the
    # passwords' cost, so a burst of submissions and tracking does not exhaust the app servers.
    ACCESS_CODE_ARGON2_TIME_COST = 2
    ACCESS_CODE_ARGON2_MEMORY_COST = 19 * 1024
    ACCESS_CODE_ARGON2_PARALLELISM = 1
    RATELIMIT_SIGN_IN = os.environ.get("RATELIMIT_SIGN_IN", "30 per hour;10 per minute")
    # New-password links per account, whoever asks: each one cancels the one before, so
    # strangers asking again and again would flood the mailbox and void the person's link.
    RATELIMIT_RESET_ACCOUNT = os.environ.get("RATELIMIT_RESET_ACCOUNT", "3 per hour;5 per day")
    # A CSRF token lives as long as the browser session: citizens may write slowly.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    # Flask-Login's "remember me" cookie gets the same protection as the session cookie.
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Also sent on every HTTPS request, whatever this says.
    HSTS = os.environ.get("HSTS", "0") == "1"

    # The address citizens use, for links in e-mails.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # How many reverse proxies stand before the app (their X-Forwarded-* headers are trusted).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

    # Deadlines count in the institution's calendar and time zone.
    TIMEZONE = os.environ.get("TIMEZONE", "America/Mexico_City")
    # Working days to answer each type of feedback (sugerencia, queja, reclamacion, felicitacion).
    FEEDBACK_DUE_DAYS = {
        kind: int(os.environ.get(f"FEEDBACK_DUE_DAYS_{kind.upper()}", "10"))
        for kind in ("sugerencia", "queja", "reclamacion", "felicitacion")
    }
    # An item overdue and unanswered is escalated by `flask feedback escalate` (daily): at once to
    # its dependency's managers, and to the coordinators once it is this many working days late.
    FEEDBACK_ESCALATE_COORDINATORS_DAYS = int(
        os.environ.get("FEEDBACK_ESCALATE_COORDINATORS_DAYS", "3")
    )
    # Working days after an answer in which the citizen may say it did not solve the problem,
    # which reopens the item (once).
    FEEDBACK_REOPEN_DAYS = int(os.environ.get("FEEDBACK_REOPEN_DAYS", "10"))

    # Citizen feedback: attachments live outside static/, served only through the application.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # The catalog files uploaded in the workspace, in total (the request limit follows it).
    CATALOG_UPLOAD_MAX_MB = int(os.environ.get("CATALOG_UPLOAD_MAX_MB", "10"))
    # Recorded audio: a service's texts read aloud, a citizen's voice message (each at most).
    AUDIO_MAX_MB = int(os.environ.get("AUDIO_MAX_MB", "8"))
    AUDIO_MAX_BYTES = AUDIO_MAX_MB * 1024 * 1024
    AUDIO_MAX_SECONDS = int(os.environ.get("AUDIO_MAX_SECONDS", "600"))
    # Three 5 MB attachments, a voice message and the form; more when catalog uploads need it.
    MAX_CONTENT_LENGTH = max(16 + AUDIO_MAX_MB, CATALOG_UPLOAD_MAX_MB + 1) * 1024 * 1024
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    # Sending feedback and surveys: a limit per client address, high enough for the many people
    # behind one (an office, a kiosk, a carrier), and a lower one per browser session.
    RATELIMIT_SUBMIT = os.environ.get("RATELIMIT_SUBMIT", "30 per hour;10 per minute")
    RATELIMIT_SUBMIT_BROWSER = os.environ.get(
        "RATELIMIT_SUBMIT_BROWSER", "10 per hour;3 per minute"
    )
    # Survey responses per service per client address and day (on top of the limits above).
    RATELIMIT_SURVEY_DAILY = os.environ.get("RATELIMIT_SURVEY_DAILY", "20 per day")
    RATELIMIT_TRACK = os.environ.get("RATELIMIT_TRACK", "20 per hour;5 per minute")
    # Asking for a new access code by e-mail: per client address, and per folio (a person's
    # inbox is not flooded, nor their code changed over and over, by someone else).
    RATELIMIT_NEW_CODE = os.environ.get("RATELIMIT_NEW_CODE", "10 per hour;3 per minute")
    RATELIMIT_NEW_CODE_FOLIO = os.environ.get("RATELIMIT_NEW_CODE_FOLIO", "3 per day")
    # The form step that checks and keeps attachments: generous, but bounded (disk space).
    RATELIMIT_FORM = os.environ.get("RATELIMIT_FORM", "60 per hour;10 per minute")
    # Open data at /api/v1: a generous limit per client address, and the licence of the data.
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "300 per minute")
    OPEN_DATA_LICENSE = os.environ.get("OPEN_DATA_LICENSE", "Libre Uso MX")
    OPEN_DATA_LICENSE_URL = os.environ.get(
        "OPEN_DATA_LICENSE_URL", "https://datos.gob.mx/libreusomx"
    )
    # Open311 GeoReport v2: this portal's jurisdiction_id (default: the host of
    # PUBLIC_BASE_URL) and the requests each client application's key may create.
    OPEN311_JURISDICTION_ID = os.environ.get("OPEN311_JURISDICTION_ID", "")
    RATELIMIT_OPEN311_POST = os.environ.get("RATELIMIT_OPEN311_POST", "120 per hour;20 per minute")
    # Maps: a tile server's URL template ({z}/{x}/{y}, {s} for a subdomain), such as
    # https://tile.openstreetmap.org/{z}/{x}/{y}.png, draws the feedback form's map (with
    # JavaScript) and the offices' static maps, with the attribution its terms ask for. Empty (the
    # default): no map, and no page asks another server for anything (the portal works offline).
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
    # Attachments of forms never sent are deleted after this many hours (`flask feedback purge`).
    PENDING_UPLOAD_HOURS = int(os.environ.get("PENDING_UPLOAD_HOURS", "24"))
    # How long the link of an invitation, and of a password reset, can be used.
    INVITATION_HOURS = int(os.environ.get("INVITATION_HOURS", "72"))
    PASSWORD_RESET_HOURS = int(os.environ.get("PASSWORD_RESET_HOURS", "2"))

    # Public pages (catalog, charters, home) are served from a cache for this many seconds,
    # in Redis when REDIS_URL is set (shared by the app servers); 0 turns it off.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
    # Pages of published content only: forgotten when it changes (see app/core/cache.py).
    PAGE_CACHE_CONTENT_SECONDS = int(os.environ.get("PAGE_CACHE_CONTENT_SECONDS", "3600"))
    # The inbox's counts per status and response times per language, which read every item in
    # scope, are recomputed at most this often (seconds; 0: on every page).
    INBOX_FIGURES_SECONDS = int(os.environ.get("INBOX_FIGURES_SECONDS", "30"))
    # Keeps the pages of two portals (say, staging and production) apart in a shared Redis.
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "cartas:")

    # Mail goes out through the outbox (`flask outbox send`): smtp, folder or console.
    MAIL_TRANSPORT = os.environ.get("MAIL_TRANSPORT", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "no-responder@example.org")
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", str(INSTANCE_DIR / "mail"))


DEMO_INSTITUTION_NAME = "Municipio de Metepec (demostración)"


class DevelopmentConfig(Config):
    INSTITUTION_NAME = os.environ.get("INSTITUTION_NAME", DEMO_INSTITUTION_NAME)
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SESSION_COOKIE_SECURE = REMEMBER_COOKIE_SECURE = False
    MAIL_TRANSPORT = os.environ.get("MAIL_TRANSPORT", "folder")
    # Developers see their edits at once.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
    INBOX_FIGURES_SECONDS = int(os.environ.get("INBOX_FIGURES_SECONDS", "0"))


class TestConfig(Config):
    TESTING = True
    INSTITUTION_NAME = DEMO_INSTITUTION_NAME
    # The test suite's own key, never a production secret (bandit B105).
    SECRET_KEY = "test-only-not-secret"  # nosec B105
    SESSION_COOKIE_SECURE = REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = False  # tests of the limits turn them on
    PAGE_CACHE_SECONDS = INBOX_FIGURES_SECONDS = 0  # tests of the caches turn them on
    MAIL_TRANSPORT = "folder"
    MAP_TILE_URL = MAP_TILE_ATTRIBUTION = ""  # tests of the maps set a tile server
    # argon2's smallest cost: at production cost, hashing would take most of the suite's time.
    ARGON2_TIME_COST = ACCESS_CODE_ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = ACCESS_CODE_ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = ACCESS_CODE_ARGON2_PARALLELISM = 1


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "test": TestConfig,
}


class ConfigurationError(click.ClickException):
    """A setting the app cannot start without. A ``flask`` command shows it as one line and
    exits non-zero; gunicorn logs it and stops."""


def config_from_env() -> type[Config]:
    """The configuration class named by ``APP_CONFIG`` (default: production)."""
    name = os.environ.get("APP_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigurationError(
            f"APP_CONFIG must be one of {', '.join(sorted(CONFIGS))}, not {name!r}"
        ) from None
