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
POOLED = "other"  # the key of the pool of small groups


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


def pool_small_groups(sizes: dict, k: int) -> dict:
    """Map each group to itself or to the pool of small ones, so every result has ≥ k members.

    Groups under k go to the pool; while the pool has members but fewer than k, the smallest
    remaining group joins it. Returns {} when all groups together have fewer than k members.
    """
    sizes = {key: size for key, size in sizes.items() if size > 0}
    if sum(sizes.values()) < k:
        return {}
    pooled = {key for key, size in sizes.items() if size < k}
    kept = sorted(
        (key for key in sizes if key not in pooled), key=lambda key: (sizes[key], str(key))
    )
    while pooled and sum(sizes[key] for key in pooled) < k:
        pooled.add(kept.pop(0))
    return {key: (POOLED if key in pooled else key) for key in sizes}


def cells_safe_to_show(cells: dict[tuple, int], k: int) -> bool:
    """Whether a table of people (row, column) → count may show its cells at all.

    Its rows and columns are groups of at least k already. The cells are shown only when every
    one of them is nobody or at least k people: then any total minus any cells shown is a sum of
    such cells, never 1 … k-1 people. Hiding only the small cells is not enough, since a line's
    total minus the cells shown (0 counts too) can give a hidden cell away, and from it the next.
    """
    return all(count == 0 or count >= k for count in cells.values())
