"""Levels service: the seeded order and the admin's edits."""

import pytest

from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.models.levels import DEFAULT_LEVELS
from feedback_app.services import levels


def names(include_retired=False):
    return [level.name for level in levels.list_levels(include_retired=include_retired)]


def test_default_levels_are_seeded_in_order(app):
    assert names() == list(DEFAULT_LEVELS)
    levels.seed_default_levels()  # idempotent
    assert names() == list(DEFAULT_LEVELS)


def test_add_rename_reorder_retire(app):
    added = levels.add_level("  Regional   management ")
    assert added.name == "Regional management"
    assert names()[-1] == "Regional management"
    levels.move_level(added, -1)
    assert names()[-2:] == ["Regional management", "Front-line staff"]
    levels.rename_level(added, "Area management")
    levels.set_level_retired(added, True)
    assert "Area management" not in names()
    assert "Area management" in names(include_retired=True)
    levels.set_level_retired(added, False)
    assert "Area management" in names()


def test_moving_past_the_ends_changes_nothing(app):
    top = levels.list_levels()[0]
    levels.move_level(top, -1)
    assert names() == list(DEFAULT_LEVELS)


def test_duplicate_and_empty_names_are_refused(app):
    with pytest.raises(Conflict):
        levels.add_level("supervisor")
    with pytest.raises(ValidationFailed):
        levels.add_level(" ")
    first, second = levels.list_levels()[:2]
    with pytest.raises(Conflict):
        levels.rename_level(second, first.name.upper())
    levels.rename_level(first, first.name)  # renaming to itself is fine


def test_the_last_active_level_cannot_be_retired(app):
    *others, last = levels.list_levels()
    for level in others:
        levels.set_level_retired(level, True)
    with pytest.raises(Conflict):
        levels.set_level_retired(last, True)
