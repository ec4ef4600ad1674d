"""Shared pieces of the CLI: settings with exit code 2, and running a unit of work."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from pydantic import BaseModel

    from hirehall.core.errors import ApiError
    from hirehall.db.uow import Uow
    from hirehall.settings import Settings

    M = TypeVar("M", bound=BaseModel)

T = TypeVar("T")


def settings_or_exit() -> Settings:
    from hirehall.settings import SettingsError, load_settings  # pydantic: not for --help

    try:
        return load_settings()
    except SettingsError as exc:
        typer.echo(f"hirehall: bad setting: {exc}", err=True)
        raise typer.Exit(2) from None


def secret_key_or_exit(settings: Settings) -> bytes:
    from hirehall.settings import SettingsError

    try:
        return settings.resolved_secret_key()
    except SettingsError as exc:
        typer.echo(f"hirehall: bad setting: {exc}", err=True)
        raise typer.Exit(2) from None


def in_unit_of_work(settings: Settings, use_case: Callable[[Uow], Awaitable[T]]) -> T:
    """Runs one use case in its own transaction, committed only if it succeeds."""
    from hirehall.runtime import Runtime  # imported by the commands that use the database only

    async def run() -> T:
        runtime = Runtime(settings)
        try:
            async with runtime.uow(write=True) as uow:
                return await use_case(uow)
        finally:
            await runtime.dispose()

    return asyncio.run(run())


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def run_admin(use_case: Callable[[Uow], Awaitable[Any]]) -> None:
    """An operator command: prints the result as JSON, or the error envelope and exits 1."""
    from hirehall.core.errors import ApiError

    settings = settings_or_exit()
    try:
        print_json(in_unit_of_work(settings, use_case))
    except ApiError as exc:
        _print_error(exc)
        raise typer.Exit(1) from None


def parse_body(model: type[M], data: str | None, default: dict[str, Any] | None = None) -> M:
    """Validates a `--data` body with the HTTP API's own model; a bad one prints the 400."""
    from hirehall.api.issues import validate
    from hirehall.core.errors import ApiError

    try:
        return validate(model, parse_data(data, default))
    except ApiError as exc:
        _print_error(exc)
        raise typer.Exit(1) from None


def _print_error(exc: ApiError) -> None:
    error: dict[str, Any] = {"error": exc.message, "code": exc.code}
    if exc.details is not None:
        error["details"] = exc.details
    typer.echo(json.dumps(error, indent=2), err=True)


def parse_data(data: str | None, default: dict[str, Any] | None = None) -> bytes:
    """A `--data` JSON body, validated later by the same model the HTTP API uses."""
    if data is None:
        return json.dumps(default or {}).encode()
    if data.startswith("@"):
        with open(data[1:], "rb") as handle:
            return handle.read()
    if data == "-":
        return sys.stdin.buffer.read()
    return data.encode()
