"""The catalogue of draft fields (the PATCH keys of spec 2.3.2) and the publish gate.

Required before publishing (hirehall's decision, documented here and in docs/decisions.md):

* ``jobTitle`` and ``jobDescription`` -- nothing can be listed without them;
* ``paymentType`` and the price that matches it (``pricePerHour`` for PAY_PER_HOUR,
  ``pricePerLabel`` for PAY_PER_LABEL, ``fixedPrice`` for FIXED_PRICE); a price for another
  payment type does not count.  While ``paymentType`` is unset only ``paymentType`` is
  prompted for, because which price to ask for depends on the answer;
* ``experienceLevel``, ``headcount`` and ``languages`` (at least one) -- the marketplace
  filters and the AI interview need them;
* ``dataVolumeUnit``, and ``dataVolume`` unless the unit is ``UNKNOWN_NOT_SPECIFIED``: the
  post-a-job guide lists ``dataVolumeUnit`` as a missing field, and a volume without its
  unit (or a unit without a volume) cannot be priced by trainers.

``countries`` is optional: an empty list means "worldwide".  Every other key is optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PAYMENT_TYPES = ("PAY_PER_LABEL", "PAY_PER_HOUR", "FIXED_PRICE")
EXPERIENCE_LEVELS = ("EXPERT", "ENTRY_LEVEL", "INTERMEDIATE", "ANY_EXPERIENCE_LEVEL")
DATA_VOLUME_UNITS = (
    "HOURS_OF_RECORDING_AUDIO_VIDEO",
    "NUMBER_OF_FILES",
    "NUMBER_OF_WORDS",
    "UNKNOWN_NOT_SPECIFIED",
)
ENUMS: dict[str, tuple[str, ...]] = {
    "paymentType": PAYMENT_TYPES,
    "experienceLevel": EXPERIENCE_LEVELS,
    "dataVolumeUnit": DATA_VOLUME_UNITS,
}
PRICE_FIELD_FOR = {
    "PAY_PER_HOUR": "pricePerHour",
    "PAY_PER_LABEL": "pricePerLabel",
    "FIXED_PRICE": "fixedPrice",
}


@dataclass(frozen=True, slots=True)
class DraftField:
    """One PATCH key: its wire type, bounds and the words used to prompt for it."""

    name: str
    label: str
    type: str  # "string" | "number" | "integer" | "enum" | "string[]"
    minimum: float | None = None
    maximum: float | None = None
    question: str | None = None
    example: str = ""
    hint: str | None = None
    message: str | None = None
    exclusive_minimum: bool = False

    @property
    def enum_values(self) -> tuple[str, ...] | None:
        return ENUMS.get(self.name)


def _text(name: str, label: str, maximum: int = 5000) -> DraftField:
    return DraftField(name, label, "string", minimum=1, maximum=maximum)


def _price(name: str, label: str, question: str, example: str, maximum: float) -> DraftField:
    return DraftField(
        name,
        label,
        "number",
        minimum=0,
        exclusive_minimum=True,
        maximum=maximum,
        question=question,
        example=example,
        message="A pay rate is required before publishing.",
    )


FIELDS: tuple[DraftField, ...] = (
    DraftField(
        "jobTitle",
        "Job title",
        "string",
        minimum=1,
        maximum=200,
        question="What is the job title?",
        example="Spanish audio transcription",
        hint="Short and specific: the task and the language or domain.",
    ),
    DraftField(
        "jobDescription",
        "Job description",
        "string",
        minimum=1,
        maximum=60000,
        question="Describe the work AI trainers will do.",
        example="Transcribe 30-second Spanish voice clips following our style guide.",
        hint="Include the task, the data, quality expectations and the timeline.",
    ),
    _text("labelingOverview", "Labeling overview"),
    _text("datasetDescription", "Dataset description"),
    _text("dataType", "Data type", 100),
    _text("subjectMatter", "Subject matter", 500),
    DraftField(
        "dataVolume",
        "Data volume",
        "number",
        minimum=0,
        exclusive_minimum=True,
        maximum=1e12,
        question="How much data is there, in the chosen unit?",
        example="20000",
        hint="A count of files or words, or hours of audio/video, as dataVolumeUnit says.",
    ),
    DraftField(
        "dataVolumeUnit",
        "Data volume unit",
        "enum",
        question="In which unit is the data volume measured?",
        example="NUMBER_OF_FILES",
        hint="Use UNKNOWN_NOT_SPECIFIED if you cannot estimate the volume yet.",
    ),
    _text("labelingSoftware", "Labeling software", 500),
    DraftField(
        "headcount",
        "Headcount",
        "integer",
        minimum=1,
        maximum=10000,
        question="How many AI trainers do you want to hire?",
        example="5",
    ),
    DraftField(
        "experienceLevel",
        "Experience level",
        "enum",
        question="What experience level should AI trainers have?",
        example="INTERMEDIATE",
        hint="Pick the minimum level the work realistically needs.",
    ),
    DraftField(
        "paymentType",
        "Payment type",
        "enum",
        question="How will you pay AI trainers?",
        example="PAY_PER_HOUR",
        hint="Then set the matching price: pricePerHour, pricePerLabel or fixedPrice (USD).",
    ),
    _price("pricePerHour", "Price per hour", "How much will you pay per hour (USD)?", "25", 1e4),
    _price(
        "pricePerLabel", "Price per label", "How much will you pay per label (USD)?", "0.05", 1e4
    ),
    _price("fixedPrice", "Fixed price", "What is the fixed price for the job (USD)?", "500", 1e7),
    DraftField(
        "countries",
        "Countries",
        "string[]",
        maximum=250,
        question="Which countries may AI trainers be located in?",
        example='["US", "CA"]',
        hint="ISO 3166 alpha-2 codes; leave empty for worldwide.",
    ),
    DraftField(
        "languages",
        "Languages",
        "string[]",
        minimum=1,
        maximum=50,
        question="Which languages must AI trainers speak?",
        example='["English"]',
        hint="English language names, e.g. Spanish, Japanese.",
    ),
    DraftField("labelTypes", "Label types", "string[]", maximum=50, example='["CLASSIFICATION"]'),
    _text("aiInterviewRequirements", "AI interview requirements"),
    _text("budgetRange", "Budget range", 200),
    _text("workloadDesc", "Workload description"),
    _text("timeRequirement", "Time requirement", 200),
    _text("projectDuration", "Project duration", 200),
    _text("freelancerType", "Freelancer type", 100),
    _text("projectScope", "Project scope"),
    _text("visibility", "Visibility", 100),
)
FIELDS_BY_NAME: dict[str, DraftField] = {f.name: f for f in FIELDS}
UPDATE_KEYS: tuple[str, ...] = tuple(FIELDS_BY_NAME)


def _is_missing(value: object) -> bool:
    return value is None or value == "" or value == []


def required_field_names(draft: dict[str, Any]) -> list[str]:
    """The required fields for this draft, in prompt order (see the module docstring).

    The order follows the spec's example (experience level before the price) and asks for
    the unit before the volume, because the volume is meaningless without it."""
    names = ["jobTitle", "jobDescription", "experienceLevel", "paymentType"]
    price = PRICE_FIELD_FOR.get(str(draft.get("paymentType")))
    if price:
        names.append(price)
    names += ["headcount", "languages", "dataVolumeUnit"]
    if draft.get("dataVolumeUnit") != "UNKNOWN_NOT_SPECIFIED":
        names.append("dataVolume")
    return names


def missing_field_names(draft: dict[str, Any]) -> list[str]:
    return [n for n in required_field_names(draft) if _is_missing(draft.get(n))]


def prompt_for(field: DraftField) -> dict[str, Any]:
    """The prompt object of D13 / 2.3.1 for one missing field."""
    question = field.question or f"What is the {field.label.lower()}?"
    if field.enum_values:
        question += f" ({', '.join(field.enum_values)})"
    return {
        "field": field.name,
        "label": field.label,
        "message": field.message or f"{field.label} is required before publishing.",
        "code": "missing_required_field",
        "prompt": f"ask: {question}",
        "type": field.type,
        "enumValues": list(field.enum_values) if field.enum_values else None,
        "updateKeys": [field.name],
        "example": field.example,
        "hint": field.hint,
    }


def missing_fields(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """Prompt objects for every required field the draft still lacks."""
    return [prompt_for(FIELDS_BY_NAME[n]) for n in missing_field_names(draft)]


def validation(draft: dict[str, Any]) -> dict[str, Any]:
    """The ``validation`` object of 2.3.1/2.3.2: names of missing fields plus value issues."""
    from hirehall.drafting.patch import check_values  # patch imports this module

    issues = check_values({k: v for k, v in draft.items() if k in FIELDS_BY_NAME})[1]
    missing = missing_field_names(draft)
    return {
        "publishReady": not missing and not issues,
        "issueCount": len(issues),
        "missingFieldCount": len(missing),
        "missingFields": missing,
        "issues": issues,
    }
