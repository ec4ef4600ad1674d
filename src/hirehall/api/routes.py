"""Questions about the app's route table, answered by Starlette's own matching (so included
routers, prefixes and path parameters count exactly as they do for a request)."""

from __future__ import annotations

import re
from typing import Any

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


def allowed_methods(document: dict[str, Any], path: str) -> list[str]:
    """The methods the OpenAPI `document` lists for `path`, for a 405's `Allow` (Starlette's
    own header names only the first route whose path matched). A fixed path
    (`/job-drafts/capabilities`) hides the templates it shadows (`/job-drafts/{jobId}`), as
    routing does. Empty for a path the document does not list."""
    matched: list[tuple[bool, list[str]]] = []
    for template, item in document.get("paths", {}).items():
        pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            matched.append(("{" not in template, [m.upper() for m in item if m in _METHODS]))
    fixed = [methods for is_fixed, methods in matched if is_fixed]
    chosen = fixed or [methods for _, methods in matched]
    return sorted({method for methods in chosen for method in methods})


_METHODS = frozenset({"get", "put", "post", "delete", "patch", "options", "head"})
