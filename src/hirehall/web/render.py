"""The Jinja2 environment, loading templates from the installed package (importlib), so the
`hirehall` command renders pages from any working directory."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from hirehall.core.timefmt import parse_iso


def _human_time(value: str | None) -> str:
    if not value:
        return ""
    return parse_iso(value).strftime("%d %b %Y, %H:%M UTC")


def _usd(cents: int | None) -> str:
    """Integer cents as dollars for a page: 33495 → $334.95."""
    return "" if cents is None else f"${cents / 100:,.2f}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hirehall", "web/templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["human_time"] = _human_time
    env.filters["usd"] = _usd
    return env


_ENV = _environment()


def render(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)
