"""Plain-English job descriptions -> draft fields (spec 2.3.1, ``source.type: "text"``).

Regular expressions and small vocabularies, no model and no network: every extraction can
be explained and tested.  Conventions (also the corpus's, see tests/data/drafts/README.md):
a title is only taken from a heading line or a ``Title:``-style label, never invented;
ranges give their lower bound; counts of discrete items (images, clips, reviews, tasks)
are ``NUMBER_OF_FILES``; amounts stated per person ("each participant records 1 hour")
are not the job's data volume.
"""

from __future__ import annotations

import re
from functools import cache

from hirehall.drafting import vocab
from hirehall.drafting.money import find_pay, payment_type_from_words
from hirehall.drafting.names import (
    COUNTRY_ALIASES,
    DEMONYMS,
    country_name_pattern,
    language_table,
    normalize_country,
)
from hirehall.drafting.result import DraftParse
from hirehall.drafting.text_rules import (
    find_data_volume,
    find_headcount,
    find_project_duration,
    find_time_requirement,
)

PRICE_FIELD = {
    "PAY_PER_HOUR": "pricePerHour",
    "PAY_PER_LABEL": "pricePerLabel",
    "FIXED_PRICE": "fixedPrice",
}
_TITLE_LABEL = re.compile(
    r"^\s*(?:job title|title|job|position|role|project)\s*[:\-\u2013]\s*(.+)$", re.I | re.M
)
_EXPLICIT_LEVELS = {"entry": "ENTRY_LEVEL", "intermediate": "INTERMEDIATE", "expert": "EXPERT"}
_EXPLICIT_LEVEL = re.compile(r"\b(entry|intermediate|expert)[- ]level\b(?! \w+ers?\b)", re.I)
_GREETING = re.compile(r"^(?:hi|hello|hey|dear|greetings)\b", re.I)
# Major languages are matched in any case ("english." in a terse post); the rest of ISO
# 639-1 only when capitalised, because names such as "Ewe", "Lao" or "Latin" are words too.
_ANY_CASE_LANGUAGES = frozenset(
    [
        "english",
        "spanish",
        "french",
        "german",
        "italian",
        "portuguese",
        "dutch",
        "russian",
        "polish",
        "ukrainian",
        "arabic",
        "hindi",
        "urdu",
        "bengali",
        "japanese",
        "korean",
        "chinese",
        "mandarin",
        "cantonese",
        "vietnamese",
        "thai",
        "turkish",
        "swahili",
        "yoruba",
        "tagalog",
        "indonesian",
        "malay",
        "greek",
        "hebrew",
        "persian",
        "farsi",
    ]
)
_SKIP_LANGUAGES = frozenset({"nauru", "tonga", "filipino", "ido", "latin"})
_REGION = re.compile(
    r"\b(?:latin|south|north|central) america\b|\bEurope(?:an)?(?:-based)?\b|\bthe EU\b"
    r"|\bAfrica\b|\bAsia\b|\bLATAM\b|\bEMEA\b|\bAPAC\b",
    re.I,
)
_UNSAFE_COUNTRY_WORDS = frozenset({"chad", "jordan", "georgia", "jersey", "america", "guinea"})
_BARE_CODES = re.compile(r"(?<![\w.])(US|U\.S\.|UK|U\.K\.|USA|UAE)(?![\w])")
_DEMONYM_PLACE = re.compile(r"\b([A-Z][a-z]+|US|UK)(?:-based| residents?| citizens| nationals)\b")


def parse_text(text: str) -> DraftParse:
    """Extract every draft field the text states; see the module docstring."""
    result = DraftParse()
    body = text.strip()
    result.set("jobDescription", body)
    _title(body, result)
    _pay(body, result)
    _people(body, result)
    _places_and_languages(body, result)
    _work(body, result)
    return result


def _title(text: str, result: DraftParse) -> None:
    labelled = _TITLE_LABEL.search(text)
    if labelled:
        result.set("jobTitle", _clean_title(labelled.group(1)))
        return
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return
    first = _clean_title(lines[0])
    looks_like_heading = (
        0 < len(first) <= 120
        and len(first.split()) <= 15
        and not first.endswith((".", "?", ":"))
        and not _GREETING.match(first)
    )
    if looks_like_heading:
        result.set("jobTitle", first)


def _clean_title(raw: str) -> str:
    return raw.strip().strip("#*_ ").strip()


