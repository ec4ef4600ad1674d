"""Public job board search latency with 100,000 OPEN jobs, on SQLite and PostgreSQL.

Run from the repository root:
    .venv/bin/python bench/job_search.py [--jobs 100000] [--pg postgresql://postgres@127.0.0.1:5432/test]

For each engine it creates a fresh database (SQLite: a temporary file; PostgreSQL: the
database `hirehall_bench_search`, dropped afterwards), migrates it with Alembic, bulk-loads
varied job postings with their board facets, then times the real search use case
(`hirehall.jobs.board.search`: both SQL statements and the public job objects) over a set
of queries, with and without filters, and prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from hirehall.board import service as board
from hirehall.core.ids import new_id
from hirehall.db import migrate
from hirehall.db.models import Job, JobFacet, Organization
from hirehall.jobs.draft import facets_of
from hirehall.jobs.rules import slugify
from hirehall.runtime import Runtime
from hirehall.settings import Settings

PG_BENCH_DB = "hirehall_bench_search"
TASKS = [
    ("transcription", "Transcribe", "AUDIO", "TRANSCRIPTION"),
    ("sentiment labeling", "Label the sentiment of", "TEXT", "SENTIMENT_ANALYSIS"),
    ("bounding box annotation", "Draw bounding boxes on", "IMAGE", "BOUNDING_BOX"),
    ("segmentation", "Segment every object in", "IMAGE", "SEGMENTATION"),
    ("chatbot response evaluation", "Rate the helpfulness of", "TEXT", "RESPONSE_EVALUATION"),
    (
        "named entity tagging",
        "Tag people, places and organisations in",
        "TEXT",
        "NAMED_ENTITY_RECOGNITION",
    ),
    ("translation review", "Review machine translations of", "TEXT", "TRANSLATION"),
    ("video event tagging", "Mark the start and end of events in", "VIDEO", "CLASSIFICATION"),
    ("speaker diarization", "Label who speaks when in", "AUDIO", "SPEAKER_DIARIZATION"),
    (
        "code review for LLM training",
        "Review and correct model-written",
        "CODE",
        "RESPONSE_EVALUATION",
    ),
]
SUBJECTS = [
    "customer support calls", "product reviews", "dashcam images", "medical reports",
    "legal contracts", "retail shelf photos", "podcast episodes", "news articles",
    "satellite imagery", "financial filings", "cooking videos", "Python snippets",
    "drone footage", "social media posts", "insurance claims", "radiology scans",
]  # fmt: skip
LANGUAGES = [
    ("English", "US"), ("Spanish", "MX"), ("German", "DE"), ("French", "FR"),
    ("Japanese", "JP"), ("Portuguese", "BR"), ("Hindi", "IN"), ("Arabic", "EG"),
    ("Italian", "IT"), ("Korean", "KR"), ("Kannada", "IN"), ("Swahili", "KE"),
]  # fmt: skip
LEVELS = ["ENTRY_LEVEL", "INTERMEDIATE", "EXPERT", "ANY_EXPERIENCE_LEVEL"]
TOOLS = ["Label Studio", "CVAT", "Labelbox", "our in-house tool", "Prodigy", "SuperAnnotate"]
EXTRAS = [
    "Quality is checked on a 5% sample every week.",
    "You will receive a style guide and a short paid trial.",
    "Consistency across annotators matters more than speed.",
    "Batches are released every Monday; each takes about two hours.",
    "Native fluency is required; regional accents are welcome.",
    "Experience with medical or legal terminology is a plus.",
    "Work remotely on your own schedule within the weekly target.",
    "We review disagreements together in a weekly call on the platform.",
]
PAY = [("PAY_PER_HOUR", "pricePerHour", 12, 45), ("PAY_PER_LABEL", "pricePerLabel", 0.02, 0.4)]
PAY.append(("FIXED_PRICE", "fixedPrice", 200, 5000))
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("q common", {"q": "annotation"}),
    ("q two words", {"q": "spanish transcription"}),
    ("q rare", {"q": "kannada podcast"}),
    ("q stemmed", {"q": "reviewing contracts"}),
    ("q no match", {"q": "blockchain"}),
    ("no q", {}),
    ("q + language", {"q": "sentiment", "language": "German"}),
    ("q + payType", {"q": "images", "pay_type": "PAY_PER_LABEL"}),
    ("language only", {"language": "Japanese"}),
    ("country + payType", {"country": "IN", "pay_type": "FIXED_PRICE"}),
    (
        "q + all filters",
        {"q": "audio", "language": "Hindi", "country": "IN", "pay_type": "PAY_PER_HOUR"},
    ),
]


def make_job(rng: random.Random, org_id: str, at: datetime) -> dict[str, Any]:
    title_task, verb, data_type, label = rng.choice(TASKS)
    subject = rng.choice(SUBJECTS)
    language, country = rng.choice(LANGUAGES)
    payment_type, price_key, low, high = rng.choice(PAY)
    volume = rng.choice([500, 2000, 10000, 50000])
    title = f"{language} {title_task} of {subject}"
    extras = " ".join(rng.sample(EXTRAS, 3))
    description = (
        f"{verb} {volume:,} {subject} in {language}. We need {rng.randint(1, 20)} AI trainers "
        f"working in {rng.choice(TOOLS)}. {extras} This is {data_type.lower()} annotation work "
        f"for a model that serves {rng.choice(SUBJECTS)} users."
    )
    fields = {
        "languages": [language]
        + (["English"] if language != "English" and rng.random() < 0.3 else []),
        "countries": [country] if rng.random() < 0.6 else [],
        "experienceLevel": rng.choice(LEVELS),
        "headcount": rng.randint(1, 20),
        "dataType": data_type,
        "labelTypes": [label],
        "dataVolume": volume,
        "dataVolumeUnit": "NUMBER_OF_FILES",
        price_key: round(rng.uniform(low, high), 2),
    }
    return {
        "id": new_id(at),
        "organization_id": org_id,
        "status": "OPEN",
        "title": title,
        "slug": slugify(title),
        "description": description,
        "payment_type": payment_type,
        "fields": fields,
        "published_at": at,
        "created_at": at,
        "updated_at": at,
    }


async def load(runtime: Runtime, count: int) -> float:
    rng = random.Random(42)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    orgs = [
        {
            "id": new_id(start),
            "name": f"Lab {n}",
            "claimed": True,
            "features": [],
            "created_at": start,
        }
        for n in range(200)
    ]
    began = time.perf_counter()
    async with runtime.uow() as uow:
        await uow.conn.execute(insert(Organization), orgs)
        for offset in range(0, count, 5000):
            jobs = [
                make_job(rng, rng.choice(orgs)["id"], start + timedelta(seconds=offset + n))
                for n in range(min(5000, count - offset))
            ]
            facets = [
                {"facet": f, "value": v, "job_id": job["id"]}
                for job in jobs
                for f, v in facets_of(job["payment_type"], job["fields"])
            ]
            await uow.conn.execute(insert(Job), jobs)
            # Multi-row INSERTs, as the app writes them: on PostgreSQL a statement trigger
            # copies the facets onto their jobs once per statement.
            for start_row in range(0, len(facets), 2000):
                chunk = facets[start_row : start_row + 2000]
                await uow.conn.execute(insert(JobFacet).values(chunk))
    if runtime.settings.database_url.startswith("postgresql"):
        # What autovacuum does after a bulk load: VACUUM (sets the visibility map, moves the GIN
        # pending lists into the indexes, clears the row versions the facet trigger left)
        # and ANALYZE. It cannot run in a transaction, hence its own connection.
        await pg_admin(runtime.settings.database_url, "VACUUM ANALYZE")
    else:
        async with runtime.uow() as uow:
            await uow.conn.execute(text("ANALYZE"))
    return time.perf_counter() - began


async def measure(runtime: Runtime, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name, _ in QUERIES}
    for _ in range(rounds):
        for name, params in QUERIES:
            args = {"q": None, "language": None, "country": None, "pay_type": None}
            began = time.perf_counter()
            async with runtime.uow(write=False) as uow:
                page = await board.search(uow, **{**args, **params}, limit=None, cursor=None)
            timings[name].append((time.perf_counter() - began) * 1000)
            timings[name + " hits"] = [float(len(page["jobs"]))]
    return timings


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(engine: str, load_seconds: float, timings: dict[str, list[float]], count: int) -> None:
    print(f"\n{engine}: {count:,} OPEN jobs loaded in {load_seconds:.1f} s")
    print(f"  {'query':<20} {'hits':>5} {'p50 ms':>8} {'p95 ms':>8}")
    filtered: list[float] = []
    plain: list[float] = []
    for name, params in QUERIES:
        values = timings[name]
        hits = int(timings[name + " hits"][0])
        print(f"  {name:<20} {hits:>5} {statistics.median(values):>8.2f} {pct(values, 0.95):>8.2f}")
        (filtered if set(params) - {"q"} else plain).extend(values)
    for label, values in (("without filters", plain), ("with filters", filtered)):
        p50, p95 = statistics.median(values), pct(values, 0.95)
        print(f"  all {label:<16}       {p50:>8.2f} {p95:>8.2f}")


async def run(url: str, engine: str, count: int, rounds: int) -> None:
    migrate.upgrade(url)
    settings = Settings(database_url=url, public_url="http://bench.test", secret_key="bench")  # type: ignore[call-arg]
    runtime = Runtime(settings)
    try:
        seconds = await load(runtime, count)
        await measure(runtime, 2)  # warm the caches and the connection pool
        report(engine, seconds, await measure(runtime, rounds), count)
    finally:
        await runtime.dispose()


async def pg_admin(url: str, sql: str) -> None:
    import asyncpg

    parsed = make_url(url)
    conn = await asyncpg.connect(
        user=parsed.username, password=parsed.password, host=parsed.host,
        port=parsed.port or 5432, database=parsed.database,
    )  # fmt: skip
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--keep-pg", action="store_true", help="leave the PG database for EXPLAIN")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.db"
            asyncio.run(run(url, "SQLite (FTS5)", args.jobs, args.rounds))
    if args.skip_pg:
        return
    bench_url = make_url(args.pg).set(database=PG_BENCH_DB).render_as_string(hide_password=False)
    asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))
    asyncio.run(pg_admin(args.pg, f'CREATE DATABASE "{PG_BENCH_DB}"'))
    try:
        asyncio.run(run(bench_url, "PostgreSQL (tsvector + GIN)", args.jobs, args.rounds))
    finally:
        if not args.keep_pg:
            asyncio.run(pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
