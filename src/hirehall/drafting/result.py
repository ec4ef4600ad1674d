"""The result every importer returns (the parsing part of the 2.3.1 response)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PREVIEW_CHARS = 120


def preview(value: object) -> str:
    """A short, single-line rendering of a source value for ``unmappedFields``."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


@dataclass
class DraftParse:
    """What an importer extracted: draft fields keyed by PATCH name, plus its doubts."""

    normalized_fields: dict[str, Any] = field(default_factory=dict)
    low_confidence_fields: list[str] = field(default_factory=list)
    unmapped_fields: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def set(self, name: str, value: Any, *, confident: bool = True) -> None:
        """Record a field unless it is empty; an unsure value is also listed as such."""
        if value is None or value == "" or value == []:
            return
        self.normalized_fields[name] = value
        if not confident:
            self.doubt(name)

    def doubt(self, name: str) -> None:
        if name not in self.low_confidence_fields:
            self.low_confidence_fields.append(name)

    def unmapped(self, path: str, reason: str, value: object) -> None:
        self.unmapped_fields.append(
            {"path": path, "reason": reason, "valuePreview": preview(value)}
        )

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_dict(self) -> dict[str, Any]:
        """The wire keys of 2.3.1."""
        return {
            "normalizedFields": dict(self.normalized_fields),
            "lowConfidenceFields": list(self.low_confidence_fields),
            "unmappedFields": list(self.unmapped_fields),
            "warnings": list(self.warnings),
        }
