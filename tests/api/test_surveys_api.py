"""/api/v1/surveys: build, answer without an account, results, CSV import, exports."""

import json

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import SurveyAnswer, SurveyResponse, Team
from feedback_app.services import privacy, surveys
from tests.export_readers import workbook as read_workbook
from tests.factories import answer_survey, make_survey, make_user, publish_standard_covering


@pytest.fixture
def manager(app):
    return make_user("manager")


@pytest.fixture
def token(api, manager):
    return api.token_for(manager)


@pytest.fixture
def survey(manager):
    return make_survey(manager)


def _responses() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.json
    if code:
        assert response.json["error"]["code"] == code
    return response.json["error"]


def test_create_a_survey_from_the_published_standard(api, token, manager):
    publish_standard_covering(manager, "greet_listen", "help_follow_through")
    response = api.call("POST", "/api/v1/surveys", token, json={"title": "Receipts, December"})
    assert response.status_code == 201
    body = response.json
    assert body["public_url"] == f"http://feedback.test/q/{body['code']}"
    assert [(q["kind"], q["text"]) for q in body["questions"]] == [
        ("csat", "How satisfied are you with the service you received today?"),
        ("step", "Were you greeted promptly?"),
        ("step", "Did we check it was resolved?"),
        ("nps", "How likely are you to recommend us to a friend or colleague?"),
    ]
    assert (body["status"], body["standard_version"], body["responses"]) == ("draft", 1, 0)
    listed = api.call("GET", "/api/v1/surveys", token).json
    assert [s["id"] for s in listed] == [body["id"]]


def test_only_managers_and_admins_run_surveys(api, survey):
    facilitator = api.token_for(make_user("facilitator"))
    _error(api.call("POST", "/api/v1/surveys", facilitator, json={"title": "x"}), 403)
    _error(api.call("GET", f"/api/v1/surveys/{survey.id}/results", facilitator), 403)
    _error(api.call("GET", "/api/v1/surveys"), 401)


def test_bad_titles_and_tags_are_422(api, token):
    error = _error(api.call("POST", "/api/v1/surveys", token, json={"title": ""}), 422)
    assert "title" in error["fields"]
    error = _error(
        api.call("POST", "/api/v1/surveys", token, json={"title": "t", "team_id": 9}), 422
    )
    assert error["fields"] == {"team_id": "Unknown team."}


def test_anyone_answers_an_open_survey_and_each_value_is_checked(api, survey):
    csat, greet, *_, nps = survey.questions
    url = f"/api/v1/surveys/{survey.id}/responses"
    bad = {
        "answers": {str(csat.id): 0, str(greet.id): "sometimes", str(nps.id): "11"},
        "comment": 5,
    }
    error = _error(api.call("POST", url, json=bad), 422, "validation_failed")
    assert error["fields"] == {
        f"answers.{csat.id}": "Choose a whole number from 1 to 5.",
        f"answers.{greet.id}": "Answer yes, partly or no.",
        f"answers.{nps.id}": "Choose a whole number from 0 to 10.",
        "comment": "A comment can have at most 1000 characters, without control characters.",
    }
    _error(api.call("POST", url, json={"answers": {}}), 422)
    assert _responses() == 0
    good = {"answers": {str(csat.id): 4, str(greet.id): "partly", str(nps.id): 9}, "comment": "ok"}
    response = api.call("POST", url, json=good)
    assert response.status_code == 201
    assert response.json == {"survey_id": survey.id, "accepted": True}
    stored = db.session.scalars(select(SurveyAnswer).order_by(SurveyAnswer.question_id)).all()
    assert [(a.question_id, a.value) for a in stored] == [(csat.id, 4), (greet.id, 1), (nps.id, 9)]


def test_one_response_per_browser_cookie(api, client, survey):
    url = f"/api/v1/surveys/{survey.id}/responses"
    body = {"answers": {str(survey.questions[0].id): 5}}
    assert api.call("POST", url, json=body).status_code == 201
    assert client.get_cookie("survey_browser", domain="feedback.test") is not None
    _error(api.call("POST", url, json=body), 409, "already_answered")
    client.delete_cookie(
        "survey_browser", domain="feedback.test"
    )  # another browser (or cleared cookies)
    assert api.call("POST", url, json=body).status_code == 201
    assert _responses() == 2


def test_closed_survey_is_409_and_unknown_survey_404(api, manager):
    closed = make_survey(manager, status="closed")
    body = {"answers": {str(closed.questions[0].id): 5}}
    _error(
        api.call("POST", f"/api/v1/surveys/{closed.id}/responses", json=body), 409, "survey_closed"
    )
    _error(api.call("POST", "/api/v1/surveys/999/responses", json=body), 404)


def test_the_honeypot_looks_accepted_and_stores_nothing(api, survey):
    body = {"answers": {str(survey.questions[0].id): 5}, "website": "http://spam.example"}
    response = api.call("POST", f"/api/v1/surveys/{survey.id}/responses", json=body)
    assert response.status_code == 201 and response.json["accepted"] is True
    assert _responses() == 0


def test_status_opens_and_closes(api, token, manager):
    draft = make_survey(manager, status="draft")
    url = f"/api/v1/surveys/{draft.id}/status"
    assert api.call("POST", url, token, json={"status": "open"}).json["status"] == "open"
    _error(api.call("POST", url, token, json={"status": "open"}), 409, "unchanged")
    _error(api.call("POST", url, token, json={"status": "draft"}), 422)


