"""The error that carries zod-style issues out of the draft parsers; the issue builders
themselves live in `hirehall.core.issues` and are re-exported here for the parsers."""

from __future__ import annotations

from collections.abc import Sequence

from hirehall.core.issues import (
    Issue,
    Path,
    custom,
    invalid_enum,
    invalid_type,
    too_big,
    too_small,
    unrecognized_keys,
    zod_type_name,
)

__all__ = [
    "DraftInputError",
    "Issue",
    "Path",
    "custom",
    "invalid_enum",
    "invalid_type",
    "too_big",
    "too_small",
    "unrecognized_keys",
    "zod_type_name",
]


class DraftInputError(ValueError):
    """Malformed draft input; ``issues`` is what goes into ``details.issues`` of the 400."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: list[Issue] = list(issues)
        first = self.issues[0]["message"] if self.issues else "Invalid draft input"
        super().__init__(first)
