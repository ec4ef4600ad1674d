"""Questions about the app's route table, answered by Starlette's own matching (so included
routers, prefixes and path parameters count exactly as they do for a request)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.routing import Match


def serves(app: FastAPI, method: str, path: str) -> bool:
    """Whether a request `method path` reaches a route (not a 404 or 405)."""
    scope = {
        "type": "http",
        "method": method.upper(),
        "path": path,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    return any(route.matches(scope)[0] == Match.FULL for route in app.routes)
