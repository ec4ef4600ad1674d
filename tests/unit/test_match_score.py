"""`metrics.matchScore` (decision D29), the pure function."""

from __future__ import annotations

from typing import Any

import pytest

from hirehall.proposals.rules import match_score

TRAINER: dict[str, Any] = {
    "skills": {"dataTypes": ["TEXT"], "labelTypes": ["CLASSIFICATION", "Ranking"]},
    "languages": [{"language": "Spanish", "proficiency": "NATIVE"}],
    "country_code": "ES",
    "expertise_level": "INTERMEDIATE",
}


def score(job: dict[str, Any], **trainer: Any) -> float | None:
    return match_score(job, **{**TRAINER, **trainer})


def test_a_job_that_names_nothing_has_no_score() -> None:
    assert score({}) is None
    assert score({"dataType": "", "labelTypes": [], "languages": [], "countries": []}) is None


def test_every_named_category_met_is_one() -> None:
    job = {
        "dataType": "Text",
        "labelTypes": ["ranking", "Bounding box"],
        "languages": ["English", "spanish"],
        "countries": ["ES", "MX"],
        "experienceLevel": "ENTRY_LEVEL",
    }
    assert score(job) == 1.0


def test_met_over_named_with_two_decimals() -> None:
    job = {"dataType": "Audio", "languages": ["Spanish"], "countries": ["US"]}
    assert score(job) == 0.33
    assert score({"dataType": "Audio", "languages": ["Spanish"]}) == 0.5
    assert score({"dataType": "Audio"}) == 0.0


@pytest.mark.parametrize(
    ("job_level", "trainer_level", "met"),
    [
        ("ANY_EXPERIENCE_LEVEL", None, True),
        ("ENTRY_LEVEL", "ENTRY_LEVEL", True),
        ("INTERMEDIATE", "ENTRY_LEVEL", False),
        ("INTERMEDIATE", "EXPERT", True),
        ("EXPERT", "INTERMEDIATE", False),
        ("EXPERT", "EXPERT", True),
        ("ENTRY_LEVEL", None, False),
    ],
)
def test_experience_is_met_at_or_above_the_jobs_level(
    job_level: str, trainer_level: str | None, met: bool
) -> None:
    assert score({"experienceLevel": job_level}, expertise_level=trainer_level) == float(met)


def test_a_trainer_without_a_country_or_skills_meets_nothing_named() -> None:
    job = {"dataType": "Text", "labelTypes": ["Ranking"], "countries": ["ES"]}
    assert score(job, country_code=None, skills=None, languages=None) == 0.0
    assert score(job, country_code="es") == 1.0
