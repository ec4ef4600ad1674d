"""The cost of rendering a JSON answer: the standard library's encoder (what Starlette's
`JSONResponse` uses) against orjson (`hirehall/core/json_text.py`), on a real page of 100
proposals as `GET /jobs/{id}/proposals?limit=100` answers it (issue 10, item 3).

Run from the repository root: ``.venv/bin/python bench/json_encoding.py`` (a temporary
SQLite database, made through the app). Not a test: it prints its figures.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import orjson
from fastapi.testclient import TestClient
from tests.conftest import bearer, make_settings
from tests.factories import make_employer, make_trainer

from hirehall.app import create_app
from hirehall.core.json_text import encode
from hirehall.db.migrate import upgrade

ROUNDS, CALLS = 7, 2000


def page_of_100() -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix="hirehall-json-"))
    settings = make_settings(f"sqlite:///{scratch / 'h.db'}", scratch)
    upgrade(settings.database_url)
    with TestClient(create_app(settings)) as client:
        employer = make_employer(client)
        path = f"/api/public/v1/jobs/{employer.job['id']}"
        for _ in range(100):
            trainer = make_trainer(client)
            client.post(
                f"{path}/invites", json={"freelancerId": trainer["id"]},
                headers=bearer(employer.token),
            )  # fmt: skip
        answer = client.get(f"{path}/proposals?limit=100", headers=bearer(employer.token))
        page: dict[str, Any] = answer.json()
    return page


def starlette(content: Any) -> bytes:
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


def per_call_us(render: Any, content: Any) -> float:
    rounds = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for _ in range(CALLS):
            render(content)
        rounds.append((time.perf_counter() - t0) / CALLS * 1e6)
    return statistics.median(rounds)


def main() -> None:
    page = page_of_100()
    assert orjson.loads(encode(page)) == json.loads(starlette(page))
    size = len(encode(page))
    print(f"a page of {len(page['proposals'])} proposals, {size:,} bytes of JSON")
    print(f"median of {ROUNDS} rounds of {CALLS:,} renders each:")
    stdlib, fast = per_call_us(starlette, page), per_call_us(encode, page)
    print(f"  standard library (Starlette's JSONResponse): {stdlib:7.1f} µs per answer")
    print(f"  orjson (hirehall's JSONAnswer):               {fast:7.1f} µs per answer")
    print(f"  {stdlib / fast:.1f} times as fast, {stdlib - fast:.0f} µs saved per answer")


if __name__ == "__main__":
    main()
