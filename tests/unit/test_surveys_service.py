"""Customer surveys: building from the standard, shaping questions, answers, results, themes,
sessions from themes, and the CSV import."""

from datetime import date

import pytest
from sqlalchemy import select

from feedback_app.errors import Conflict, Forbidden, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, SurveyResponse, Team
from feedback_app.services import privacy, survey_answers, survey_import, survey_results, surveys
from feedback_app.services.survey_results import ResponseFilter
from tests.factories import (
    answer_survey,
    level_named,
    make_survey,
    make_user,
    publish_standard_covering,
    reload,
)

WAITING = [
    "We waited far too long at the counter",
    "Waiting at the counter took ages",
    "Long wait at the counter again",
]


@pytest.fixture
def manager(app):
    return make_user("manager")


def _kinds(survey):
    return [(q.kind, q.protocol_stage, q.text) for q in survey.questions]


def test_without_a_standard_the_survey_asks_about_the_four_protocol_steps(manager):
    survey = surveys.create_survey(manager, "After your visit")
    assert _kinds(survey) == [
        ("csat", None, "How satisfied are you with the service you received today?"),
        ("step", "greet_listen", "Were you greeted promptly?"),
        ("step", "questions_empathy", "Did we listen and understand what you needed?"),
        ("step", "address_test", "Did we resolve your issue?"),
        ("step", "help_follow_through", "Did we check it was resolved?"),
        ("nps", None, "How likely are you to recommend us to a friend or colleague?"),
    ]
    assert (survey.status, survey.standard_version) == ("draft", None)
    assert len(survey.code) == surveys.CODE_LENGTH


def test_a_published_standard_gives_a_question_per_step_it_covers(manager):
    publish_standard_covering(manager, "address_test", "greet_listen", "waiting_times")
    survey = surveys.create_survey(manager, "From the standard")
    steps = [q.protocol_stage for q in survey.questions if q.kind == "step"]
    assert steps == ["greet_listen", "address_test"]  # protocol order; areas are no step
    assert survey.standard_version == 1


def test_only_managers_build_surveys(app):
    with pytest.raises(Forbidden):
        surveys.create_survey(make_user("facilitator"), "Mine")


def test_title_and_tags_are_checked(manager):
    with pytest.raises(ValidationFailed) as error:
        surveys.create_survey(manager, "   ")
    assert "title" in error.value.fields
    with pytest.raises(ValidationFailed) as error:
        surveys.create_survey(manager, "Tagged", team_id=999)
    assert error.value.fields == {"team_id": "Unknown team."}


def test_reword_reorder_and_remove_steps_until_the_first_response(manager):
    survey = surveys.create_survey(manager, "Shape me")
    csat, greet, questions, address, follow, nps = survey.questions
    surveys.reword_question(survey, greet, "  Did someone say hello quickly?  ")
    surveys.move_question(survey, follow, -1)
    surveys.remove_question(survey, questions)
    with pytest.raises(Conflict):
        surveys.move_question(survey, csat, 1)  # CSAT and NPS stay where they are
    survey = reload(survey)
    assert [q.text for q in survey.questions] == [
        csat.text,
        "Did someone say hello quickly?",
        "Did we check it was resolved?",
        "Did we resolve your issue?",
        nps.text,
    ]
    assert [q.position for q in survey.questions] == [0, 1, 2, 3, 4]
    surveys.set_status(survey, "open")
    with pytest.raises(Conflict) as error:
        surveys.reword_question(survey, survey.questions[1], "Too late")
    assert error.value.code == "questions_frozen"


def test_answers_are_checked_against_each_kind(manager):
    survey = make_survey(manager)
    csat, greet, *_, nps = survey.questions
    with pytest.raises(ValidationFailed) as error:
        survey_answers.submit_response(
            survey, {csat.id: 6, greet.id: "maybe", nps.id: True, 12345: 1}, comment="ok"
        )
    assert error.value.fields == {
        f"answers.{csat.id}": "Choose a whole number from 1 to 5.",
        f"answers.{greet.id}": "Answer yes, partly or no.",
        f"answers.{nps.id}": "Choose a whole number from 0 to 10.",
        "answers.12345": "This survey has no question with this id.",
    }
    with pytest.raises(ValidationFailed):
        survey_answers.submit_response(survey, {}, comment="   ")
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 0


def test_closed_and_draft_surveys_take_no_answers(manager):
    for status in ("draft", "closed"):
        survey = make_survey(manager, status=status)
        with pytest.raises(Conflict) as error:
            answer_survey(survey, csat=5)
        assert error.value.code == "survey_closed"


def test_the_honeypot_stores_nothing_and_a_browser_answers_once(manager):
    survey = make_survey(manager)
    csat = survey.questions[0].id
    assert survey_answers.submit_response(survey, {csat: 5}, honeypot="http://spam.example") is None
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 0
    token = survey_answers.new_browser_token()
    response = survey_answers.submit_response(survey, {csat: 4}, browser_token=token)
    assert response.browser_hash == survey_answers.browser_hash(survey, token)
    assert token not in response.browser_hash
    with pytest.raises(Conflict) as error:
        survey_answers.submit_response(survey, {csat: 1}, browser_token=token)
    assert error.value.code == "already_answered"
    other = make_survey(manager)  # the same browser may answer another survey
    assert survey_answers.submit_response(other, {other.questions[0].id: 3}, browser_token=token)


def test_a_response_keeps_the_day_only(manager):
    survey = make_survey(manager)
    response = answer_survey(survey, csat=4, comment="Nice")
    assert isinstance(response.answered_on, date)
    assert type(response.answered_on) is date  # not a datetime


