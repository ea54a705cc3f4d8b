"""The segment register's service: field rules, ids other features tag with, tags replaced."""

import pytest

from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.services import segments
from tests.factories import make_session


def test_a_segment_is_cleaned_and_its_channels_kept_in_register_order(app):
    segment = segments.create_segment(
        {"name": "  Busy   commuters ", "share_percent": "35,5 %", "channels": "App; phone"}
    )
    assert (segment.name, segment.share_percent, segment.channels) == (
        "Busy commuters",
        35.5,
        ["phone", "app"],
    )


def test_every_bad_field_is_reported_at_once(app):
    with pytest.raises(ValidationFailed) as raised:
        segments.create_segment({"name": "x", "share_percent": -1, "channels": ["pigeon"]})
    assert set(raised.value.fields) == {"name", "share_percent", "channels"}


def test_names_are_unique_whatever_the_case(app):
    segments.create_segment({"name": "Students"})
    with pytest.raises(Conflict):
        segments.create_segment({"name": "STUDENTS"})


@pytest.mark.parametrize("ids", [[999], ["1"], [True], "1", 5])
def test_only_ids_of_the_register_can_tag(app, ids):
    segments.create_segment({"name": "Students"})
    with pytest.raises(ValidationFailed) as raised:
        segments.check_segment_ids(ids, field="survey_segment_ids")
    assert raised.value.fields == {"survey_segment_ids": "Choose segments from the register."}


def test_tags_are_replaced_and_go_with_a_deleted_segment(app):
    session = make_session()
    students = segments.create_segment({"name": "Students"})
    families = segments.create_segment({"name": "Families"})
    segments.tag_session(session, [students.id, families.id, students.id])
    assert [tag.name for tag in segments.session_tags(session)] == ["Families", "Students"]
    segments.tag_session(session, [families.id])
    assert [tag.name for tag in segments.session_tags(session)] == ["Families"]
    segments.delete_segment(families)
    assert segments.session_tags(session) == []
