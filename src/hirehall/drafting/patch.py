"""Validation of PATCH bodies for drafts and live jobs (spec 2.3.2 and 2.4.8).

Mirrors a strict zod object: unknown keys are rejected, each key is type-checked, enums
and bounds are enforced, and every problem is reported at once as zod-style issues.
``null`` is accepted for every key and clears the field (hirehall's decision: agents need a
way to unset a wrongly parsed value).  Languages and countries are normalised
("es" -> "Spanish", "united states" -> "US") and unknown ones are rejected.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hirehall.drafting import issues as zi
from hirehall.drafting.fields import FIELDS_BY_NAME, DraftField
from hirehall.drafting.issues import Issue
from hirehall.drafting.names import (
    country_table,
    language_table,
    normalize_country,
    normalize_language,
)


def validate_patch(body: object) -> tuple[dict[str, Any], list[Issue]]:
    """Clean values and zod-style issues for a PATCH body; the values are only usable when
    there are no issues."""
    if not isinstance(body, dict):
        return {}, [zi.invalid_type([], "object", body)]
    if not body:
        return {}, [zi.custom([], "At least one draft field is required")]
    unknown = [k for k in body if k not in FIELDS_BY_NAME]
    clean, issues = check_values({k: v for k, v in body.items() if k in FIELDS_BY_NAME})
    if unknown:
        issues.insert(0, zi.unrecognized_keys([], unknown))
    return clean, issues


def check_values(values: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """Type-check known draft keys; unknown keys must be filtered out by the caller."""
    clean: dict[str, Any] = {}
    found: list[Issue] = []
    for key, value in values.items():
        field = FIELDS_BY_NAME[key]
        if value is None:
            clean[key] = None
            continue
        checked, problems = _CHECKERS[field.type](field, value)
        found += problems
        if not problems:
            clean[key] = checked
    return clean, found


def _check_string(field: DraftField, value: object) -> tuple[Any, list[Issue]]:
    path: zi.Path = [field.name]
    if not isinstance(value, str):
        return None, [zi.invalid_type(path, "string", value)]
    text = value.strip()
    return text, _length_issues(path, "string", len(text), field)


def _check_number(field: DraftField, value: object) -> tuple[Any, list[Issue]]:
    path: zi.Path = [field.name]
    integer = field.type == "integer"
    if isinstance(value, bool) or not isinstance(value, int | float) or _is_nan(value):
        return None, [zi.invalid_type(path, "number", value)]
    if integer and not float(value).is_integer():
        return None, [zi.invalid_type(path, "integer", value)]
    problems: list[Issue] = []
    if field.minimum is not None:
        low_ok = value > field.minimum if field.exclusive_minimum else value >= field.minimum
        if not low_ok:
            problems.append(
                zi.too_small(path, "number", field.minimum, inclusive=not field.exclusive_minimum)
            )
    if field.maximum is not None and value > field.maximum:
        problems.append(zi.too_big(path, "number", field.maximum))
    return (int(value) if integer else value), problems


def _is_nan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _check_enum(field: DraftField, value: object) -> tuple[Any, list[Issue]]:
    options = field.enum_values or ()
    if value in options:
        return value, []
    if not isinstance(value, str):
        return None, [zi.invalid_type([field.name], "string", value)]
    return None, [zi.invalid_enum([field.name], value, options)]


def _check_list(field: DraftField, value: object) -> tuple[Any, list[Issue]]:
    path: zi.Path = [field.name]
    if not isinstance(value, list):
        return None, [zi.invalid_type(path, "array", value)]
    problems = _length_issues(path, "array", len(value), field)
    normalise = _ITEM_NORMALISERS.get(field.name, _plain_item)
    items: list[str] = []
    for index, item in enumerate(value):
        item_path: zi.Path = [field.name, index]
        if not isinstance(item, str):
            problems.append(zi.invalid_type(item_path, "string", item))
            continue
        normalised = normalise(item)
        if normalised is None:
            problems.append(zi.custom(item_path, f"Unknown {field.label.lower()} value '{item}'"))
        elif normalised not in items:  # duplicates carry no meaning; drop them quietly
            items.append(normalised)
    return items, problems


def _length_issues(path: zi.Path, kind: str, size: int, field: DraftField) -> list[Issue]:
    if field.minimum is not None and size < field.minimum:
        return [zi.too_small(path, kind, field.minimum)]
    if field.maximum is not None and size > field.maximum:
        return [zi.too_big(path, kind, field.maximum)]
    return []


def _plain_item(item: str) -> str | None:
    text = item.strip()
    return text or None


def _label_type_item(item: str) -> str | None:
    text = item.strip()
    return text.upper().replace(" ", "_").replace("-", "_") if text else None


_CHECKERS: dict[str, Callable[[DraftField, object], tuple[Any, list[Issue]]]] = {
    "string": _check_string,
    "number": _check_number,
    "integer": _check_number,
    "enum": _check_enum,
    "string[]": _check_list,
}
_ITEM_NORMALISERS: dict[str, Callable[[str], str | None]] = {
    "languages": normalize_language,
    "countries": normalize_country,
    "labelTypes": _label_type_item,
}


def patch_schema() -> dict[str, Any]:
    """The JSON schema of a PATCH body, from the same catalogue `validate_patch` checks:
    known keys only, at least one, each nullable (null clears it). Texts are trimmed, so a
    required character must remain (`\\S`); languages and countries are listed by their
    canonical names (the server also takes codes and aliases)."""
    properties: dict[str, Any] = {}
    for field in FIELDS_BY_NAME.values():
        properties[field.name] = {"anyOf": [_field_schema(field), {"type": "null"}]}
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "minProperties": 1,
    }


def _field_schema(field: DraftField) -> dict[str, Any]:
    if field.type == "enum":
        return {"type": "string", "enum": list(field.enum_values or ())}
    if field.type in ("number", "integer"):
        schema: dict[str, Any] = {"type": field.type}
        if field.minimum is not None:
            key = "exclusiveMinimum" if field.exclusive_minimum else "minimum"
            schema[key] = field.minimum
        if field.maximum is not None:
            schema["maximum"] = field.maximum
        return schema
    bounds = _bounds(field, "Length" if field.type == "string" else "Items")
    if field.type == "string":
        return {"type": "string", "pattern": r"\S", **bounds}
    items: dict[str, Any] = {"type": "string", "pattern": r"\S"}
    if field.name == "languages":
        items = {"type": "string", "enum": sorted(set(language_table().values()))}
    elif field.name == "countries":
        items = {"type": "string", "enum": sorted(set(country_table().values()))}
    return {"type": "array", "items": items, **bounds}


def _bounds(field: DraftField, kind: str) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    if field.minimum is not None:
        bounds[f"min{kind}"] = int(field.minimum)
    if field.maximum is not None:
        bounds[f"max{kind}"] = int(field.maximum)
    return bounds
