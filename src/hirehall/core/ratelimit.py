"""Fixed-window rate limits, counted on the server clock (so the sandbox clock moves them).

Counts are kept per process: with N app processes a client may get up to N times the limit
in the worst case. That trade keeps every request free of a database write; see
docs/decisions.md."""

from __future__ import annotations

import math
import threading

_MAX_KEYS = 50_000


class RateLimiter:
    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, window_seconds: float, now: float) -> int | None:
        """Counts one request; returns the seconds to wait when over the limit, else None."""
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= window_seconds or now < start:
                start, count = now, 0
            if count >= limit:
                return max(1, math.ceil(start + window_seconds - now))
            if len(self._windows) >= _MAX_KEYS:
                self._prune(now, window_seconds)
            self._windows[key] = (start, count + 1)
            return None

    def _prune(self, now: float, window_seconds: float) -> None:
        self._windows = {
            k: v for k, v in self._windows.items() if now - v[0] < window_seconds
        } or {}

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