def _pay(text: str, result: DraftParse) -> None:
    pay, unused = find_pay(text)
    if pay is None:
        result.set("paymentType", payment_type_from_words(text))
        for amount in unused:
            result.unmapped("text", "amount_without_pay_unit", amount)
        return
    field = PRICE_FIELD[pay.payment_type]
    result.set("paymentType", pay.payment_type)
    result.set(field, pay.amount)
    if pay.range_text:
        result.warn(f"{field}: the text gives a range ({pay.text}); the lower bound was used.")
    if pay.currency != "USD":
        result.warn(f"{field}: the amount is in {pay.currency}, not USD; confirm or convert it.")
        result.doubt(field)
    if pay.payment_type == "FIXED_PRICE" and re.search(r"budget", text, re.I):
        result.doubt("paymentType")  # a budget may be a cap on hourly work
    for amount in unused:
        result.unmapped("text", "additional_amount_not_used", amount)


def _people(text: str, result: DraftParse) -> None:
    headcount, confident = find_headcount(text)
    result.set("headcount", headcount, confident=confident)
    explicit = _EXPLICIT_LEVEL.search(text)
    if explicit:  # "intermediate level is enough" outranks cues such as "expert" in a title
        result.set("experienceLevel", _EXPLICIT_LEVELS[explicit.group(1).lower()])
        return
    for level, pattern in vocab.EXPERIENCE_PATTERNS:
        match = pattern.search(text)
        if match:
            vague = match.group(0).lower() == "experienced"
            result.set("experienceLevel", level, confident=not vague)
            return


@cache
def _language_pattern() -> re.Pattern[str]:
    names = sorted(
        (n for n in language_table() if len(n) > 3 and n not in _SKIP_LANGUAGES),
        key=len,
        reverse=True,
    )
    return re.compile(rf"\b({'|'.join(re.escape(n) for n in names)})\b", re.I)


def _languages(text: str) -> list[str]:
    found: list[str] = []
    table = language_table()
    for match in _language_pattern().finditer(text):
        word = match.group(1)
        if word.lower() not in _ANY_CASE_LANGUAGES and not word[0].isupper():
            continue
        if re.match(r"(?:-based| residents| citizens| labelers)", text[match.end() :]):
            continue  # a demonym, not a language
        name = table[word.lower()]
        if name not in found:
            found.append(name)
    return found


def _countries(text: str, result: DraftParse) -> list[str]:
    for region in _REGION.finditer(text):
        result.unmapped("text", "region_is_not_a_country", region.group(0))
    scrubbed = _REGION.sub(" ", text)
    hits: list[tuple[int, str]] = []
    for match in country_name_pattern().finditer(scrubbed):
        if match.group(1).lower() not in _UNSAFE_COUNTRY_WORDS:
            hits.append(
                (
                    match.start(),
                    COUNTRY_ALIASES.get(match.group(1).lower(), "")
                    or normalize_country(match.group(1))
                    or "",
                )
            )
    for match in _BARE_CODES.finditer(scrubbed):
        hits.append((match.start(), normalize_country(match.group(1)) or ""))
    for match in _DEMONYM_PLACE.finditer(scrubbed):
        hits.append((match.start(), DEMONYMS.get(match.group(1).lower(), "")))
    codes: list[str] = []
    for _, code in sorted(hits):
        if code and code not in codes:
            codes.append(code)
    return codes


def _places_and_languages(text: str, result: DraftParse) -> None:
    result.set("languages", _languages(text))
    result.set("countries", _countries(text, result))


def _work(text: str, result: DraftParse) -> None:
    for code, pattern in vocab.DATA_TYPE_PATTERNS:
        if pattern.search(text):
            result.set("dataType", code)
            break
    labels = [code for code, pattern in vocab.LABEL_TYPE_PATTERNS if pattern.search(text)]
    for specific, generic in vocab.LABEL_TYPE_SUPERSEDES.items():
        if specific in labels and generic in labels:
            labels.remove(generic)
    result.set("labelTypes", labels)
    if "dataType" not in result.normalized_fields and vocab.TEXT_ONLY_LABEL_TYPES.intersection(
        labels
    ):
        result.set("dataType", "TEXT", confident=False)  # inferred from the task, not named
    volume = find_data_volume(text)
    if volume:
        result.set("dataVolume", volume.amount)
        result.set("dataVolumeUnit", volume.unit, confident=volume.confident)
    result.set("projectDuration", find_project_duration(text))
    result.set("timeRequirement", find_time_requirement(text))
    tools = [name for name, pattern in vocab.SOFTWARE if pattern.search(text)]
    result.set("labelingSoftware", ", ".join(tools))
