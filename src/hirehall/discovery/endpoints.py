"""Discovery routes: capabilities (bearer), and the tokenless .well-known documents,
`/llms.txt` and `/auth.md` built from this app's own route table."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

from hirehall.api.deps import require, respond, runtime
from hirehall.api.openapi import build_openapi, errors
from hirehall.api.routes import serves
from hirehall.core.principal import Principal
from hirehall.core.scopes import Feature
from hirehall.discovery import documents, texts
from hirehall.discovery.capabilities import capabilities
from hirehall.discovery.schemas import JobDraftCapabilities

router = APIRouter()  # under /api/public/v1
site_router = APIRouter(include_in_schema=False)

_HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@router.get(
    "/job-drafts/capabilities",
    operation_id="getJobDraftCapabilities",
    response_model=JobDraftCapabilities,
    responses=errors(401, 403, 429),
)
async def get_capabilities(
    who: Annotated[Principal, Depends(require(feature=Feature.JOB_DRAFTING))],
) -> JSONResponse:
    """Drafting capabilities and this account's feature flags"""
    return respond(capabilities(who))


def site(app: FastAPI) -> texts.Site:
    """The routes the OpenAPI document lists, plus every served path (for discovery)."""
    routes: list[texts.Route] = []
    for path, item in build_openapi(app).get("paths", {}).items():
        for method in _HTTP_METHODS:
            operation = item.get(method)
            if operation is not None:
                summary = (operation.get("description") or operation.get("summary") or "").strip()
                routes.append(texts.Route(method.upper(), path, summary.splitlines()[0]))
    pages = frozenset(path for path, _ in texts.DISCOVERY if serves(app, "GET", path))
    settings = app.state.runtime.settings
    return texts.Site(
        base=settings.public_url,
        routes=tuple(routes),
        pages=pages,
        token_limit_per_minute=settings.token_rate_limit_per_minute,
        register_per_hour=settings.agent_register_per_hour,
    )


def _markdown(text: str) -> PlainTextResponse:
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")


@site_router.get("/")
async def home() -> RedirectResponse:
    """The base URL (the issuer) answers: an agent landing here is sent to the index."""
    return RedirectResponse("/llms.txt", status_code=307)


@site_router.get("/api/public/v1")
async def api_root() -> RedirectResponse:
    """The protected resource's identifier answers too: with its OpenAPI document."""
    return RedirectResponse("/api/public/v1/openapi.json", status_code=307)


@site_router.get("/llms.txt")
async def llms_txt(request: Request) -> PlainTextResponse:
    """Agent index."""
    text = texts.llms_txt(site(request.app))
    return PlainTextResponse(text, media_type="text/plain; charset=utf-8")


@site_router.get("/auth.md")
async def auth_md(request: Request) -> PlainTextResponse:
    """Agent-auth protocol."""
    return _markdown(texts.auth_md(site(request.app)))


@site_router.get("/.well-known/oauth-protected-resource")
@site_router.get("/.well-known/oauth-protected-resource/api/public/v1")
async def protected_resource(request: Request) -> JSONResponse:
    """RFC 9728 metadata (also at the path-suffixed address RFC 9728 derives)."""
    return JSONResponse(documents.protected_resource(runtime(request).settings.public_url))


@site_router.get("/.well-known/oauth-authorization-server")
async def authorization_server(request: Request) -> JSONResponse:
    """RFC 8414 metadata with the agent_auth block."""
    return JSONResponse(documents.authorization_server(runtime(request).settings.public_url))
