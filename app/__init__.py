"""caishen web application: create_app(settings) builds it; nothing connects at import time."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app.context import Context
from config import Settings, load_settings

MAX_REQUEST_BYTES = 20 * 2**20  # larger requests (uploads) get 413
RETRY_AFTER_S = 5  # told to clients when the database is unreachable
MAX_ID = 2**62  # ids in URLs above what the databases store are simply not found (404), never an overflow


class IdConverter(IntegerConverter):
    """<id:…> in routes: a positive integer the databases can hold."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config["JSON_AS_ASCII"] = False
    app.extensions["caishen"] = Context(settings)
    from app.web import access, errors
    from app.web.admin import admin
    from app.web.api import api
    from app.web.pages import pages
    from app.web.reviews import bp as reviews

    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.url_map.converters["id"] = IdConverter
    access.init_app(app)
    app.register_blueprint(pages)
    app.register_blueprint(reviews)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    errors.init_app(app)
    if settings.proxies:
        n = settings.proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    return app
