"""Helpers for table constraints, so each allowed-values rule is written once, in Python."""

from collections.abc import Iterable

from sqlalchemy import CheckConstraint


def one_of(column: str, values: Iterable[str], *, name: str) -> CheckConstraint:
    """CHECK (column IN ('a', 'b', ...)) from the tuple the code already uses."""
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)
