"""create_app(settings): middleware, error handlers, routers, lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from hirehall.admin.endpoints import router as admin_router
from hirehall.admin.hiring import router as admin_hiring_router
from hirehall.admin.listing import router as admin_listing_router
from hirehall.admin.messaging import router as admin_messaging_router
from hirehall.admin.money import router as admin_money_router
from hirehall.admin.simulation import router as admin_simulation_router
from hirehall.agents.endpoints import router as agent_router
from hirehall.api.body_limit import BodyLimitMiddleware
from hirehall.api.envelope import RequestIdMiddleware, install_error_handlers
from hirehall.api.health import router as health_router
from hirehall.api.pages import install_page_handlers
from hirehall.approvals.endpoints import router as approvals_router
from hirehall.approvals.pages import router as approval_pages_router
from hirehall.auth.endpoints import router as auth_router
from hirehall.contracts.endpoints import router as contracts_router
from hirehall.contracts.pages import router as contract_pages_router
from hirehall.discovery.endpoints import router as discovery_router
from hirehall.discovery.endpoints import site_router as discovery_site_router
from hirehall.events.endpoints import router as events_router
from hirehall.freelancers.endpoints import router as freelancers_router
from hirehall.humans.endpoints import router as humans_router
from hirehall.interviews.endpoints import act_router as interviews_act_router
from hirehall.interviews.endpoints import router as interviews_router
from hirehall.interviews.page_endpoints import router as interview_pages_router
from hirehall.jobs.endpoints import router as jobs_router
from hirehall.ledger.endpoints import router as ledger_router
from hirehall.messaging.endpoints import router as messaging_router
from hirehall.messaging.pages import router as messaging_pages_router
from hirehall.payments.endpoints import router as payments_router
from hirehall.payments.pages import router as payments_pages_router
from hirehall.proposals.admin_endpoints import router as proposals_admin_router
from hirehall.proposals.endpoints import router as proposals_router
from hirehall.proposals.hot_path import InviteHotPath
from hirehall.proposals.pages import router as trainer_pages_router
from hirehall.runtime import Runtime
from hirehall.settings import Settings, load_settings
from hirehall.team.endpoints import router as team_router
from hirehall.team.pages import router as team_pages_router
from hirehall.web.endpoints import router as web_router
from hirehall.web.public_pages import router as public_pages_router
from hirehall.webhooks.admin_endpoints import router as admin_webhooks_router
from hirehall.webhooks.endpoints import router as webhooks_router
from hirehall.worker.endpoints import router as worker_router
from hirehall.worker.service import Worker

PUBLIC_PREFIX = "/api/public/v1"
PUBLIC_ROUTERS = (
    auth_router,
    jobs_router,
    proposals_router,
    interviews_router,
    events_router,
    freelancers_router,
    messaging_router,
    approvals_router,
    contracts_router,
    ledger_router,
    payments_router,
    webhooks_router,
    team_router,
)


class HirehallApp(FastAPI):
    """FastAPI with the invite's hot path in front of everything (`proposals/hot_path.py`):
    a request it does not answer goes on to the whole app, middleware first."""

    hot_path: InviteHotPath | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.hot_path is not None and scope["type"] == "http":
            await self.hot_path(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def without_hot_path(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)


def create_app(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    rt = runtime or Runtime(settings)
    worker = Worker(rt)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.worker:
            worker.start()
        yield
        await worker.stop()
        await rt.dispose()

    app = HirehallApp(
        title="hirehall",
        lifespan=lifespan,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = rt
    app.state.worker = worker
    install_error_handlers(app)
    install_page_handlers(app)
    app.hot_path = InviteHotPath(app.without_hot_path, rt)
    # The last added runs first: the request id exists before the body limit may answer 413.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router)
    for router in PUBLIC_ROUTERS:
        app.include_router(router, prefix=PUBLIC_PREFIX)
    app.include_router(admin_router, include_in_schema=False)
    app.include_router(proposals_admin_router, include_in_schema=False)
    app.include_router(interviews_act_router, include_in_schema=False)
    app.include_router(admin_messaging_router, include_in_schema=False)
    app.include_router(admin_listing_router, include_in_schema=False)
    app.include_router(admin_simulation_router, include_in_schema=False)
    app.include_router(admin_hiring_router, include_in_schema=False)
    app.include_router(admin_money_router, include_in_schema=False)
    app.include_router(worker_router, include_in_schema=False)
    app.include_router(admin_webhooks_router, include_in_schema=False)
    app.include_router(discovery_router, prefix=PUBLIC_PREFIX)
    app.include_router(agent_router)
    app.include_router(discovery_site_router)
    app.include_router(web_router)
    app.include_router(humans_router)
    app.include_router(interview_pages_router)
    app.include_router(messaging_pages_router)
    app.include_router(trainer_pages_router)
    app.include_router(public_pages_router)
    app.include_router(approval_pages_router)
    app.include_router(contract_pages_router)
    app.include_router(payments_pages_router)
    app.include_router(team_pages_router)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers: each worker reads the same environment."""
    app = create_app(load_settings())
    # What is alive once the app is built (modules, routes, models) lives as long as the
    # worker: out of the collector's sight, a full collection no longer walks it, which took
    # milliseconds out of a request now and then (issue 10's p99). Only here: a process that
    # builds many apps (the tests) would keep each one's garbage.
    gc.collect()
    gc.freeze()
    return app
