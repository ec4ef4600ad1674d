"""The per-process limiter's own arithmetic: windows on the server clock, and a prune that
ends each count with its own window."""

from __future__ import annotations

import asyncio

from hirehall.core.ratelimit import MemoryRateLimiter


def test_a_prune_by_a_minute_bucket_keeps_the_hourly_counts() -> None:
    async def run() -> None:
        limiter = MemoryRateLimiter(max_keys=3)
        now = 7200.0  # the start of an hour (and of a minute)
        assert await limiter.hit("register:ip", 2, 3600, now) is None
        assert await limiter.hit("register:ip", 2, 3600, now) is None
        assert await limiter.hit("board:a", 120, 60, now) is None
        assert await limiter.hit("board:b", 120, 60, now) is None
        # 61 s later a new minute key needs room: the minute keys are pruned, the hour's not.
        assert await limiter.hit("board:c", 120, 60, now + 61) is None
        assert len(limiter) == 2
        assert await limiter.hit("register:ip", 2, 3600, now + 61) == 3600 - 61

    asyncio.run(run())


def test_windows_follow_the_clock_it_is_given() -> None:
    async def run() -> None:
        limiter = MemoryRateLimiter()
        assert await limiter.hit("t", 1, 60, 120.0) is None
        assert await limiter.hit("t", 1, 60, 150.5) == 30
        assert await limiter.hit("t", 1, 60, 180.0) is None  # the next window
        await limiter.reset()
        assert await limiter.hit("t", 1, 60, 181.0) is None

    asyncio.run(run())
