"""JSON answers are rendered by orjson (`api/json_answer.py`) and say what Starlette's
standard-library rendering said."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hirehall.api.json_answer import JSONAnswer
from hirehall.core.json_text import encode


def _starlette(content: Any) -> bytes:
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


@pytest.mark.parametrize(
    "content",
    [
        {"ok": True, "proposalId": "01jd0000000000000000000000", "alreadyInvited": False},
        {"name": 'Zoë \u2028 \U0001f600 <tag> "quoted" back\\slash', "n": None},
        {"proposals": [{"matchScore": 87.5, "bid": {"amountCents": 2500}}], "nextCursor": None},
        [1, -2, 0.1, 1e300, 2**63 - 1, "", [], {}],
    ],
)
def test_the_same_bytes_as_starlettes_rendering(content: Any) -> None:
    assert encode(content) == _starlette(content)


def test_a_tiny_float_is_the_same_number() -> None:
    assert json.loads(encode({"x": 1e-05})) == {"x": 1e-05}


def test_an_integer_orjson_cannot_write_falls_back() -> None:
    big = {"n": 2**70}
    assert encode(big) == _starlette(big)


def test_the_answer_class_renders_with_it() -> None:
    answer = JSONAnswer({"ok": "é"}, status_code=201)
    assert answer.body == '{"ok":"é"}'.encode()
    assert answer.headers["content-type"] == "application/json"
    assert answer.status_code == 201
