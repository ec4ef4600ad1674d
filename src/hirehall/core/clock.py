"""The server's clock: real time plus an offset the sandbox operator can move forward.

Every expiry and every timestamp the server writes reads this clock. The offset lives in the
database so that several app processes agree on it; `Clock.now()` is cheap and in-process,
and the unit of work refreshes the offset from the database at the start of each sandbox
request (one small read), so a move made through one worker is seen by the others."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def system_now() -> datetime:
    return datetime.now(UTC)


class Clock:
    def __init__(self, source: Callable[[], datetime] = system_now) -> None:
        self._source = source
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self._source() + self.offset

    def offset_for(self, target: datetime) -> timedelta:
        return target - self._source()
