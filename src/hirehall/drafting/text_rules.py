"""Counting rules for the text parser: headcount, data volume, duration, weekly hours."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a hundred": 100,
}
_COUNT = rf"\d+|{'|'.join(_WORD_NUMBERS)}"
_ROLES = (
    r"annotators?|label+ers?|people|persons?|transcri(?:bers?|ptionists?)|speakers?"
    r"|translators?|raters?|reviewers?|writers?|experts?|freelancers?|contributors?"
    r"|participants?|linguists?|engineers?|developers?|coders?|radiologists?|attorneys?"
    r"|lawyers?|taggers?|workers?|candidates?|testers?|trainers?|moderators?|openings?"
    r"|positions?|seats?|evaluators?|specialists?|doctors?|nurses?|tutors?|analysts?"
    r"|students?|graduates?|volunteers?|assistants?"
    r"|\w+(?:ists|ians)"
)
_HEADCOUNT = re.compile(
    rf"(?<![\d,.$€£])\b(?P<n>{_COUNT})(?:\s*(?:-|\u2013|or|to)\s*(?P<m>\d+))?"
    rf"(?:\s+[\w-]+){{0,3}}?\s+(?:{_ROLES})\b",
    re.I,
)
_TEAM = re.compile(
    rf"\b(?:team of|team size:?|team:|hiring|need|onboard)\s+(?P<n>{_COUNT})\b(?!\s*(?:%|\+|,\d))",
    re.I,
)
_SINGLE = re.compile(
    rf"\b(?:seeking|looking for|hiring|need|want)\s+(?:someone|somebody|"
    rf"(?:a|an|one)(?:\s+[\w-]+){{0,3}}?\s+(?:{_ROLES})\b)",
    re.I,
)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else _WORD_NUMBERS[raw.lower()]


def find_headcount(text: str) -> tuple[int | None, bool]:
    """Number of AI trainers wanted, and whether the wording is unambiguous."""
    match = _HEADCOUNT.search(text) or _TEAM.search(text)
    if match:
        ranged = "m" in match.groupdict() and match.group("m") is not None
        return _count(match.group("n")), not ranged
    if _SINGLE.search(text):
        return 1, False  # "looking for an annotator" usually, not always, means one
    return None, True


@dataclass(frozen=True, slots=True)
class Volume:
    amount: float
    unit: str
    confident: bool


_QTY = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"k\b|\s?thousand\b|\s?million\b|\s?m\b"
_ITEMS = (
    r"images?|photos?|pictures?|files?|documents?|docs|clips?|videos?|recordings?|frames?"
    r"|scans?|pages?|reviews?|e-?mails?|tweets?|posts?|comments?|messages?|conversations?"
    r"|dialogues?|prompts?|sentences?|pairs?|comparisons?|tasks?|items?|labels?|samples?"
    r"|records?|articles?|transcripts?|utterances?|texts?|queries|questions?|responses?"
    r"|decisions?|cases|invoices?|receipts?|forms|products?|listings?|rows|entries"
)
_VOLUME = re.compile(
    rf"(?<![\w$€£₹.,])(?P<q>{_QTY})(?P<scale>{_SCALE})?\+?"
    rf"(?:\s+(?P<between>(?:[\w-]+\s+){{0,2}}?))?\s*"
    rf"(?:(?P<hours>hours?|hrs?|minutes?|mins?)\s+of\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?P<media>audio|video|recordings?|speech|footage|podcasts?|interviews?|broadcasts?|calls|meetings|lectures)"
    rf"|(?P<words>words|tokens)|(?P<items>{_ITEMS}))\b",
    re.I,
)
# "Each participant records 1 hour of audio" states a per-person amount, not the total.
_PER_PERSON = re.compile(
    r"\b(?:each|per) (?:participant|person|annotator|speaker|contributor)\b"
    r"|\b(?:minutes?|hours?) of [\w -]+ each\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_UNSURE_ITEMS = {"label", "labels", "task", "tasks", "item", "items"}


def _scale(raw: str | None) -> float:
    word = (raw or "").strip().lower()
    return {"k": 1e3, "thousand": 1e3, "million": 1e6, "m": 1e6}.get(word, 1.0)


def _whole(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def _volume_in(sentence: str) -> Volume | None:
    for match in _VOLUME.finditer(sentence):
        if re.search(r"\b(?:per|a|an|each|of|to)\b", match.group("between") or ""):
            continue  # "0.08 per image", "1 of the images", "12 annotators to label": no volume
        amount = _whole(float(match.group("q").replace(",", "")) * _scale(match.group("scale")))
        if match.group("hours"):
            minutes = match.group("hours").lower().startswith("min")
            hours = _whole(amount / 60) if minutes else amount
            return Volume(hours, "HOURS_OF_RECORDING_AUDIO_VIDEO", True)
        if match.group("words"):
            return Volume(amount, "NUMBER_OF_WORDS", True)
        unsure = match.group("items").lower() in _UNSURE_ITEMS
        return Volume(amount, "NUMBER_OF_FILES", not unsure)
    return None


def find_data_volume(text: str) -> Volume | None:
    """The job's total data volume, skipping amounts stated per person."""
    for sentence in _SENTENCE_END.split(text):
        if _PER_PERSON.search(sentence):
            continue
        volume = _volume_in(sentence)
        if volume:
            return volume
    return None


_SMALL_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_DURATION = re.compile(
    rf"(?<![\d+])\b(?P<n>\d+|{_SMALL_WORDS})(?:\s*(?:-|\u2013|to)\s*(?P<m>\d+))?[\s-]*"
    r"(?P<unit>day|week|month|year)s?\b"
    r"(?!\s+(?:of\s+)?(?:[\w-]+\s+){0,2}(?:experience|in banking|old))",
    re.I,
)
_ONGOING = re.compile(r"\bongoing\b|\blong[- ]term\b", re.I)


def find_project_duration(text: str) -> str | None:
    """ "3 months", "2-3 weeks" or "ongoing"."""
    match = _DURATION.search(text)
    if match:
        low, high, unit = match.group("n"), match.group("m"), match.group("unit").lower()
        low = low if low.isdigit() else str(_count(low))
        span = f"{low}-{high}" if high else low
        plural = "" if span == "1" else "s"
        return f"{span} {unit}{plural}"
    return "ongoing" if _ONGOING.search(text) else None


_HOURS = re.compile(
    r"(?P<n>\d+)(?:\s*(?:-|\u2013|to)\s*(?P<m>\d+))?\s*(?:hours|hrs|h)\b\.?\s*"
    r"(?:per|a|an|/|each|every)\s*(?P<per>week|wk|day)\b",
    re.I,
)


def find_time_requirement(text: str) -> str | None:
    """ "20 hours/week", "10-15 hours/week", "6 hours/day", "full-time" or "part-time"."""
    match = _HOURS.search(text)
    if match:
        span = match.group("n") + (f"-{match.group('m')}" if match.group("m") else "")
        per = "day" if match.group("per").lower() == "day" else "week"
        return f"{span} hours/{per}"
    if re.search(r"\bfull[- ]time\b", text, re.I):
        return "full-time"
    if re.search(r"\bpart[- ]time\b", text, re.I):
        return "part-time"
    return None
