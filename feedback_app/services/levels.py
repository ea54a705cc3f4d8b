"""Management levels: seeding, listing and admin edits."""

from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import Level
from feedback_app.models.levels import DEFAULT_LEVELS, LEVEL_NAME_MAX
from feedback_app.services.characters import visible_length


def seed_default_levels() -> list[Level]:
    """Create the standard levels when none exist yet; return all levels."""
    if db.session.scalar(select(func.count(Level.id))) == 0:
        for position, name in enumerate(DEFAULT_LEVELS):
            db.session.add(Level(name=name, position=position, retired=False))
        db.session.commit()
    return list_levels(include_retired=True)


def list_levels(*, include_retired: bool = False) -> list[Level]:
    """Levels in their organisational order."""
    query = select(Level).order_by(Level.position, Level.id)
    if not include_retired:
        query = query.where(Level.retired.is_(False))
    return list(db.session.scalars(query))


def get_level(level_id: int, *, allow_retired: bool = False) -> Level:
    """Return a level or raise a 422 naming the field at fault."""
    level = db.session.get(Level, level_id) if isinstance(level_id, int) else None
    if level is None:
        raise ValidationFailed(
            messages.LEVEL_NOT_FOUND, fields={"level_id": messages.LEVEL_NOT_FOUND}
        )
    if level.retired and not allow_retired:
        raise ValidationFailed(messages.LEVEL_RETIRED, fields={"level_id": messages.LEVEL_RETIRED})
    return level


def _clean_name(name: str, *, ignore_id: int | None = None) -> str:
    cleaned = " ".join((name or "").split())
    if visible_length(cleaned) < 2 or len(cleaned) > LEVEL_NAME_MAX:
        text = messages.LEVEL_NAME_INVALID.format(max=LEVEL_NAME_MAX)
        raise ValidationFailed(text, fields={"name": text})
    clash = db.session.scalar(select(Level).where(func.lower(Level.name) == cleaned.lower()))
    if clash is not None and clash.id != ignore_id:
        raise Conflict(messages.LEVEL_NAME_TAKEN, fields={"name": messages.LEVEL_NAME_TAKEN})
    return cleaned


def add_level(name: str) -> Level:
    """Append a new level at the bottom of the order."""
    cleaned = _clean_name(name)
    last = db.session.scalar(select(func.max(Level.position)))
    level = Level(name=cleaned, position=(last or 0) + 1, retired=False)
    db.session.add(level)
    db.session.commit()
    return level


def rename_level(level: Level, name: str) -> Level:
    """Give a level a new name; sessions keep pointing at it."""
    level.name = _clean_name(name, ignore_id=level.id)
    db.session.commit()
    return level


def move_level(level: Level, direction: int) -> None:
    """Swap a level with its neighbour above (-1) or below (+1)."""
    ordered = list_levels(include_retired=True)
    index = next(i for i, item in enumerate(ordered) if item.id == level.id)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    db.session.commit()


def set_level_retired(level: Level, retired: bool) -> Level:
    """Retire a level (kept for history, no longer offered) or bring it back."""
    if retired and not level.retired and len(list_levels()) <= 1:
        raise Conflict(messages.LEVEL_IN_USE_LAST)
    level.retired = retired
    db.session.commit()
    return level


def level_or_404(level_id: int) -> Level:
    """Return a level for an admin page or raise NotFound."""
    level = db.session.get(Level, level_id)
    if level is None:
        raise NotFound(messages.LEVEL_NOT_FOUND)
    return level
