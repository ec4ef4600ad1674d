"""Zod-style validation issues (decision D8) from JSON bodies and pydantic errors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hirehall.core import issues as zod
from hirehall.core.errors import BadRequest

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "string",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "array",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "datetime_type": "date",
    "datetime_parsing": "date",
    "datetime_from_date_parsing": "date",
}
_BOUNDS = {
    "string_too_short": ("too_small", "string", "min_length", True),
    "too_short": ("too_small", "array", "min_length", True),
    "string_too_long": ("too_big", "string", "max_length", True),
    "too_long": ("too_big", "array", "max_length", True),
    "greater_than_equal": ("too_small", "number", "ge", True),
    "greater_than": ("too_small", "number", "gt", False),
    "less_than_equal": ("too_big", "number", "le", True),
    "less_than": ("too_big", "number", "lt", False),
}


def _one(err: Any, path: zod.Path) -> zod.Issue:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        missing = zod.invalid_type(path, "unknown", None)
        return {**missing, "received": "undefined", "message": "Required"}
    if kind in _EXPECTED:
        return zod.invalid_type(path, _EXPECTED[kind], value)
    if kind in _BOUNDS:
        code, type_name, key, inclusive = _BOUNDS[kind]
        build = zod.too_small if code == "too_small" else zod.too_big
        return build(path, type_name, ctx.get(key, 0), inclusive=inclusive)
    if kind in ("literal_error", "enum"):
        return zod.invalid_enum(path, value, _options(str(ctx.get("expected", ""))))
    message = str(err.get("msg", "Invalid value")).removeprefix("Value error, ")
    return zod.custom(path, message)


def _options(expected: str) -> list[str]:
    # pydantic renders choices as "'A', 'B' or 'C'"
    cleaned = expected.replace(" or ", ", ")
    return [part.strip().strip("'\"") for part in cleaned.split(",") if part.strip()]


def from_pydantic(errors: Sequence[Any], *, strip_location: bool = True) -> list[zod.Issue]:
    """Maps pydantic errors to zod issues; unknown keys are grouped per object as zod does."""
    found: list[zod.Issue] = []
    unknown: dict[tuple[str | int, ...], list[str]] = {}
    for err in errors:
        loc = list(err.get("loc", ()))
        if not strip_location and loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
        path: zod.Path = [p for p in loc if isinstance(p, str | int)]
        if err["type"] == "extra_forbidden":
            unknown.setdefault(tuple(path[:-1]), []).append(str(path[-1]) if path else "")
            continue
        found.append(_one(err, path))
    found += [zod.unrecognized_keys(list(parent), keys) for parent, keys in unknown.items()]
    return found


def _bad(message: str, issue: zod.Issue) -> BadRequest:
    return BadRequest(message, {"issues": [issue]})


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 with one issue at path [] (decision D8)."""
    if not raw.strip():
        missing = {**zod.invalid_type([], "object", None), "received": "undefined"}
        raise _bad("A JSON body is required.", {**missing, "message": "Required"})
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _bad("The body is not valid JSON.", zod.custom([], "Invalid JSON")) from None
    if b"\\u0000" in raw:
        # PostgreSQL text cannot hold NUL; no value we accept needs one.
        raise _bad("Strings must not contain NUL characters.", zod.custom([], "NUL character"))
    if not isinstance(value, dict):
        raise _bad("The body must be a JSON object.", zod.invalid_type([], "object", value))
    return value


def validate(model: type[M], raw: bytes) -> M:
    """Parses and validates a JSON body strictly (no coercion of 1 into "1")."""
    parse_json_object(raw)
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise BadRequest("Invalid request body.", {"issues": from_pydantic(exc.errors())}) from None
