"""Objectives measured from customer surveys: the share satisfied (CSAT), the Net Promoter
Score from the raw answers of each month and team, the share of yes on the standard's step,
which surveys count, and the k below which no survey figure is shown."""

from datetime import date, timedelta

import pytest

from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import CustomerSegment
from feedback_app.services import decisions, measurements, objectives, privacy, segments
from tests.factories import answer_survey, make_candidate, make_location, make_survey, make_user

GREET = (
    "Greet every customer within ten seconds",
    "Say hello to customers as soon as they come in",
    "Greet customers at the counter with a smile",
)
K = 3


@pytest.fixture
def manager(app):
    privacy.set_min_group(K)
    return make_user("manager")


@pytest.fixture
def greeting(manager):
    standard = make_candidate(None, *GREET)
    assert standard.protocol_stage == "greet_listen"
    decisions.decide(standard, "adopted", "Customers notice it", manager)
    return standard


def _objective(manager, standard, measured_from, *, target=80.0, unit="percent"):
    return objectives.add_objective(
        standard,
        manager,
        metric="What customers say",
        target=target,
        unit=unit,
        measured_by="Customer survey",
        measured_from=measured_from,
    )


def _answer(survey, on: date | None = None, **answers):
    """One response, dated `on` (today by default)."""
    response = answer_survey(survey, **answers)
    if on is not None:
        response.answered_on = on
        db.session.commit()
    return response


def _last_month() -> date:
    return (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)


def _trend(objective):
    return [(p.month, round(p.value, 2), p.count) for p in measurements.progress(objective).trend]


def test_csat_is_the_share_answering_4_or_5_month_by_month(manager, greeting):
    objective = _objective(manager, greeting, "survey_csat")
    survey = make_survey(manager)
    last, this = _last_month(), date.today().replace(day=1)
    for score in (5, 1, 2):
        _answer(survey, on=last + timedelta(days=3), csat=score)
    for score in (5, 4, 4, 3):
        _answer(survey, csat=score)
    _answer(survey, nps=10)  # no CSAT answer: not a reading
    assert _trend(objective) == [(last, 33.33, 3), (this, 75.0, 4)]
    item = measurements.progress(objective)
    assert (item.current, item.status) == (75.0, "at_risk")  # 5 short of 80: within a tenth
    assert item.latest.computed == 4


def test_nps_is_promoters_minus_detractors_of_each_months_raw_answers(manager, greeting):
    objective = _objective(manager, greeting, "survey_nps", target=30, unit="points")
    survey = make_survey(manager)
    last = _last_month()
    for score in (7, 8, 7):  # passives only: 0, not the mean of the scores
        _answer(survey, on=last, nps=score)
    for score in (10, 9, 8, 3):  # 2 promoters, 1 detractor of 4: 25 (the mean would be 7.5)
        _answer(survey, nps=score)
    assert _trend(objective) == [(last, 0.0, 3), (date.today().replace(day=1), 25.0, 4)]
    assert measurements.progress(objective).status == "missed"


def test_each_teams_nps_comes_from_its_own_answers_and_the_total_from_all(manager, greeting):
    objective = _objective(manager, greeting, "survey_nps", target=10, unit="points")
    north, south = make_location("North shop"), make_location("South shop")
    survey = make_survey(manager)
    for score in (10, 10, 10, 6):
        _answer(survey, nps=score, team_id=north.id)
    for score in (9, 5, 5):
        _answer(survey, nps=score, team_id=south.id)
    item = measurements.progress(objective)
    teams = {r.team.name: (round(r.current, 2), r.status) for r in item.teams}
    assert teams == {"North shop": (50.0, "on_track"), "South shop": (-33.33, "missed")}
    # 4 promoters and 3 detractors of 7 answers, not the mean of the teams' 50 and -33.33
    assert item.current == pytest.approx(100 * (4 - 3) / 7)


def test_step_share_reads_only_the_question_about_the_standards_stage(manager, greeting):
    objective = _objective(manager, greeting, "survey_step", target=90)
    survey = make_survey(manager)  # no published version: greet, questions, address, help
    _answer(survey, steps=["yes", "no", "no", "no"])
    _answer(survey, steps=["partly", "yes", "yes", "yes"])
    _answer(survey, steps=["no", "yes", "yes", "yes"])
    item = measurements.progress(objective)
    assert (item.current, item.latest.count, item.status) == (50.0, 3, "missed")


