"""The citizen-charter portal."""

from importlib import import_module
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Config, ConfigurationError, config_from_env
from app.core.collector import CollectBetweenRequests, paused
from app.core.urls import Portal

MODEL_MODULES = [
    "app.catalog.models",
    "app.charters.models",
    "app.core.calendar",
    "app.feedback.models",
    "app.indicators.models",
    "app.institution.models",
    "app.open311.models",
    "app.outbox.models",
    "app.people.models",
    "app.programs.models",
    "app.staff.models",
    "app.translating.models",
]


def create_app(config: type[Config] | None = None) -> Flask:
    """Build the application with ``config`` (default: the class named by ``APP_CONFIG``).

    Starting up makes a few hundred thousand objects that live as long as the process (models,
    mappers, routes): the cyclic collector, walking them again and again as they pile up, took
    a fifth of the start of every ``flask`` command and worker. It is paused meanwhile."""
    with paused():
        return _build(config or config_from_env())


def _build(config: type[Config]) -> Flask:
    app = Portal(__name__, instance_path=config.INSTANCE_PATH)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the embedded SQLite database
    app.config.from_object(config)
    if not app.config["SECRET_KEY"]:
        raise ConfigurationError("set SECRET_KEY in the environment (see README.md)")
    if proxies := app.config["PROXY_COUNT"]:
        # Behind a reverse proxy: the client address (rate limits) and scheme come from it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.wsgi_app = CollectBetweenRequests(app.wsgi_app)

    # Every model must be known to the metadata that migrations compare against.
    for module in MODEL_MODULES:
        import_module(module)
    from app import cli
    from app.core import (
        cache,
        connections,
        errors,
        i18n,
        maps,
        security,
        shared,
        templating,
        transactions,
    )
    from app.extensions import babel, csrf, db, htmx, limiter, login
    from app.indicators.models import latest_result
    from app.indicators.services import changes as indicator_changes
    from app.indicators.services import dashboard_counts
    from app.indicators.services import overview as results_overview
    from app.indicators.services import results as indicator_results
    from app.institution.services import identity as institution_identity
    from app.staff.access import load_user
    from app.translating import languages as added_languages
    from app.translating import tracking as translation_tracking

    db.init_app(app)
    transactions.init_app(app)  # after db: ends a reading transaction before its removal
    connections.init_app(app)
    csrf.init_app(app)
    shared.init_app(app)  # Redis, before the limiter and the page cache that use it
    limiter.init_app(app)
    login.init_app(app)
    login.login_view = "auth.sign_in"
    login.login_message = None  # the sign-in page says what to do
    login.user_loader(load_user)
    htmx.init_app(app)
    i18n.init_app(app, babel)
    security.init_app(app)
    cache.init_app(app)
    templating.init_app(app)
    maps.init_app(app)
    app.jinja_env.globals["institution"] = institution_identity
    app.jinja_env.filters["latest_result"] = latest_result
    errors.init_app(app)
    cli.init_app(app)
    indicator_results.register_listeners()
    indicator_changes.register_listeners()
    dashboard_counts.register_listeners()
    results_overview.register_listeners()
    translation_tracking.init_app(app)
    added_languages.init_app(app)

    from app.api.datapackage import bp as data_package_bp
    from app.api.routes import bp as api_bp
    from app.calendar.admin import bp as calendar_admin_bp
    from app.catalog.admin import bp as catalog_admin_bp
    from app.catalog.routes import bp as catalog_bp
    from app.charters.admin import bp as charters_admin_bp
    from app.charters.renewals import bp as charter_renewals_bp
    from app.charters.routes import bp as charters_bp
    from app.feedback.admin import bp as feedback_admin_bp
    from app.feedback.routes import bp as feedback_bp
    from app.indicators.admin import bp as indicators_admin_bp
    from app.indicators.evaluation_admin import bp as evaluations_admin_bp
    from app.indicators.routes import bp as indicators_bp
    from app.institution.admin import bp as institution_admin_bp
    from app.institution.routes import bp as institution_bp
    from app.open311.admin import bp as open311_admin_bp
    from app.open311.routes import bp as open311_bp
    from app.pages.routes import bp as pages_bp
    from app.people.admin import bp as people_admin_bp
    from app.people.routes import bp as people_bp
    from app.programs.admin import bp as programs_admin_bp
    from app.programs.api import bp as programs_api_bp
    from app.programs.routes import bp as programs_bp
    from app.staff.admin import bp as admin_bp
    from app.staff.routes import bp as auth_bp
    from app.translating.admin import bp as translations_admin_bp
    from app.translating.languages_admin import bp as languages_admin_bp
    from app.translating.recordings import bp as recordings_admin_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(charters_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(indicators_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(people_admin_bp)
    # Their routes join feedback_admin_bp.
    import_module("app.feedback.template_admin")
    import_module("app.feedback.register_admin")
    app.register_blueprint(feedback_admin_bp)
    app.register_blueprint(calendar_admin_bp)
    app.register_blueprint(indicators_admin_bp)
    app.register_blueprint(evaluations_admin_bp)
    app.register_blueprint(programs_bp)
    app.register_blueprint(programs_admin_bp)
    app.register_blueprint(programs_api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(institution_bp)
    app.register_blueprint(institution_admin_bp)
    app.register_blueprint(catalog_admin_bp)
    # Its routes join charters_admin_bp.
    import_module("app.charters.commitments_admin")
    app.register_blueprint(charters_admin_bp)
    app.register_blueprint(charter_renewals_bp)
    app.register_blueprint(translations_admin_bp)
    app.register_blueprint(recordings_admin_bp)
    app.register_blueprint(languages_admin_bp)
    app.register_blueprint(data_package_bp)
    app.register_blueprint(open311_bp)
    app.register_blueprint(open311_admin_bp)
    return app
