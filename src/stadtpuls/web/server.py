"""The application as uvicorn starts it (also in each reload/worker process): the store and the
settings come from the environment that ``stadtpuls serve`` sets; :func:`run` starts it."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI

from stadtpuls.core.evidence.addresses import networks
from stadtpuls.store.db import Store
from stadtpuls.web import workers
from stadtpuls.web.app import create_app
from stadtpuls.web.settings import WebSettings
from stadtpuls.web.warmup import freeze_long_lived_objects, prepare_pages, warm_up

SECRET_ENV = "STADTPULS_SECRET_KEY"
INSECURE_COOKIES_ENV = "STADTPULS_INSECURE_COOKIES"
CITY_ENV = "STADTPULS_CITY"
UPLOAD_LIMIT_ENV = "STADTPULS_UPLOAD_LIMIT_MB"
#: Comma-separated networks (``127.0.0.0/8``) the crawler may reach although not public: tests
#: and demos only, never set in production (docs/security.md).
CRAWL_ALLOW_NETWORKS_ENV = "STADTPULS_CRAWL_ALLOW_NETWORKS"


def settings_from_environment() -> WebSettings:
    return WebSettings(
        secret_key=os.environ.get(SECRET_ENV) or None,
        secure_cookies=os.environ.get(INSECURE_COOKIES_ENV) != "1",
        city=os.environ.get(CITY_ENV) or None,
        upload_limit_mb=int(os.environ.get(UPLOAD_LIMIT_ENV) or WebSettings.upload_limit_mb),
        crawl_allowed_networks=_crawl_allowed_networks(),
    )


def _crawl_allowed_networks() -> tuple[str, ...]:
    """The networks of ``STADTPULS_CRAWL_ALLOW_NETWORKS``; a mistyped one stops the server at
    its start (ValueError), not the first crawl."""
    texts = os.environ.get(CRAWL_ALLOW_NETWORKS_ENV, "").split(",")
    return tuple(str(network) for network in networks(t.strip() for t in texts if t.strip()))


def app_from_environment() -> FastAPI:
    """uvicorn factory: the store named by ``STADTPULS_DATABASE_URL`` (default ./stadtpuls.db),
    its caches built and frozen before the first request (see :mod:`stadtpuls.web.warmup`)."""
    store, settings = Store.open(), settings_from_environment()
    app = create_app(store, settings)
    warm_up(store, settings.framework)
    prepare_pages(app)
    freeze_long_lived_objects()
    return app


def run(host: str, port: int, processes: int, reload: bool = False) -> None:
    """Serve until stopped: with ``reload`` one process that restarts on code changes (for
    development), else ``processes`` server processes (:mod:`stadtpuls.web.workers`)."""
    if reload:
        uvicorn.run(
            workers.APP, factory=True, host=host, port=port, reload=True, log_level="warning"
        )
        return
    workers.serve(host, port, processes)
