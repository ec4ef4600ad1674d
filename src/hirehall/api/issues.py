"""Zod-style validation issues (decision D8) from JSON bodies and pydantic errors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hirehall.core.errors import BadRequest, issue

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "string",
    "int_type": "number",
    "int_parsing": "number",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "array",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "datetime_type": "string",
    "datetime_parsing": "string",
    "datetime_from_date_parsing": "string",
}


def js_type(value: Any) -> str:
    """The name zod gives a received value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _one(err: Any, path: list[str | int]) -> dict[str, Any]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return issue("invalid_type", path, "Required", expected="unknown", received="undefined")
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        return issue(
            "invalid_type",
            path,
            f"Expected {expected}, received {js_type(value)}",
            expected=expected,
            received=js_type(value),
        )
    if kind in ("string_too_short", "too_short"):
        minimum = ctx.get("min_length", 1)
        kind_name = "string" if kind == "string_too_short" else "array"
        return issue(
            "too_small",
            path,
            f"{kind_name.capitalize()} must contain at least {minimum} "
            f"{'character' if kind_name == 'string' else 'element'}(s)",
            minimum=minimum,
            type=kind_name,
            inclusive=True,
        )
    if kind in ("string_too_long", "too_long"):
        maximum = ctx.get("max_length")
        kind_name = "string" if kind == "string_too_long" else "array"
        return issue(
            "too_big",
            path,
            f"{kind_name.capitalize()} must contain at most {maximum} "
            f"{'character' if kind_name == 'string' else 'element'}(s)",
            maximum=maximum,
            type=kind_name,
            inclusive=True,
        )
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return issue(
            "too_small",
            path,
            f"Number must be greater than {_or_equal(kind)}{bound}",
            minimum=bound,
            type="number",
            inclusive=kind.endswith("equal"),
        )
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return issue(
            "too_big",
            path,
            f"Number must be less than {_or_equal(kind)}{bound}",
            maximum=bound,
            type="number",
            inclusive=kind.endswith("equal"),
        )
    if kind in ("literal_error", "enum"):
        options = _options(ctx.get("expected", ""))
        return issue(
            "invalid_enum_value",
            path,
            f"Invalid enum value. Expected {' | '.join(repr(o) for o in options)}, "
            f"received {value!r}",
            options=options,
            received=value,
        )
    return issue("custom", path, str(err.get("msg", "Invalid value")))


def _or_equal(kind: str) -> str:
    return "or equal to " if kind.endswith("equal") else ""


def _options(expected: str) -> list[str]:
    # pydantic renders choices as "'A', 'B' or 'C'"
    cleaned = expected.replace(" or ", ", ")
    return [part.strip().strip("'\"") for part in cleaned.split(",") if part.strip()]


def from_pydantic(errors: Sequence[Any], *, strip_location: bool = True) -> list[dict[str, Any]]:
    """Maps pydantic errors to zod issues; unknown keys are grouped per object as zod does."""
    issues: list[dict[str, Any]] = []
    unknown: dict[tuple[str | int, ...], list[str]] = {}
    for err in errors:
        loc = list(err.get("loc", ()))
        if not strip_location and loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
        path: list[str | int] = [p for p in loc if isinstance(p, str | int)]
        if err["type"] == "extra_forbidden":
            unknown.setdefault(tuple(path[:-1]), []).append(str(path[-1]) if path else "")
            continue
        issues.append(_one(err, path))
    for parent, keys in unknown.items():
        names = ", ".join(f"'{k}'" for k in keys)
        issues.append(
            issue(
                "unrecognized_keys",
                list(parent),
                f"Unrecognized key(s) in object: {names}",
                keys=keys,
            )
        )
    return issues


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 with one issue at path [] (decision D8)."""
    if not raw.strip():
        raise BadRequest(
            "A JSON body is required.",
            {
                "issues": [
                    issue("invalid_type", [], "Required", expected="object", received="undefined")
                ]
            },
        )
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(
            "The body is not valid JSON.",
            {"issues": [issue("custom", [], "Invalid JSON")]},
        ) from None
    if b"\\u0000" in raw:
        # PostgreSQL text cannot hold NUL; no value we accept needs one.
        raise BadRequest(
            "Strings must not contain NUL characters.",
            {"issues": [issue("custom", [], "NUL character in a string")]},
        )
    if not isinstance(value, dict):
        raise BadRequest(
            "The body must be a JSON object.",
            {
                "issues": [
                    issue(
                        "invalid_type",
                        [],
                        f"Expected object, received {js_type(value)}",
                        expected="object",
                        received=js_type(value),
                    )
                ]
            },
        )
    return value


def validate(model: type[M], raw: bytes) -> M:
    """Parses and validates a JSON body strictly (no coercion of 1 into "1")."""
    parse_json_object(raw)
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise BadRequest("Invalid request body.", {"issues": from_pydantic(exc.errors())}) from None
