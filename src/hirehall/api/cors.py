"""CORS and edge-cache headers for the tokenless job board (spec 1.19).

A route class rather than a middleware: it knows exactly which routes are public, and it
also puts CORS headers on the board's errors (a browser must be able to read a 429)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from hirehall.api.envelope import envelope
from hirehall.core.errors import ApiError

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}
# Responses may be up to 5 minutes stale at the edge; `generatedAt` says when they were made.
CACHE_CONTROL = "public, s-maxage=300, stale-while-revalidate=3600"

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _error_response(request: Request, exc: ApiError) -> Response:
    retry = getattr(exc, "retry_after_seconds", None)
    headers = {"Retry-After": str(retry)} if retry is not None else None
    return envelope(request, exc.status, exc.code, exc.message, exc.details, headers)


class PublicRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def with_public_headers(request: Request) -> Response:
            try:
                response = await handler(request)
            except ApiError as exc:
                response = _error_response(request, exc)
            response.headers.update(CORS_HEADERS)
            # Successful reads (and the minimal "closed" 404) are cacheable; errors are not.
            if request.method == "GET" and response.status_code in (200, 404):
                response.headers.setdefault("Cache-Control", CACHE_CONTROL)
            return response

        return with_public_headers
