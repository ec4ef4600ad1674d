"""The scripted AI interviewer (decision D30), free of the database: the five questions built
from the job, the rubric that scores the answers, the summary, and the transcript sanitizer.
Everything here is a pure function of its arguments, so the same job and the same answers
always give the same questions, score and summary (docs/interviews.md explains the rubric)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

QUESTION_COUNT = 5
POINTS_PER_QUESTION = 20
LENGTH_POINTS, TERM_POINTS, ANSWERED_POINTS = 8, 8, 4
FULL_LENGTH_WORDS = 40  # an answer of 40 words or more earns every length point
POINTS_PER_TERM = 4
MIN_ANSWER_WORDS = 3
EMPTY_TRANSCRIPT = "Interview completed."
REMOVED = "[removed]"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    topic: str
    content: str
    terms: tuple[str, ...]  # the job's words a good answer uses


@dataclass(frozen=True, slots=True)
class AnswerScore:
    length: int
    terms: int
    answered: int

    @property
    def total(self) -> int:
        return self.length + self.terms + self.answered


# ---------------------------------------------------------------------------------------------
# Questions

_LEVELS = {
    "ENTRY_LEVEL": "entry-level",
    "INTERMEDIATE": "intermediate",
    "EXPERT": "expert",
    "ANY_EXPERIENCE_LEVEL": "any level of",
}
_UNITS = {
    "HOURS_OF_RECORDING_AUDIO_VIDEO": "hours of audio or video",
    "NUMBER_OF_FILES": "files",
    "NUMBER_OF_WORDS": "words",
}
# Words of the job's free text that say nothing about the work, so they earn no points.
_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a an and any are as at be but by can for from has have in into is it its of on or per"
        " our the their this to up was we were will with you your all each not no more than"
        " about data label labels labeling work job task tasks project",
    )
)
# Used only for a question whose part of the job is empty, so that it can still be scored.
_GENERIC_TERMS = {
    "data": ("guidelines", "quality", "consistent", "annotation"),
    "languages": ("native", "fluent", "grammar", "translation"),
    "experience": ("years", "experience", "projects", "reviewed"),
    "volume": ("per day", "per week", "deadline", "schedule"),
    "availability": ("hours", "week", "time zone", "weekends"),
}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _joined(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _significant_words(text: str, limit: int = 8) -> list[str]:
    seen: list[str] = []
    for word in _words(text):
        if len(word) >= 3 and word not in _STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def _terms(topic: str, job_terms: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(term.lower() for term in job_terms if term.strip()))
    return cleaned or _GENERIC_TERMS[topic]


def build_questions(title: str, fields: Mapping[str, Any]) -> list[Question]:
    """The five questions for a job, from its title and its draft fields (PATCH names)."""
    data_type = _text(fields.get("dataType")).lower()
    label_types = _strings(fields.get("labelTypes"))
    software = _text(fields.get("labelingSoftware"))
    what = f"{data_type} data" if data_type else "data like this"
    labels = f" with {_joined(label_types)} labels" if label_types else ""
    tool = f" in {software}" if software else ""
    q_data = Question(
        "data",
        "data and labels",
        f"This job ({title}) labels {what}{labels}{tool}. Describe a similar labeling project "
        "you have done and how you kept your labels consistent.",
        _terms("data", [data_type, *label_types, software]),
    )

    languages = _strings(fields.get("languages"))
    q_languages = Question(
        "languages",
        "languages",
        (
            f"The work is in {_joined(languages)}. How well do you read and write "
            f"{'each of them' if len(languages) > 1 else 'it'}, and how have you used "
            f"{'them' if len(languages) > 1 else 'it'} in labeling work?"
        )
        if languages
        else "Which languages do you read and write well enough to label in, and how have "
        "you used them in labeling work?",
        _terms("languages", languages),
    )

    level = _LEVELS.get(_text(fields.get("experienceLevel")), "")
    subject = _text(fields.get("subjectMatter"))
    asked = f"The job asks for {level} experience" if level else "Tell us about your experience"
    about = f" in {subject}" if subject else ""
    level_terms = [] if level in ("", "any level of") else [level.split("-")[0]]
    q_experience = Question(
        "experience",
        "experience",
        f"{asked}{about}. What have you labeled before, for how long, and what did you learn "
        "from reviewers' feedback?",
        _terms("experience", [*level_terms, *_significant_words(subject, 4)]),
    )

    volume = _number(fields.get("dataVolume"))
    unit = _UNITS.get(_text(fields.get("dataVolumeUnit")), "")
    duration = _text(fields.get("projectDuration"))
    timing = _text(fields.get("timeRequirement"))
    size = f"about {volume} {unit}".strip() if volume else "its full volume"
    within = f", within {duration}" if duration else ""
    q_volume = Question(
        "volume",
        "volume and deadline",
        f"The job covers {size}{within}. How much could you deliver each week, and how would "
        "you make sure the work is done by the deadline?",
        _terms(
            "volume",
            [volume, *_significant_words(unit, 2), *_significant_words(f"{duration} {timing}")],
        ),
    )

    workload = _text(fields.get("workloadDesc"))
    expected = f" The job expects: {timing or workload}." if (timing or workload) else ""
    q_availability = Question(
        "availability",
        "availability",
        f"How many hours a week are you available for this job, on which days, and in which "
        f"time zone?{expected}",
        _terms("availability", _significant_words(f"{timing} {workload}")),
    )
    return [q_data, q_languages, q_experience, q_volume, q_availability]


# ---------------------------------------------------------------------------------------------
# Sanitizing

# Markers a chat model or an agent framework puts around turns ("<|im_start|>", "[INST]",
# "<<SYS>>"): they are not what the trainer said.
_CONTROL = re.compile(r"<\|[^|<>]{0,40}\|>|\[/?INST\]|<</?SYS>>", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    # A sentence's closing punctuation after a link is not part of it.
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S*[^\s.,;:!?)\]\"']"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|net|org|io|ai|me|co|info|biz|dev|app|ly|gg|xyz)\b"
    r"(?:/\S*[^\s.,;:!?)\]\"'])?",
    re.IGNORECASE,
)
# As decision D32 defines a phone number: "+" and 7 or more digits, or 9 or more digits in a
# run, with spaces, dots, dashes and parentheses between them (an ISO date has 8 digits).
_SEP = r"[\s.\-()]*"
_PHONE = re.compile(rf"\+{_SEP}\d(?:{_SEP}\d){{6,}}|(?<![\w+])\(?\d(?:{_SEP}\d){{8,}}")
_SPACES = re.compile(r"[ \t]+")


def _strip_invisible(text: str) -> str:
    # Control and format characters (zero-width joiners, bidi overrides) can hide text.
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def sanitize(text: str) -> str:
    """A transcript message as stored: no contact details, no control markers; an empty
    message reads "Interview completed."."""
    cleaned = _CONTROL.sub(" ", _strip_invisible(text))
    for pattern in (_EMAIL, _URL, _PHONE):
        cleaned = pattern.sub(REMOVED, cleaned)
    lines = (_SPACES.sub(" ", line).strip() for line in cleaned.splitlines())
    cleaned = "\n".join(line for line in lines if line)
    return cleaned or EMPTY_TRANSCRIPT


# ---------------------------------------------------------------------------------------------
# Scoring

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0 ](?=\d{3}\b)")
_NON_ANSWERS = frozenset(
    {
        "n a",
        "na",
        "none",
        "no",
        "nothing",
        "idk",
        "i don't know",
        "i do not know",
        "skip",
        "pass",
        "not sure",
        "no comment",
        "no answer",
        "interview completed",
    }
)


def _stem(word: str) -> str:
    """Plurals read as their singular, so "boxes" uses the term "bounding box"."""
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(_THOUSANDS.sub("", text.lower()))]


def _uses(term: str, answer_words: set[str]) -> bool:
    words = _words(term)
    return bool(words) and all(word in answer_words for word in words)


def score_answer(question: Question, answer: str) -> AnswerScore:
    """Up to 20 points: length (8), the job's terms used (8), answered at all (4)."""
    text = answer.replace(REMOVED, " ")
    words = _words(text)
    length = min(LENGTH_POINTS, len(words) * LENGTH_POINTS // FULL_LENGTH_WORDS)
    used = sum(1 for term in question.terms if _uses(term, set(words)))
    terms = min(TERM_POINTS, used * POINTS_PER_TERM)
    plain = " ".join(_WORD.findall(text.lower()))
    answered = len(words) >= MIN_ANSWER_WORDS and plain not in _NON_ANSWERS
    if not answered:
        # A non-answer earns nothing, however the job's words are sprinkled in it.
        return AnswerScore(length=0, terms=0, answered=0)
    return AnswerScore(length=length, terms=terms, answered=ANSWERED_POINTS)


def score(questions: Sequence[Question], answers: Sequence[str]) -> list[AnswerScore]:
    return [score_answer(q, a) for q, a in zip(questions, answers, strict=True)]


def summarize(questions: Sequence[Question], scores: Sequence[AnswerScore]) -> str:
    """Two sentences naming the strongest and the weakest answer (the first one wins ties)."""
    totals = [s.total for s in scores]
    best = max(range(len(totals)), key=lambda i: (totals[i], -i))
    worst = min(range(len(totals)), key=lambda i: (totals[i], i))
    if totals[best] == totals[worst]:
        return (
            f"Every answer scored {totals[best]}/{POINTS_PER_QUESTION}, so none was stronger "
            "or weaker than the others."
        )
    return (
        f"Strongest answer: {questions[best].topic} "
        f"({totals[best]}/{POINTS_PER_QUESTION}). "
        f"Weakest answer: {questions[worst].topic} ({totals[worst]}/{POINTS_PER_QUESTION})."
    )


# ---------------------------------------------------------------------------------------------
# Who may take the interview, and what counts as answers

# A submitted proposal the trainer still stands behind: the employer's statuses included
# (the trainer does not see them, and a "not a fit" can still be hired with an override).
TAKES_INTERVIEW = frozenset({"UNREVIEWED", "SHORTLISTED", "MAYBE", "NOT_A_FIT"})
REFUSALS = {
    "INVITED": ("proposal_not_submitted", "Accept the invite before taking the interview."),
    "DECLINED": ("proposal_declined", "This proposal was declined or withdrawn."),
    "HIRED": ("proposal_hired", "This proposal is already hired."),
}
MAX_ANSWER_CHARS = 5000


def answers_problem(answers: Any) -> str | None:
    """Why `answers` is not one non-empty string (at most 5,000 characters) per question,
    or None when it is."""
    if not isinstance(answers, list) or len(answers) != QUESTION_COUNT:
        return f"Give a list of {QUESTION_COUNT} answers, one per question."
    for number, answer in enumerate(answers, start=1):
        if not isinstance(answer, str) or not answer.strip():
            return f"Answer {number} is empty: every question needs an answer."
        if len(answer) > MAX_ANSWER_CHARS:
            return f"Answer {number} is longer than {MAX_ANSWER_CHARS} characters."
    return None
