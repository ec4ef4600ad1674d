"""Structured importers, malformed input and hostile XML."""

import json
from pathlib import Path

import pytest

from hirehall.drafting import (
    DraftInputError,
    import_canonical,
    import_draft,
    import_hr_xml,
    import_indeed_xml,
    import_json_ld,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "drafts"

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<source><job><title>&lol3;</title></job></source>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<PositionOpening><PositionProfile><PositionTitle>&xxe;</PositionTitle></PositionProfile></PositionOpening>"""


def test_schema_org_job_posting() -> None:
    doc = json.loads((DATA / "schema_org_job_posting.json").read_text())
    result = import_json_ld(doc)
    fields = result.normalized_fields
    assert fields["jobTitle"] == "Spanish Speech Transcriptionist"
    assert "<p>" not in fields["jobDescription"]
    assert fields["paymentType"] == "PAY_PER_HOUR"
    assert fields["pricePerHour"] == 18.5
    assert fields["countries"] == ["MX", "ES", "US"]
    assert fields["experienceLevel"] == "INTERMEDIATE"  # 24 months
    assert fields["headcount"] == 5
    assert fields["languages"] == ["Spanish"]  # from the description, so unsure
    assert "languages" in result.low_confidence_fields
    assert "headcount" not in result.low_confidence_fields
    unmapped = {u["path"] for u in result.unmapped_fields}
    assert {"jsonLd.hiringOrganization", "jsonLd.datePosted"} <= unmapped


def test_schema_org_yearly_salary_is_not_a_price() -> None:
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "X"},
            {
                "@type": "JobPosting",
                "title": "Annotator",
                "baseSalary": {
                    "@type": "MonetaryAmount",
                    "currency": "GBP",
                    "value": {"@type": "QuantitativeValue", "value": 40000, "unitText": "YEAR"},
                },
            },
        ],
    }
    result = import_json_ld(doc)
    assert "pricePerHour" not in result.normalized_fields
    assert result.unmapped_fields[0]["path"] == "jsonLd.baseSalary"


def test_schema_org_non_usd_hourly_rate_is_flagged() -> None:
    salary = {"currency": "EUR", "value": {"minValue": 20, "maxValue": 25, "unitText": "HOUR"}}
    result = import_json_ld({"@type": "JobPosting", "title": "T", "baseSalary": salary})
    assert result.normalized_fields["pricePerHour"] == 20
    assert "pricePerHour" in result.low_confidence_fields
    assert any("EUR" in w for w in result.warnings)
    assert any("range" in w for w in result.warnings)


@pytest.mark.parametrize("doc", [[], "JobPosting", {"@type": "Event"}, 42])
def test_schema_org_without_a_posting_is_refused(doc: object) -> None:
    with pytest.raises(DraftInputError) as err:
        import_json_ld(doc)
    assert err.value.issues[0]["path"][0] == "jsonLd"


def test_indeed_feed() -> None:
    result = import_indeed_xml((DATA / "indeed_feed.xml").read_text())
    fields = result.normalized_fields
    assert fields["jobTitle"] == "Image Annotation Specialist (Bounding Boxes)"
    assert fields["paymentType"] == "PAY_PER_LABEL"
    assert fields["pricePerLabel"] == 0.06
    assert fields["countries"] == ["US"]
    assert fields["timeRequirement"] == "part-time"
    assert fields["experienceLevel"] == "INTERMEDIATE"
    assert fields["dataVolume"] == 20000
    assert fields["labelingSoftware"] == "CVAT"
    assert {
        "path": "job/company",
        "reason": "no_matching_draft_field",
        "valuePreview": "Acme Data",
    } in (result.unmapped_fields)


def test_indeed_feed_with_several_jobs_warns() -> None:
    xml = "<source><job><title>A</title></job><job><title>B</title></job></source>"
    result = import_indeed_xml(xml)
    assert result.normalized_fields["jobTitle"] == "A"
    assert result.warnings


def test_hr_xml_position_opening() -> None:
    result = import_hr_xml((DATA / "hr_xml_position_opening.xml").read_text())
    fields = result.normalized_fields
    assert fields["jobTitle"] == "German Chatbot Response Evaluator"
    assert fields["countries"] == ["DE", "AT"]
    assert fields["languages"] == ["German"]
    assert fields["headcount"] == 3
    assert fields["experienceLevel"] == "INTERMEDIATE"
    assert fields["pricePerHour"] == 28
    assert "pricePerHour" in result.low_confidence_fields  # EUR
    assert fields["timeRequirement"] == "part-time"


def test_canonical_job() -> None:
    result = import_canonical(json.loads((DATA / "canonical_job.json").read_text()))
    fields = result.normalized_fields
    assert fields["pricePerLabel"] == 0.05
    assert fields["languages"] == ["Japanese", "English"]
    assert fields["countries"] == ["JP"]
    assert fields["labelTypes"] == ["SENTIMENT_ANALYSIS"]
    assert fields["labelingSoftware"] == "Label Studio"
    paths = {u["path"] for u in result.unmapped_fields}
    assert paths == {"job.countries.2", "job.internalCostCenter"}


@pytest.mark.parametrize(
    ("job", "code", "path"),
    [
        ("not an object", "invalid_type", ["job"]),
        ({"title": 5}, "invalid_type", ["job", "title"]),
        ({"paymentType": "BARTER"}, "invalid_enum_value", ["job", "paymentType"]),
        ({"paymentType": "hourly", "rateAmount": -3}, "too_small", ["job", "rateAmount"]),
        ({"languages": "Spanish"}, "invalid_type", ["job", "languages"]),
        ({"experienceLevel": "GURU"}, "invalid_enum_value", ["job", "experienceLevel"]),
    ],
)
def test_canonical_malformed(job: object, code: str, path: list[str]) -> None:
    with pytest.raises(DraftInputError) as err:
        import_canonical(job)
    assert err.value.issues[0]["code"] == code
    assert err.value.issues[0]["path"] == path


@pytest.mark.parametrize("xml", [BOMB, XXE])
@pytest.mark.parametrize("importer", [import_indeed_xml, import_hr_xml])
def test_hostile_xml_is_refused(xml: str, importer: object) -> None:
    with pytest.raises(DraftInputError) as err:
        importer(xml)  # type: ignore[operator]
    issue = err.value.issues[0]
    assert issue["code"] == "custom"
    assert issue["path"] == ["xml"]
    assert "DOCTYPE" in issue["message"]


@pytest.mark.parametrize(
    "xml", ["", "<source><job>", "not xml at all", "<Resume/>", "<source></source>"]
)
def test_malformed_xml_is_a_clean_error(xml: str) -> None:
    for importer in (import_indeed_xml, import_hr_xml):
        if importer is import_hr_xml and xml == "<source></source>":
            continue
        with pytest.raises(DraftInputError) as err:
            importer(xml)
        assert err.value.issues


def test_import_draft_dispatches_every_shape() -> None:
    text = import_draft({"rawJobDescription": "Title: X\nPay $20/hour."})
    assert text.normalized_fields["pricePerHour"] == 20
    source = import_draft({"source": {"type": "text", "text": "Need 3 annotators."}})
    assert source.normalized_fields["headcount"] == 3
    xml = (DATA / "indeed_feed.xml").read_text()
    assert import_draft({"format": "indeed_xml", "xml": xml}).normalized_fields["jobTitle"]
    job = {"title": "T", "paymentType": "FIXED_PRICE", "rateAmount": 500}
    canonical = import_draft({"format": "opentrain_canonical", "job": job})
    assert canonical.normalized_fields["fixedPrice"] == 500


@pytest.mark.parametrize(
    "payload",
    [
        {"format": "csv"},
        {"rawJobDescription": "   "},
        {"rawJobDescription": "x" * 60001},
        {"format": "hr_xml", "xml": 3},
        {"source": {"type": "text"}},
    ],
)
def test_import_draft_rejects_bad_payloads(payload: dict[str, object]) -> None:
    with pytest.raises(DraftInputError):
        import_draft(payload)


def test_to_dict_uses_wire_keys() -> None:
    assert set(import_draft({"rawJobDescription": "Pay $5/hr"}).to_dict()) == {
        "normalizedFields",
        "lowConfidenceFields",
        "unmappedFields",
        "warnings",
    }
