"""Settings read from the environment (prefix HIREHALL_) or a .env file, passed in, never global."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(ValueError):
    """A setting has a value hirehall cannot use; the CLI exits with code 2."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HIREHALL_", env_file=".env", extra="ignore", populate_by_name=True
    )

    database_url: str = "sqlite:///./var/hirehall.db"
    public_url: str = "http://127.0.0.1:8000"
    admin_token: str | None = None
    sandbox: bool = False
    secret_key: str | None = None
    state_dir: Path = Path("./var")
    token_rate_limit_per_minute: int = Field(default=600, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    # Rate-limit counts shared by every process through Redis; per process when unset.
    redis_url: str | None = None
    # Decision D42: the largest request body, in bytes (413 above it).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    log_level: str = "info"
    # Moderation's operator-configured list (comma-separated); matched as whole words,
    # case-insensitively, on top of the built-in contact and off-platform rules.
    prohibited_terms: str = ""
    # Agent self-registration (section 2.1): off answers 403 anonymous_not_enabled.
    agent_registration_enabled: bool = True
    agent_register_per_hour: int = Field(default=20, ge=1)
    agent_claim_start_per_hour: int = Field(default=30, ge=1)
    # Email: always recorded in the outbox; also sent when an smtp:// or smtps:// URL is set.
    smtp_url: str | None = None
    mail_from: str = "hirehall <no-reply@hirehall.invalid>"
    # The durable worker (decision D40) runs inside each app process unless this is off
    # (`hirehall serve --no-worker`); `hirehall worker` runs it alone.
    worker: bool = True
    # Webhook deliveries to loopback, private, link-local, CGNAT, unique-local and multicast
    # addresses are refused outside the sandbox unless this is on (decision D39).
    webhook_allow_private: bool = False

    @field_validator("database_url")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgresql://", "postgres://", "postgresql+")):
            raise ValueError(
                "HIREHALL_DATABASE_URL must start with sqlite:/// or postgresql:// "
                f"(got {value.split(':', 1)[0]!r})"
            )
        return value

    @field_validator("public_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("HIREHALL_PUBLIC_URL must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("smtp://", "smtps://")):
            raise ValueError("HIREHALL_SMTP_URL must start with smtp:// or smtps://")
        return value or None

    @field_validator("admin_token", "secret_key", "redis_url")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @property
    def prohibited_term_list(self) -> list[str]:
        return [term.strip() for term in self.prohibited_terms.split(",") if term.strip()]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> bytes:
        """The HMAC key for tokens. Without HIREHALL_SECRET_KEY, one is made once and kept in
        the state directory, so tokens stay valid across restarts of a laptop sandbox.
        `hirehall serve` makes it in the parent process before any worker starts; making it
        here too (CLI commands, tests) is safe since the creation is atomic."""
        if self.secret_key:
            return self.secret_key.encode()
        return ensure_secret_key_file(self.state_dir / "secret_key")


def ensure_secret_key_file(path: Path) -> bytes:
    """Reads the key file, creating it atomically first if missing: the key is written to a
    private (0600) temporary file that is then hard-linked into place, which fails if the
    file exists, so concurrent starters all end up reading the one key that won, and nobody
    can ever read a half-written (empty) file. An empty key file is refused."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".secret_key.", dir=path.parent)  # mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another process won: use its key
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    key = path.read_text().strip()
    if not key:
        raise SettingsError(
            f"the secret key file {path} is empty; delete it or set HIREHALL_SECRET_KEY"
        )
    return key.encode()


def load_settings(**overrides: object) -> Settings:
    """Reads the environment; raises SettingsError with a readable message for a bad value."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [
            f"HIREHALL_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        ]
        raise SettingsError("; ".join(lines)) from exc
