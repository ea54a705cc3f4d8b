"""Time helpers: one notion of "now" (naive UTC) for every table."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Return the current time as naive UTC, the form both SQLite and PostgreSQL keep."""
    return datetime.now(UTC).replace(tzinfo=None)


def floor_to_minute(moment: datetime) -> datetime:
    """Drop seconds so a stored time cannot single out who wrote something."""
    return moment.replace(second=0, microsecond=0)
