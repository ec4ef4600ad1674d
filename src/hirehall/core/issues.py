"""Zod-style validation issues (decision D8): the shape zod v3 gives, `code`, `path`,
`message` plus zod's own extra keys (`expected`/`received`, `minimum`/`maximum`, `options`,
`keys`), with zod's default wording so clients that read it keep working."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

Issue = dict[str, Any]
Path = list[str | int]


def zod_type_name(value: object) -> str:
    """Name a Python value the way zod's ``received`` does for the JSON equivalent."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "number"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def invalid_type(path: Path, expected: str, value: object) -> Issue:
    received = zod_type_name(value)
    if expected == "integer" and received == "number":
        received = "float"  # zod reports a non-integer number this way
    return {
        "code": "invalid_type",
        "expected": expected,
        "received": received,
        "path": path,
        "message": f"Expected {expected}, received {received}",
    }


def too_small(path: Path, kind: str, minimum: float, *, inclusive: bool = True) -> Issue:
    return {
        "code": "too_small",
        "minimum": minimum,
        "type": kind,
        "inclusive": inclusive,
        "exact": False,
        "path": path,
        "message": _bound_message(kind, "at least", "greater than", minimum, inclusive),
    }


def too_big(path: Path, kind: str, maximum: float, *, inclusive: bool = True) -> Issue:
    return {
        "code": "too_big",
        "maximum": maximum,
        "type": kind,
        "inclusive": inclusive,
        "exact": False,
        "path": path,
        "message": _bound_message(kind, "at most", "less than", maximum, inclusive),
    }


def _bound_message(kind: str, size_word: str, cmp_word: str, bound: float, inclusive: bool) -> str:
    # Wording copied from zod v3's default error map so clients that parse it keep working.
    if kind == "string":
        return f"String must contain {size_word} {bound:g} character(s)"
    if kind == "array":
        return f"Array must contain {size_word} {bound:g} element(s)"
    suffix = " or equal to" if inclusive else ""
    return f"Number must be {cmp_word}{suffix} {bound:g}"


def invalid_enum(path: Path, value: object, options: Sequence[str]) -> Issue:
    expected = " | ".join(f"'{o}'" for o in options)
    return {
        "code": "invalid_enum_value",
        "received": value,
        "options": list(options),
        "path": path,
        "message": f"Invalid enum value. Expected {expected}, received '{value}'",
    }


def unrecognized_keys(path: Path, keys: Sequence[str]) -> Issue:
    quoted = ", ".join(f"'{k}'" for k in keys)
    return {
        "code": "unrecognized_keys",
        "keys": list(keys),
        "path": path,
        "message": f"Unrecognized key(s) in object: {quoted}",
    }


def custom(path: Path, message: str) -> Issue:
    return {"code": "custom", "path": path, "message": message}