def _answer_three(survey):
    answer_survey(survey, 5, ["yes", "yes", "partly", "no"], 10, "Waiting at the counter took ages")
    answer_survey(survey, 4, ["yes", "no", "yes", "no"], 7, "Long wait at the counter again")
    answer_survey(survey, 2, ["no", "partly", "yes"], 3, "We waited far too long at the counter")


def test_results_per_question_withheld_below_k(manager):
    survey = make_survey(manager)
    _answer_three(survey)
    assert survey_results.question_aggregates(survey).withheld  # k is 5 by default
    privacy.set_min_group(3)
    figures = survey_results.question_aggregates(survey)
    assert figures.respondents == 3
    csat, greet, questions, address, follow, nps = figures.questions
    assert (csat.count, csat.mean, csat.distribution) == (
        3,
        3.67,
        {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1},
    )
    assert (greet.yes_percent, greet.partly_percent, greet.no_percent) == (66.7, 0.0, 33.3)
    assert (follow.count, follow.distribution) == (2, {"yes": 0, "partly": 0, "no": 2})
    assert questions.mean == round((2 + 0 + 1) / 6, 3)
    assert (nps.promoters, nps.passives, nps.detractors, nps.nps, nps.mean) == (
        1,
        1,
        1,
        0.0,
        6.67,
    )


def test_filters_by_team_and_segment_follow_k(manager):
    team = Team(name="Counter A")
    db.session.add(team)
    db.session.commit()
    privacy.set_min_group(3)
    survey = make_survey(manager)
    for score in (5, 4, 4):
        answer_survey(survey, csat=score, team_id=team.id)
    answer_survey(survey, csat=1)
    by_team = survey_results.question_aggregates(survey, ResponseFilter(team_id=team.id))
    assert (by_team.respondents, by_team.by_kind("csat").mean) == (3, 4.33)
    other = survey_results.question_aggregates(survey, ResponseFilter(team_id=team.id + 1))
    assert other.withheld and other.by_kind("csat").count is None
    period = ResponseFilter(start=date(2000, 1, 1), end=date(2000, 1, 2))
    assert survey_results.question_aggregates(survey, period, k=1).respondents is None


def test_comment_themes_become_a_draft_session_prompt(manager):
    privacy.set_min_group(3)
    survey = make_survey(manager)
    _answer_three(survey)
    answer_survey(survey, comment="The staff were friendly and helpful")
    themes = survey_results.comment_themes(survey)
    waiting = next(theme for theme in themes if theme.comments == 3)
    assert waiting.label == "Wait at the counter"
    assert waiting.protocol_stage == "waiting_times"
    level = level_named("Supervisor")
    session = survey_results.session_from_theme(
        survey, manager, label=waiting.label, level_id=level.id
    )
    stored = db.session.get(BrainstormSession, session.id)
    assert (stored.phase, stored.target_level_id) == ("draft", level.id)
    assert stored.prompt.startswith("Customers keep mentioning wait at the counter.")
    with pytest.raises(Conflict):
        survey_results.session_from_theme(survey, manager, label="Gone", level_id=level.id)


CSV = (
    "Date;Satisfaction;Greeted;Recommend;Remarks;Branch\n"
    "2026-10-01;5;yes;9;Quick and friendly;North\n"
    "2026-10-02;3;Partly;6;;North\n"
)


def _mapping(survey, **extra):
    csat, greet, *_, nps = survey.questions
    mapping = {
        "Date": "date",
        "Satisfaction": str(csat.id),
        "Greeted": str(greet.id),
        "Recommend": str(nps.id),
        "Remarks": "comment",
        "Branch": "ignore",
    }
    return mapping | extra


def test_csv_import_with_a_column_mapping(manager):
    survey = make_survey(manager, status="closed")
    assert survey_import.import_responses(survey, manager, CSV.encode(), _mapping(survey)) == 2
    rows = db.session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [(r.answered_on, r.source, r.comment) for r in rows] == [
        (date(2026, 10, 1), "import", "Quick and friendly"),
        (date(2026, 10, 2), "import", None),
    ]
    assert sorted(a.value for a in rows[1].answers) == [1, 3, 6]


def test_one_bad_row_refuses_the_whole_file(manager):
    survey = make_survey(manager)
    bad = CSV + "2026-13-01;7;sure;9;;South\n"
    with pytest.raises(ValidationFailed) as error:
        survey_import.import_responses(survey, manager, bad.encode(), _mapping(survey))
    assert error.value.fields == {
        "row 4": "How satisfied are you with the service you received today?: Choose a whole "
        "number from 1 to 5.; Were you greeted promptly?: Answer yes, partly or no.; "
        "Give the date as YYYY-MM-DD."
    }
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 0


def test_the_mapping_is_checked(manager):
    survey = make_survey(manager)
    csat = str(survey.questions[0].id)
    with pytest.raises(ValidationFailed) as error:
        survey_import.import_responses(
            survey, manager, CSV, _mapping(survey, Greeted=csat, Remarks="ignore")
        )
    assert "same target" in error.value.message
    with pytest.raises(ValidationFailed) as error:
        survey_import.import_responses(survey, manager, CSV, {"Nope": csat})
    assert "mapping.Nope" in error.value.fields
    with pytest.raises(ValidationFailed):
        survey_import.read_csv(b"\xff\xfe not utf-8")
    assert survey_import.suggested_mapping(survey, ["CSAT", "comment", "Other"]) == {
        "CSAT": csat,
        "comment": "comment",
        "Other": "ignore",
    }
