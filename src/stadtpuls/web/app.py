"""The web application: ``create_app(store, settings)`` builds it for uvicorn and for tests."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from stadtpuls.crawl.settings import CrawlSettings
from stadtpuls.services.accounts import server_secret
from stadtpuls.store.db import Store
from stadtpuls.web import errors, sessions
from stadtpuls.web.analysis_jobs import AnalysisJobs, analysis_runner
from stadtpuls.web.api import analysis as analysis_api
from stadtpuls.web.api import programme as programme_api
from stadtpuls.web.api import public as public_api
from stadtpuls.web.api import rankings, reports, users
from stadtpuls.web.api.common import (
    BAD_INPUT,
    REJECTED,
    TOO_LARGE,
    reject_unknown_query_parameters,
)
from stadtpuls.web.cache import PartCache
from stadtpuls.web.crawl_jobs import CrawlJobs
from stadtpuls.web.headers import SecurityHeadersMiddleware
from stadtpuls.web.jobs import ReportJobs, job_folder
from stadtpuls.web.language import LanguageMiddleware
from stadtpuls.web.limits import BodyLimitMiddleware
from stadtpuls.web.methods import OptionsMiddleware
from stadtpuls.web.reporting import report_runner
from stadtpuls.web.reporting_date import ReportingDateMiddleware
from stadtpuls.web.settings import WebSettings, signing_key
from stadtpuls.web.templating import page_cache
from stadtpuls.web.uploads import UploadArea, private_folder
from stadtpuls.web.views import (
    account,
    admin,
    analysis,
    api_reference,
    auth,
    evidence_review,
    evidence_sites,
    impact,
    imports,
    kpis,
    overview,
    programme,
    programme_edit,
    public,
    ranking,
    report,
    report_content,
)

STATIC = Path(__file__).parent / "static"
FOLDER_SECRET = "temp_folder_name"  # the secret in the names of the upload and job folders
API_PREFIX = "/api/v1"


def create_app(store: Store, settings: WebSettings | None = None) -> FastAPI:
    """The cockpit on ``store``. The API is described at ``/api/v1/openapi.json``; no
    interactive docs, since they would load JavaScript from a CDN."""
    settings = settings or WebSettings()
    app = FastAPI(
        title="Stadtpuls API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        description="Rankings, Stadtprofile und Programmsteuerung von Stadtpuls. "
        "Authentifizierung mit `Authorization: Bearer <Token>` (Token: `stadtpuls "
        "user token NAME`). Meldungen auf Deutsch, mit `?lang=en` auf Englisch.",
    )
    app.state.store = store
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    secret = server_secret(store, FOLDER_SECRET)[:24]  # unpredictable, shared by all workers
    app.state.uploads = UploadArea(private_folder(f"stadtpuls-uploads-{secret}"))
    app.state.parts = PartCache()
    app.state.pages = page_cache()
    app.state.reports = ReportJobs(job_folder(secret), report_runner(store))
    app.state.analyses = AnalysisJobs(
        private_folder(f"stadtpuls-analyses-{secret}"), analysis_runner(store)
    )
    app.state.crawls = CrawlJobs(
        store, CrawlSettings(allowed_networks=settings.crawl_allowed_networks)
    )
    for router in (
        auth.router,
        account.router,
        admin.router,
        overview.router,
        analysis.router,
        ranking.router,
        kpis.router,
        impact.router,
        programme.router,
        programme_edit.router,
        public.router,
        api_reference.router,
        imports.router,
        report.router,
        report_content.router,
        evidence_sites.router,
        evidence_review.router,
    ):
        app.include_router(router)
    api = APIRouter(prefix=API_PREFIX, dependencies=[Depends(reject_unknown_query_parameters)])
    for module in (users, rankings, analysis_api, programme_api, reports, public_api):
        api.include_router(module.router)
    app.include_router(api, responses={**BAD_INPUT, **REJECTED, **TOO_LARGE})
    errors.install(app)
    # Middleware added last runs first: security headers around all, then OPTIONS, compression,
    # the language, the request size limit, the session.
    sessions.install(
        app,
        signing_key(store, settings),
        secure=settings.secure_cookies,
        max_age=settings.session_max_age,
    )
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(ReportingDateMiddleware)
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=1)
    app.add_middleware(OptionsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
