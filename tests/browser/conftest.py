"""Fixtures for browser tests: Debian's Chromium driven by Playwright, a live `hirehall
serve` on an empty database, and a fresh browser context (no cookies) per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.helpers import ADMIN
from tests.live import live_server

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("HIREHALL_REQUIRE_BROWSER") == "1"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists() or REQUIRED:
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (.ci/install-browser installs it)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def _live_base(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One live server per module and engine: starting one takes seconds, a reset none."""
    with live_server(database_url, tmp_path_factory.mktemp("browser")) as base:
        yield base


@pytest.fixture
def server(_live_base: str) -> Iterator[httpx.Client]:
    """A live server on an empty database (the operator's reset: data, clock and rate limits),
    and an HTTP client for the agent's and the operator's side (base_url: the server)."""
    with httpx.Client(base_url=_live_base) as http:
        assert http.post("/api/admin/v1/reset", headers=ADMIN).status_code == 200
        yield http


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    yield context.new_page()
    context.close()