def test_surveys_of_segments_the_standard_is_not_about_do_not_count(manager, greeting):
    families, students = CustomerSegment(name="Families"), CustomerSegment(name="Students")
    db.session.add_all([families, students])
    db.session.commit()
    segments.tag_standard(greeting, [families.id])
    objective = _objective(manager, greeting, "survey_csat")
    for segment, score in ((families, 5), (None, 5), (students, 1)):
        survey = make_survey(manager, segment_id=segment.id if segment else None)
        for _ in range(K):
            _answer(survey, csat=score)
    general = make_survey(manager)
    _answer(general, csat=2, segment_id=students.id)  # tagged per response
    item = measurements.progress(objective)
    assert (item.current, item.latest.count) == (100.0, 2 * K)


def test_a_standard_without_segments_counts_every_survey(manager, greeting):
    students = CustomerSegment(name="Students")
    db.session.add(students)
    db.session.commit()
    objective = _objective(manager, greeting, "survey_csat")
    for segment_id, score in ((students.id, 1), (None, 5), (None, 5)):
        _answer(make_survey(manager, segment_id=segment_id), csat=score)
    assert round(measurements.progress(objective).current, 2) == 66.67


def test_without_answers_a_survey_objective_is_not_measured(manager, greeting):
    objective = _objective(manager, greeting, "survey_csat")
    survey = make_survey(manager)
    for _ in range(K):
        _answer(survey, nps=9, steps=["yes"])  # answers, but none about satisfaction
    item = measurements.progress(objective)
    assert (item.status, item.current, item.trend, item.teams) == ("not_measured", None, [], [])


def test_fewer_than_k_respondents_show_no_figure_and_a_small_team_only_in_the_total(
    manager, greeting
):
    objective = _objective(manager, greeting, "survey_csat")
    north, south = make_location("North shop"), make_location("South shop")
    survey = make_survey(manager)
    for score in (5, 4):
        _answer(survey, csat=score, team_id=north.id)
    assert measurements.progress(objective).status == "not_measured"  # 2 people: fewer than k
    _answer(survey, csat=1, team_id=south.id)
    item = measurements.progress(objective)
    assert (round(item.current, 2), item.latest.count) == (66.67, 3)
    assert item.teams == []  # neither team has k respondents
    _answer(survey, csat=2, team_id=north.id)
    teams = {r.team.name: r.current for r in measurements.progress(objective).teams}
    assert teams == {"North shop": pytest.approx(200 / 3)}


def test_entered_values_join_the_survey_answers_of_their_month(manager, greeting):
    objective = _objective(manager, greeting, "survey_csat")
    survey = make_survey(manager)
    for score in (5, 5, 1):
        _answer(survey, csat=score)
    measurements.record_measurement(
        objective, manager, value=100, measured_on=date.today(), source="Till receipts survey"
    )
    latest = measurements.progress(objective).latest
    assert (latest.value, latest.count, latest.computed) == (75.0, 4, 3)


@pytest.mark.parametrize(
    ("measured_from", "unit", "bad"),
    [
        ("survey_csat", "points", "unit"),
        ("survey_step", "seconds", "unit"),
        ("survey_nps", "percent", "unit"),
        ("survey_nps", "points", None),
        ("survey_csat", "%", None),
        ("survey_mood", "percent", "measured_from"),
    ],
)
def test_survey_sources_are_in_their_own_unit(manager, greeting, measured_from, unit, bad):
    if bad is None:
        assert _objective(manager, greeting, measured_from, unit=unit).measured_from == (
            measured_from
        )
        return
    with pytest.raises(ValidationFailed) as refused:
        _objective(manager, greeting, measured_from, unit=unit)
    assert list(refused.value.fields) == [bad]


def test_the_step_share_needs_a_standard_in_a_step_surveys_ask_about(manager, greeting):
    decisions.edit_candidate(greeting, manager, protocol_stage="waiting_times")
    with pytest.raises(ValidationFailed) as refused:
        _objective(manager, greeting, "survey_step")
    assert "protocol steps" in refused.value.fields["measured_from"]
    assert _objective(manager, greeting, "survey_csat").measured_from == "survey_csat"
