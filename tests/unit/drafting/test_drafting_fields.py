"""Missing-field prompts, the validation object and PATCH body validation."""

import pytest

from hirehall.drafting import missing_fields, validate_patch, validation

READY = {
    "jobTitle": "Spanish transcription",
    "jobDescription": "Transcribe Spanish audio.",
    "paymentType": "PAY_PER_LABEL",
    "pricePerLabel": 0.05,
    "experienceLevel": "INTERMEDIATE",
    "headcount": 5,
    "languages": ["Spanish"],
    "dataVolume": 20000,
    "dataVolumeUnit": "NUMBER_OF_FILES",
}


def test_prompt_objects_match_the_spec_example() -> None:
    draft = {k: v for k, v in READY.items() if k not in ("experienceLevel", "pricePerLabel")}
    prompts = missing_fields(draft)
    assert prompts == [
        {
            "field": "experienceLevel",
            "label": "Experience level",
            "message": "Experience level is required before publishing.",
            "code": "missing_required_field",
            "prompt": "ask: What experience level should AI trainers have? "
            "(EXPERT, ENTRY_LEVEL, INTERMEDIATE, ANY_EXPERIENCE_LEVEL)",
            "type": "enum",
            "enumValues": ["EXPERT", "ENTRY_LEVEL", "INTERMEDIATE", "ANY_EXPERIENCE_LEVEL"],
            "updateKeys": ["experienceLevel"],
            "example": "INTERMEDIATE",
            "hint": "Pick the minimum level the work realistically needs.",
        },
        {
            "field": "pricePerLabel",
            "label": "Price per label",
            "message": "A pay rate is required before publishing.",
            "code": "missing_required_field",
            "prompt": "ask: How much will you pay per label (USD)?",
            "type": "number",
            "enumValues": None,
            "updateKeys": ["pricePerLabel"],
            "example": "0.05",
            "hint": None,
        },
    ]


def test_every_prompt_has_the_documented_keys() -> None:
    for prompt in missing_fields({}):
        assert prompt["prompt"].startswith("ask: ")
        assert prompt["updateKeys"] == [prompt["field"]]
        assert isinstance(prompt["example"], str)


def test_price_prompt_follows_payment_type() -> None:
    assert "pricePerHour" in validation({"paymentType": "PAY_PER_HOUR"})["missingFields"]
    names = validation({})["missingFields"]
    assert "paymentType" in names
    assert not {"pricePerHour", "pricePerLabel", "fixedPrice"} & set(names)


def test_a_price_for_another_payment_type_does_not_count() -> None:
    draft = {**READY, "pricePerLabel": None, "pricePerHour": 20}
    assert validation(draft)["missingFields"] == ["pricePerLabel"]


def test_unknown_volume_unit_needs_no_volume() -> None:
    draft = {**READY, "dataVolume": None, "dataVolumeUnit": "UNKNOWN_NOT_SPECIFIED"}
    assert validation(draft)["publishReady"] is True


def test_ready_draft_validation_shape() -> None:
    assert validation(READY) == {
        "publishReady": True,
        "issueCount": 0,
        "missingFieldCount": 0,
        "missingFields": [],
        "issues": [],
    }


def test_empty_languages_count_as_missing() -> None:
    result = validation({**READY, "languages": []})
    assert result["missingFields"] == ["languages"]
    assert result["missingFieldCount"] == 1


def test_patch_accepts_and_normalises() -> None:
    clean, issues = validate_patch(
        {"languages": ["es", "german"], "countries": ["united states", "br"], "headcount": 3.0}
    )
    assert issues == []
    assert clean == {"languages": ["Spanish", "German"], "countries": ["US", "BR"], "headcount": 3}


def test_patch_null_clears_a_field() -> None:
    assert validate_patch({"pricePerHour": None}) == ({"pricePerHour": None}, [])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"nope": 1}, {"code": "unrecognized_keys", "keys": ["nope"], "path": []}),
        ({"jobTitle": 3}, {"code": "invalid_type", "expected": "string", "received": "number"}),
        ({"headcount": 2.5}, {"code": "invalid_type", "expected": "integer", "received": "float"}),
        ({"headcount": True}, {"code": "invalid_type", "received": "boolean"}),
        ({"pricePerHour": 0}, {"code": "too_small", "minimum": 0, "inclusive": False}),
        ({"headcount": 10**6}, {"code": "too_big", "maximum": 10000}),
        ({"jobTitle": ""}, {"code": "too_small", "type": "string"}),
        ({"paymentType": "HOURLY"}, {"code": "invalid_enum_value", "received": "HOURLY"}),
        ({"languages": "Spanish"}, {"code": "invalid_type", "expected": "array"}),
        ({"languages": ["Klingon"]}, {"code": "custom", "path": ["languages", 0]}),
        ({"countries": [7]}, {"code": "invalid_type", "path": ["countries", 0]}),
        ([], {"code": "invalid_type", "expected": "object", "received": "array", "path": []}),
        ({}, {"code": "custom", "path": []}),
    ],
)
def test_patch_issues_are_zod_shaped(body: object, expected: dict[str, object]) -> None:
    _, issues = validate_patch(body)
    assert len(issues) == 1
    issue = issues[0]
    assert {"code", "path", "message"} <= issue.keys()
    assert {k: issue[k] for k in expected} == expected


def test_patch_reports_every_problem_at_once() -> None:
    _, issues = validate_patch({"x": 1, "y": 2, "jobTitle": 1, "experienceLevel": "GURU"})
    assert [i["code"] for i in issues] == [
        "unrecognized_keys",
        "invalid_type",
        "invalid_enum_value",
    ]
    assert issues[0]["keys"] == ["x", "y"]
    assert issues[2]["options"] == ["EXPERT", "ENTRY_LEVEL", "INTERMEDIATE", "ANY_EXPERIENCE_LEVEL"]


def test_validation_reports_bad_stored_values_as_issues() -> None:
    result = validation({**READY, "headcount": -1})
    assert result["publishReady"] is False
    assert result["issueCount"] == 1
