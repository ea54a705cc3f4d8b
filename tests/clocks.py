"""A frozen clock for tests: every module that asks feedback_app.clock for the time gets it.

Patching one module's imported ``utc_now`` left the others on the real time, so a
test frozen at a fixed moment broke once the real day passed that moment.
"""

from datetime import datetime, timedelta

import feedback_app.clock


class FrozenClock:
    """The time every service reads, moved on by hand."""

    def __init__(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def freeze(monkeypatch, moment: datetime) -> FrozenClock:
    """Stop feedback_app's clock at ``moment`` (naive UTC) for the rest of the test."""
    frozen = FrozenClock(moment)

    class _Stopped(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen.now if tz is None else frozen.now.replace(tzinfo=tz)

    monkeypatch.setattr(feedback_app.clock, "datetime", _Stopped)
    return frozen