def test_results_per_question_and_themes_follow_k(api, token, survey):
    url = f"/api/v1/surveys/{survey.id}/results"
    answer_survey(survey, 5, ["yes", "yes"], 10, "Waiting at the counter took ages")
    answer_survey(survey, 3, ["partly", "no"], 6, "Long wait at the counter again")
    answer_survey(survey, 4, ["yes"], 8, "We waited far too long at the counter")
    withheld = api.call("GET", url, token).json
    assert (withheld["withheld"], withheld["respondents"], withheld["comment_themes"]) == (
        True,
        None,
        [],
    )
    assert withheld["csat"]["count"] is None and withheld["csat"]["mean"] is None
    privacy.set_min_group(3)
    body = api.call("GET", url, token).json
    assert (body["respondents"], body["k"]) == (3, 3)
    assert (body["csat"]["count"], body["csat"]["mean"]) == (3, 4.0)
    assert (body["nps"]["nps"], body["nps"]["promoters"], body["nps"]["detractors"]) == (0.0, 1, 1)
    greet = body["steps"][0]
    assert (greet["count"], greet["yes_percent"], greet["partly_percent"]) == (3, 66.7, 33.3)
    themes = [(t["label"], t["comments"], t["is_other"]) for t in body["comment_themes"]]
    assert themes == [("Wait at the counter", 2, False), ("Other", 1, True)]


def test_results_filter_by_team_and_bad_query(api, token, survey):
    privacy.set_min_group(3)
    team = Team(name="North")
    db.session.add(team)
    db.session.commit()
    for score in (5, 5, 4):
        answer_survey(survey, csat=score, team_id=team.id)
    answer_survey(survey, csat=1)
    url = f"/api/v1/surveys/{survey.id}/results"
    assert api.call("GET", f"{url}?team_id={team.id}", token).json["csat"]["mean"] == 4.67
    assert api.call("GET", f"{url}?team_id={team.id + 1}", token).json["withheld"] is True
    _error(api.call("GET", f"{url}?from=yesterday", token), 422)


CSV = "when,score,greeted,remarks\n2026-10-01,5,yes,Lovely\n2026-10-02,2,no,\n"


def _mapping(survey, **changes):
    csat, greet = survey.questions[:2]
    return {
        "when": "date",
        "score": str(csat.id),
        "greeted": str(greet.id),
        "remarks": "comment",
    } | changes


def test_csv_import_with_mapping(api, token, survey):
    url = f"/api/v1/surveys/{survey.id}/import"
    response = api.call("POST", url, token, json={"csv": CSV, "mapping": _mapping(survey)})
    assert response.status_code == 201 and response.json == {"imported": 2}
    days = db.session.scalars(select(SurveyResponse.answered_on).order_by(SurveyResponse.id))
    assert [d.isoformat() for d in days] == ["2026-10-01", "2026-10-02"]


def test_csv_import_refuses_the_whole_file_on_a_bad_row(api, token, survey):
    url = f"/api/v1/surveys/{survey.id}/import"
    bad = CSV + "2026-10-03,9,yes,\n2026-10-04,,,\n"
    error = _error(
        api.call("POST", url, token, json={"csv": bad, "mapping": _mapping(survey)}),
        422,
        "import_refused",
    )
    assert error["fields"] == {
        "row 4": "How satisfied are you with the service you received today?: Choose a whole "
        "number from 1 to 5.",
        "row 5": "Answers: Answer at least one question or leave a comment.",
    }
    wrong_target = _mapping(survey, remarks="nowhere")
    error = _error(api.call("POST", url, token, json={"csv": CSV, "mapping": wrong_target}), 422)
    assert "mapping.remarks" in error["fields"]
    assert _responses() == 0


def test_exports_in_three_formats(api, token, survey):
    answer_survey(survey, 4, ["yes"], 9, "=SUM(A1)")
    base = f"/api/v1/surveys/{survey.id}/export"
    csv_text = api.call("GET", f"{base}/responses.csv", token).get_data(as_text=True)
    assert csv_text.splitlines()[1].endswith(",4,yes,,,,9,'=SUM(A1)")
    document = json.loads(api.call("GET", f"{base}/responses.json", token).data)
    assert document["responses"][0]["answers"][str(survey.questions[1].id)] == "yes"
    privacy.set_min_group(3)
    workbook = api.call("GET", f"{base}/results.xlsx", token)
    assert workbook.headers["Content-Disposition"] == (
        f'attachment; filename="survey-{survey.id}-results.xlsx"'
    )
    rows = [
        list(row) for row in read_workbook(workbook.data)["results"].iter_rows(values_only=True)
    ]
    assert rows[0][:4] == ["question", "kind", "protocol_stage", "count"]
    assert rows[1][3] is None  # one respondent: withheld


def test_every_survey_operation_documents_its_statuses(api):
    spec = api.client.get("/api/openapi.json").json
    answer = spec["paths"]["/api/v1/surveys/{survey_id}/responses"]["post"]["responses"]
    assert {"201", "404", "409", "422", "429"} <= set(answer)
    assert answer["201"]["content"]
    results = spec["paths"]["/api/v1/surveys/{survey_id}/results"]["get"]["responses"]
    assert {"200", "401", "403", "404", "422"} <= set(results)
    assert "422" in spec["paths"]["/api/v1/surveys/{survey_id}/import"]["post"]["responses"]
    assert surveys.SURVEY_ROLES == ("manager", "admin")
