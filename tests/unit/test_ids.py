"""Ids sort by the time of the clock that made them, also after a clock moved back (the
sandbox's reset, or two databases' clocks in one process)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hirehall.core.ids import looks_like_id, new_id


def test_ids_of_one_millisecond_are_strictly_increasing() -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    made = [new_id(now) for _ in range(1000)]
    assert made == sorted(made)
    assert len(set(made)) == 1000
    assert all(looks_like_id(i) for i in made)


def test_an_id_after_a_clock_moved_back_carries_the_new_time() -> None:
    """Before the fix the id made at `now` kept the future's millisecond, so it sorted after
    an id another process made a moment later (the confirm-concurrency ledger order)."""
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    future = new_id(now + timedelta(days=3))
    after_reset = new_id(now)
    a_moment_later_elsewhere = new_id(now + timedelta(seconds=2))
    assert after_reset < a_moment_later_elsewhere < future
    assert after_reset[:10] == new_id(now)[:10]
