"""Success answers rendered as `core.json_text` writes JSON (orjson)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from hirehall.core.json_text import encode


class JSONAnswer(JSONResponse):
    def render(self, content: Any) -> bytes:
        return encode(content)
