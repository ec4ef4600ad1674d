"""Moderation reasons, and ordinary job text that must never be blocked."""

import pytest

from hirehall.drafting import moderate


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Send samples to john.doe@gmail.com", "contact_email"),
        ("write to john (at) gmail (dot) com", "contact_email"),
        ("Call +1 415 555 0199 to apply", "contact_phone"),
        ("Questions? (415) 555-0199", "contact_phone"),
        ("text me at 415-555-0199", "contact_phone"),
        ("Add me on Telegram @annotator_boss", "contact_handle"),
        ("discord: labelguy#1234", "contact_handle"),
        ("skype id live:cid.123", "contact_handle"),
        ("message me on WhatsApp", "contact_handle"),
        ("join t.me/labeljobs", "contact_handle"),
        ("We'll pay you directly via PayPal", "off_platform_payment"),
        ("Payment in USDT crypto only", "off_platform_payment"),
        ("Let's settle outside the platform", "off_platform_payment"),
        ("Venmo payment after each batch", "off_platform_payment"),
        ("wire transfer payment at month end", "off_platform_payment"),
    ],
)
def test_blocked_with_stable_reason(text: str, reason: str) -> None:
    verdict = moderate({"jobDescription": text}, [])
    assert verdict["decision"] == "BLOCK"
    assert reason in verdict["reasons"]  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "Pay is $0.05 per label for 10,000 labels, running 2024-2025.",
        "Use Python 3.11, GPT-4 and Label Studio 1.12.0.",
        "Budget 1,000,000 words at 0.01 USD per word; 45,000,000 tokens later.",
        "We pay weekly through the platform.",
        "200 hours of call-center audio recordings, ISO 9001:2015 compliant.",
        "Rate chatbot responses on a 1-5 scale; 15-20 hours/week.",
        "Email classification of 60k emails into 14 intents.",
        "Annotate signal processing data and Discord server messages.",
        "Translate WhatsApp-style chat messages; Telegram bot replies dataset.",
        "Phone-number redaction task: mask numbers in transcripts.",
        "Contact us through the OpenTrain messages tab.",
    ],
)
def test_ordinary_text_is_allowed(text: str) -> None:
    assert moderate({"jobDescription": text}, ["gambling"]) == {"decision": "ALLOW", "reasons": []}


def test_prohibited_terms_are_configurable_and_whole_word() -> None:
    terms = ["adult content", "casino"]
    blocked = moderate({"jobTitle": "Adult Content review", "jobDescription": "ok"}, terms)
    assert blocked == {"decision": "BLOCK", "reasons": ["prohibited_term"]}
    assert moderate({"jobDescription": "casinos"}, terms)["decision"] == "ALLOW"
    assert moderate({"jobDescription": "adult content"}, [])["decision"] == "ALLOW"
    assert moderate({"jobDescription": "anything"}, ["", "  "])["decision"] == "ALLOW"


def test_reasons_are_collected_in_stable_order() -> None:
    text = "Email a@b.com, pay you directly, Telegram: @boss, casino"
    assert moderate({"d": text}, ["casino"])["reasons"] == [
        "contact_email",
        "contact_handle",
        "off_platform_payment",
        "prohibited_term",
    ]
