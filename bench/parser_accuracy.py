"""Per-field precision and recall of the plain-text draft parser over the corpus.

Run from the repository root: ``.venv/bin/python bench/parser_accuracy.py [corpus.jsonl]``.

Scoring: a scalar field scores a true positive when the parser's value equals the expected
one (numbers within 0.5%, titles ignoring case and trailing punctuation); a wrong value is
both a false positive and a false negative; a value where none is expected is a false
positive.  List fields (languages, countries, labelTypes, labelingSoftware) score per item.
The corpus has a ``dev`` split (written while the parser was designed) and a ``holdout``
split (written afterwards, never tuned against); both are printed.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hirehall.drafting.text_parser import parse_text

CORPUS = Path(__file__).resolve().parents[1] / "tests/data/drafts/corpus.jsonl"
FIELDS = (
    "jobTitle",
    "paymentType",
    "pricePerHour",
    "pricePerLabel",
    "fixedPrice",
    "headcount",
    "languages",
    "countries",
    "dataType",
    "labelTypes",
    "dataVolume",
    "dataVolumeUnit",
    "experienceLevel",
    "projectDuration",
    "timeRequirement",
    "labelingSoftware",
)
LIST_FIELDS = {"languages", "countries", "labelTypes"}


def _items(name: str, value: Any) -> set[str]:
    if value is None:
        return set()
    if name == "labelingSoftware":
        return {part.strip().lower() for part in str(value).split(",") if part.strip()}
    return {str(v) for v in value}


def _same(name: str, expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return abs(expected - actual) <= 0.005 * max(abs(expected), 1e-9)
    if name == "jobTitle":
        return _norm_title(expected) == _norm_title(actual)
    return bool(expected == actual)


def _norm_title(value: Any) -> str:
    return " ".join(str(value).lower().split()).rstrip(".!?:")


def score(rows: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Counters of tp/fp/fn per field."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    for row in rows:
        found = parse_text(row["text"]).normalized_fields
        for name in FIELDS:
            expected, actual = row["expected"].get(name), found.get(name)
            if name in LIST_FIELDS or name == "labelingSoftware":
                want, got = _items(name, expected), _items(name, actual)
                counts[name].update(tp=len(want & got), fp=len(got - want), fn=len(want - got))
            elif expected is not None and actual is not None and _same(name, expected, actual):
                counts[name]["tp"] += 1
            else:
                counts[name].update(fp=actual is not None, fn=expected is not None)
    return counts


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def report(title: str, counts: dict[str, Counter[str]]) -> float:
    print(f"\n{title}")
    print(f"{'field':<18}{'precision':>10}{'recall':>9}{'tp':>6}{'fp':>5}{'fn':>5}")
    total: Counter[str] = Counter()
    for name, c in counts.items():
        total.update(c)
        p, r = _ratio(c["tp"], c["tp"] + c["fp"]), _ratio(c["tp"], c["tp"] + c["fn"])
        print(f"{name:<18}{p:>10.1%}{r:>9.1%}{c['tp']:>6}{c['fp']:>5}{c['fn']:>5}")
    p = _ratio(total["tp"], total["tp"] + total["fp"])
    r = _ratio(total["tp"], total["tp"] + total["fn"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{'OVERALL (micro)':<18}{p:>10.1%}{r:>9.1%}   F1 {f1:.1%}")
    return f1


def main(path: Path = CORPUS) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for split in ("dev", "holdout", "holdout2"):
        part = [r for r in rows if r.get("split", "dev") == split]
        if part:
            report(f"{split} split: {len(part)} descriptions", score(part))
    report(f"all: {len(rows)} descriptions", score(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
