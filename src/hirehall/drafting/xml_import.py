"""Indeed XML feeds and HR-XML / HR Open ``PositionOpening`` documents -> draft fields.

Parsed with defusedxml and DOCTYPEs forbidden outright: no legitimate feed needs one, and
refusing them stops entity-expansion bombs and external entities before any expansion.
Element names are matched by local name so namespaced HR Open documents work too.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException

from hirehall.drafting import issues as zi
from hirehall.drafting import vocab
from hirehall.drafting.importers import fill_from_description, strip_html
from hirehall.drafting.issues import DraftInputError
from hirehall.drafting.money import find_pay
from hirehall.drafting.names import normalize_country, normalize_language
from hirehall.drafting.result import DraftParse

MAX_XML_CHARS = 1_000_000
PRICE_FIELD = {
    "PAY_PER_HOUR": "pricePerHour",
    "PAY_PER_LABEL": "pricePerLabel",
    "FIXED_PRICE": "fixedPrice",
}


def parse_xml(xml: str) -> Element:
    """Parse untrusted XML, turning every failure into a 400-ready ``DraftInputError``."""
    if len(xml) > MAX_XML_CHARS:
        raise DraftInputError([zi.too_big(["xml"], "string", MAX_XML_CHARS)])
    try:
        root: Element = safe_et.fromstring(xml, forbid_dtd=True)
    except DefusedXmlException as exc:
        message = "XML with a DOCTYPE, entity declarations or external references is refused"
        raise DraftInputError([zi.custom(["xml"], f"{message} ({type(exc).__name__})")]) from exc
    except ParseError as exc:
        raise DraftInputError([zi.custom(["xml"], f"Malformed XML: {exc}")]) from exc
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _leaves(element: Element, prefix: str = "") -> list[tuple[str, Element]]:
    path = f"{prefix}/{_local(element.tag)}" if prefix else _local(element.tag)
    children = list(element)
    if not children:
        return [(path, element)]
    return [leaf for child in children for leaf in _leaves(child, path)]


def _text(element: Element) -> str:
    return strip_html("".join(element.itertext()))


def _pay_text(result: DraftParse, text: str) -> bool:
    pay, _ = find_pay(text)
    if pay is None:
        return False
    field = PRICE_FIELD[pay.payment_type]
    result.set("paymentType", pay.payment_type)
    result.set(field, pay.amount, confident=pay.currency == "USD")
    if pay.currency != "USD":
        result.warn(f"{field}: the amount is in {pay.currency}, not USD; confirm or convert it.")
    return True


def _level(text: str) -> str | None:
    years = re.search(r"(\d+)\+?\s*(?:years?|yrs?)", text, re.I)
    if years:
        n = int(years.group(1))
        return "EXPERT" if n >= 3 else "INTERMEDIATE" if n >= 1 else "ENTRY_LEVEL"
    for level, pattern in vocab.EXPERIENCE_PATTERNS:
        if pattern.search(text):
            return level
    return None


def _add_list(result: DraftParse, name: str, value: str | None) -> bool:
    if value is None:
        return False
    items = list(result.normalized_fields.get(name, []))
    if value not in items:
        items.append(value)
    result.set(name, items)
    return True


_INDEED: dict[str, str] = {
    "title": "jobTitle",
    "description": "jobDescription",
    "salary": "pay",
    "country": "countries",
    "experience": "experienceLevel",
    "jobtype": "timeRequirement",
}


def _indeed_field(result: DraftParse, tag: str, text: str) -> bool:
    target = _INDEED.get(tag.lower())
    if target in ("jobTitle", "jobDescription"):
        result.set(target, text)
    elif target == "pay":
        return _pay_text(result, text)
    elif target == "countries":
        return _add_list(result, "countries", normalize_country(text))
    elif target == "experienceLevel":
        level = _level(text)
        result.set("experienceLevel", level)
        return level is not None
    elif target == "timeRequirement":
        kind = text.lower().replace(" ", "").replace("_", "-")
        if kind not in ("fulltime", "full-time", "parttime", "part-time"):
            return False
        result.set("timeRequirement", "full-time" if kind.startswith("full") else "part-time")
    else:
        return False
    return True


def import_indeed_xml(xml: str) -> DraftParse:
    """An Indeed XML feed (``<source><job>...</job></source>``); the first job is imported."""
    root = parse_xml(xml)
    jobs = [root] if _local(root.tag) == "job" else [e for e in root if _local(e.tag) == "job"]
    if not jobs:
        raise DraftInputError([zi.custom(["xml"], "No <job> element found in the Indeed feed")])
    result = DraftParse()
    if len(jobs) > 1:
        result.warn(f"The feed holds {len(jobs)} jobs; only the first was imported.")
    for child in jobs[0]:
        text = _text(child)
        if text and not _indeed_field(result, _local(child.tag), text):
            result.unmapped(f"job/{_local(child.tag)}", "no_matching_draft_field", text)
    return fill_from_description(result)


def _hr_field(result: DraftParse, path: str, element: Element, text: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    if name == "PositionTitle":
        result.set("jobTitle", text)
    elif "Description" in path and name in ("Content", "PositionDescription", "Description"):
        result.set("jobDescription", text)
    elif name == "CountryCode":
        return _add_list(result, "countries", normalize_country(text))
    elif name in ("LanguageCode", "Language"):
        return _add_list(result, "languages", normalize_language(text))
    elif name in ("RemunerationAmount", "BasePayAmountMin", "Amount", "BasePayAmount"):
        return _hr_pay(result, element, text)
    elif name in ("PositionQuantity", "NumberToFill", "TotalNumberToFill") and text.isdigit():
        result.set("headcount", int(text))
    elif name == "PositionScheduleTypeCode" and text.lower() in ("parttime", "fulltime"):
        result.set("timeRequirement", "part-time" if text.lower() == "parttime" else "full-time")
    elif name in ("ExperienceSummary", "YearsOfExperience", "MinimumYearsOfExperience"):
        level = _level(text if not text.isdigit() else f"{text} years")
        result.set("experienceLevel", level)
        return level is not None
    else:
        return False
    return True


def _hr_pay(result: DraftParse, element: Element, text: str) -> bool:
    currency = element.get("currencyID") or element.get("currencyCode") or "USD"
    unit = (element.get("unitCode") or element.get("interval") or "").lower()
    suffix = {"hour": "/hour", "hourly": "/hour", "item": " per item", "task": " per task"}
    return _pay_text(result, f"{currency} {text}{suffix.get(unit, ' fixed')}")


def import_hr_xml(xml: str) -> DraftParse:
    """An HR-XML / HR Open ``PositionOpening`` (``PositionProfile`` and friends)."""
    root = parse_xml(xml)
    if _local(root.tag) not in ("PositionOpening", "PositionProfile", "PositionOpenings"):
        issue = zi.custom(["xml"], f"Expected a PositionOpening document, got <{root.tag}>")
        raise DraftInputError([issue])
    result = DraftParse()
    for path, element in _leaves(root):
        text = _text(element)
        if text and not _hr_field(result, path, element, text):
            result.unmapped(path, "no_matching_draft_field", text)
    return fill_from_description(result)
