"""The k of k-anonymity: no count about fewer than k people is ever shown.

An admin sets k for the organisation (never below 3); until then the `BREAKDOWN_MIN_GROUP`
setting of the deployment applies (5 by default).
"""

from flask import current_app

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import OrgSetting

K_FLOOR = 3
K_CEILING = 50
_SETTING = "min_group"


def default_min_group() -> int:
    """k from the deployment's configuration, raised to the floor."""
    return max(K_FLOOR, int(current_app.config.get("BREAKDOWN_MIN_GROUP", 5)))


def min_group() -> int:
    """k: the smallest group of people a count may describe."""
    stored = db.session.get(OrgSetting, _SETTING)
    if stored is None or not stored.value.isdigit():
        return default_min_group()
    return max(K_FLOOR, int(stored.value))


def set_min_group(k: int) -> int:
    """Store a new k for the organisation (K_FLOOR…K_CEILING)."""
    if not isinstance(k, int) or isinstance(k, bool) or not K_FLOOR <= k <= K_CEILING:
        message = messages.MIN_GROUP_RANGE.format(low=K_FLOOR, high=K_CEILING)
        raise ValidationFailed(message, fields={"min_group": message})
    stored = db.session.get(OrgSetting, _SETTING)
    if stored is None:
        db.session.add(OrgSetting(name=_SETTING, value=str(k)))
    else:
        stored.value = str(k)
    db.session.commit()
    return k


def shown_if_at_least(count: int, k: int) -> int | None:
    """A count of people, or None ("fewer than k") when so few that it could single one out."""
    return count if count >= k else None


def share_if_safe(part: int, whole: int, k: int) -> float | None:
    """part / whole, or None when either side of the split is a group of 1 … k-1 people.

    "5 of 6 voted" would say something about the one who did not: both those counted and
    the rest must be nobody or at least k people.
    """
    rest = whole - part
    if whole < k or 0 < part < k or 0 < rest < k:
        return None
    return part / whole
