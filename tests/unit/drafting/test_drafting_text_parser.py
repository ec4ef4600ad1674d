"""The plain-text parser: doubts, warnings, traps, and corpus accuracy."""

import importlib.util
import json
from pathlib import Path

from hirehall.drafting import parse_text

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "data" / "drafts" / "corpus.jsonl"
ACCURACY_FLOOR = 0.95


def test_spec_example_shape() -> None:
    text = (
        "Spanish sentiment labeling\n\nWe need 5 native Spanish speakers to label 20,000 "
        "tweets. Paid per label."
    )
    fields = parse_text(text).normalized_fields
    assert fields["jobTitle"] == "Spanish sentiment labeling"
    assert fields["paymentType"] == "PAY_PER_LABEL"
    assert fields["languages"] == ["Spanish"]
    assert fields["headcount"] == 5
    assert fields["dataVolume"] == 20000
    assert fields["dataVolumeUnit"] == "NUMBER_OF_FILES"
    assert "pricePerLabel" not in fields  # only what was found


def test_range_uses_lower_bound_and_warns() -> None:
    result = parse_text("Rate: $22 - $28 per hour.")
    assert result.normalized_fields["pricePerHour"] == 22
    assert any("range" in w for w in result.warnings)


def test_other_currency_is_flagged() -> None:
    result = parse_text("We pay £0.10 per image.")
    assert result.normalized_fields["pricePerLabel"] == 0.1
    assert "pricePerLabel" in result.low_confidence_fields
    assert any("GBP" in w for w in result.warnings)


def test_company_figures_are_not_pay_and_go_to_unmapped() -> None:
    result = parse_text("We raised a $4M seed round in 2024. We pay $45/hour.")
    assert result.normalized_fields["pricePerHour"] == 45
    assert result.unmapped_fields[0]["valuePreview"] == "$4M"


def test_regions_are_not_countries() -> None:
    result = parse_text("Spanish speakers in Latin America or Europe-based, also Mexico.")
    assert result.normalized_fields["countries"] == ["MX"]
    assert {u["reason"] for u in result.unmapped_fields} == {"region_is_not_a_country"}


def test_demonym_places_and_language_are_told_apart() -> None:
    fields = parse_text("US-based German speakers; Canadian residents welcome.").normalized_fields
    assert fields["countries"] == ["US", "CA"]
    assert fields["languages"] == ["German"]


def test_per_person_amounts_are_not_volume() -> None:
    fields = parse_text("Each participant records about 1 hour of audio.").normalized_fields
    assert "dataVolume" not in fields


def test_versions_years_and_experience_years_are_ignored() -> None:
    fields = parse_text(
        "Evaluate GPT-4 outputs. 5+ years of experience. Since 2019."
    ).normalized_fields
    assert "projectDuration" not in fields
    assert "headcount" not in fields
    assert fields["experienceLevel"] == "EXPERT"


def test_single_hire_is_unsure() -> None:
    result = parse_text("Looking for an experienced annotator.")
    assert result.normalized_fields["headcount"] == 1
    assert {"headcount", "experienceLevel"} <= set(result.low_confidence_fields)


def test_description_is_kept() -> None:
    assert parse_text("  Hello  ").normalized_fields["jobDescription"] == "Hello"


def _bench() -> object:
    spec = importlib.util.spec_from_file_location(
        "parser_accuracy", ROOT / "bench/parser_accuracy.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_large_and_varied() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    assert len(rows) >= 40
    assert len({r["id"] for r in rows}) == len(rows)
    pay_types = {r["expected"].get("paymentType") for r in rows}
    assert {"PAY_PER_HOUR", "PAY_PER_LABEL", "FIXED_PRICE"} <= pay_types


def test_corpus_accuracy_stays_above_floor() -> None:
    bench = _bench()
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    counts = bench.score(rows)  # type: ignore[attr-defined]
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    assert tp / (tp + fp) >= ACCURACY_FLOOR
    assert tp / (tp + fn) >= ACCURACY_FLOOR
