"""Fixed-window rate limits, counted on the server clock (so the sandbox clock moves them).

Windows are aligned on the server clock (`floor(now / window)`), so a counter is identified by
its key and window number, wherever it is kept:
- without `HIREHALL_REDIS_URL`, in this process (with N app processes a client may get up to N
  times the limit; see docs/decisions.md);
- with it, in Redis, shared by every process, through the `limits` library's storage (an atomic
  increment-with-expiry script). Its strategies read the wall clock, not the sandbox clock, so
  the window arithmetic is ours."""

from __future__ import annotations

import hashlib
import math
from typing import Protocol

_MAX_KEYS = 50_000


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: int, now: float) -> int | None:
        """Counts one request; returns the seconds to wait when over the limit, else None."""

    async def reset(self) -> None:
        """Forgets every count (the sandbox reset)."""


def _window(window_seconds: int, now: float) -> tuple[int, float]:
    number = math.floor(now / window_seconds)
    return number, (number + 1) * window_seconds


def _retry(end: float, now: float) -> int:
    return max(1, math.ceil(end - now))


class MemoryRateLimiter:
    """Counts in this process. Called on the event loop without awaiting in between, so no
    lock is needed."""

    def __init__(self, max_keys: int = _MAX_KEYS) -> None:
        self._max_keys = max_keys
        # key -> (window number, window seconds, count)
        self._counts: dict[str, tuple[int, int, int]] = {}

    async def hit(self, key: str, limit: int, window_seconds: int, now: float) -> int | None:
        number, end = _window(window_seconds, now)
        held = self._counts.get(key)
        count = held[2] if held is not None and held[0] == number else 0
        if count >= limit:
            return _retry(end, now)
        if held is None and len(self._counts) >= self._max_keys:
            self._prune(now)
        self._counts[key] = (number, window_seconds, count + 1)
        return None

    def _prune(self, now: float) -> None:
        # Each entry ends with its own window (an hourly count outlives a minute's prune).
        ended = [k for k, (n, w, _) in self._counts.items() if (n + 1) * w <= now]
        for key in ended:
            del self._counts[key]

    async def reset(self) -> None:
        self._counts.clear()

    def __len__(self) -> int:
        return len(self._counts)


class RedisRateLimiter:
    """Counts shared by every process using the same Redis and the same database."""

    def __init__(self, redis_url: str, namespace: str) -> None:
        from limits.aio.storage import RedisStorage

        prefix = "hirehall:" + hashlib.sha256(namespace.encode()).hexdigest()[:16]
        self._storage = RedisStorage(redis_url, implementation="redispy", key_prefix=prefix)

    async def hit(self, key: str, limit: int, window_seconds: int, now: float) -> int | None:
        number, end = _window(window_seconds, now)
        # Expires with its window (real seconds; a moved sandbox clock moves to a new number).
        count = await self._storage.incr(f"{key}:{window_seconds}:{number}", window_seconds)
        return _retry(end, now) if count > limit else None

    async def reset(self) -> None:
        await self._storage.reset()


def make_limiter(redis_url: str | None, namespace: str) -> RateLimiter:
    return RedisRateLimiter(redis_url, namespace) if redis_url else MemoryRateLimiter()
