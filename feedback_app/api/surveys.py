"""/api/v1/surveys: customer surveys built from the standard, answered without an account.

Managers and admins build surveys, read results and import CSV files; anyone may answer an
open survey (one answer per browser cookie, limited per address, nothing about them stored).
"""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors, link, links
from feedback_app.api.schemas.surveys import (
    ImportRequestSchema,
    ResponseAcceptedSchema,
    ResponseRequestSchema,
    ResponsesImportedSchema,
    ResultsQuerySchema,
    ResultsSchema,
    StatusRequestSchema,
    SurveyRequestSchema,
    SurveySchema,
)
from feedback_app.models import User
from feedback_app.models.surveys import Survey
from feedback_app.services import survey_answers, survey_import, surveys
from feedback_app.services import survey_results as results_service
from feedback_app.services.exports import FORMAT_NAMES, MEDIA_TYPES
from feedback_app.services.exports.surveys import PARTS, SURVEY_FORMATS, export_survey
from feedback_app.web.downloads import download_response
from feedback_app.web.rate_limits import survey_limits
from feedback_app.web.survey_cookie import browser_token
from feedback_app.web.urls import survey_url

bp = ApiBlueprint("surveys", __name__, "Customer surveys: build, answer, results, import.")
ROLES = surveys.SURVEY_ROLES


def survey_document(survey: Survey, responses: int | None = None) -> dict:
    """A survey as the API shows it, with its public link."""
    count = responses if responses is not None else surveys.response_counts([survey])[survey.id]
    return {
        "id": survey.id,
        "title": survey.title,
        "status": survey.status,
        "code": survey.code,
        "public_url": survey_url(survey.code),
        "comment_prompt": survey.comment_prompt,
        "standard_version": survey.standard_version,
        "team_id": survey.team_id,
        "segment_id": survey.segment_id,
        "responses": count,
        "questions": survey.questions,
    }


@bp.get("/surveys")
@auth.staff(*ROLES)
@bp.response(200, SurveySchema(many=True))
def list_surveys(user: User):
    """Every survey, newest first, with its number of responses."""
    everything = surveys.all_surveys()
    counts = surveys.response_counts(everything)
    return [survey_document(survey, counts[survey.id]) for survey in everything]


@bp.post("/surveys")
@auth.staff(*ROLES)
@bp.body(SurveyRequestSchema)
@bp.response(201, SurveySchema)
@links(
    201,
    AnswerSurvey=link("answer_survey", "Answer it (once open).", survey_id="$response.body#/id"),
    SurveyResults=link("survey_results", "Its results.", survey_id="$response.body#/id"),
)
def create_survey(user: User, body: dict):
    """Build a draft survey from the current standard: CSAT, a question per protocol step it
    covers (all four without a published standard), NPS and a comment."""
    return survey_document(surveys.create_survey(user, **body), 0)


@bp.get("/surveys/<int:survey_id>")
@auth.staff(*ROLES)
@bp.response(200, SurveySchema)
@errors(404)
def get_survey(user: User, survey_id: int):
    """One survey with its questions and public link."""
    return survey_document(surveys.get_survey(survey_id))


@bp.post("/surveys/<int:survey_id>/status")
@auth.staff(*ROLES)
@bp.body(StatusRequestSchema)
@bp.response(200, SurveySchema)
@errors(404, 409)
def set_survey_status(user: User, body: dict, survey_id: int):
    """Open the survey to answers or close it (409 when it already is)."""
    return survey_document(surveys.set_status(surveys.get_survey(survey_id), body["status"]))


@bp.post("/surveys/<int:survey_id>/responses")
@survey_limits
@auth.public
@bp.body(ResponseRequestSchema)
@bp.response(201, ResponseAcceptedSchema)
@errors(404, 409, 429)
def answer_survey(body: dict, survey_id: int):
    """Answer an open survey without an account. Every value is checked against its question
    (422 names each one at fault); 409 survey_closed when it takes no answers, 409
    already_answered when this browser's cookie answered it; 429 past the rate limit."""
    survey = surveys.get_survey(survey_id)
    survey_answers.submit_response(
        survey,
        body["answers"],
        comment=body["comment"],
        team_id=body["team_id"],
        segment_id=body["segment_id"],
        browser_token=browser_token(),
        honeypot=body["website"] or "",
        source="api",
    )
    return {"survey_id": survey.id, "accepted": True}


@bp.get("/surveys/<int:survey_id>/results")
@auth.staff(*ROLES)
@bp.arguments(ResultsQuerySchema, location="query")
@bp.response(200, ResultsSchema)
@errors(404, 422)
def survey_results(user: User, query: dict, survey_id: int):
    """Per question its count and mean, CSAT and NPS on their own, the steps' yes/partly/no,
    and the themes of the comments; for one team, segment or period if asked. Figures about
    fewer than k respondents are null (withheld)."""
    survey = surveys.get_survey(survey_id)
    selection = results_service.ResponseFilter(**query)
    figures = results_service.question_aggregates(survey, selection)
    return {
        "survey_id": survey.id,
        "respondents": figures.respondents,
        "k": figures.k,
        "withheld": figures.withheld,
        "csat": figures.by_kind("csat"),
        "nps": figures.by_kind("nps"),
        "steps": [q for q in figures.questions if q.kind == "step"],
        "questions": figures.questions,
        "comment_themes": results_service.comment_themes(survey, selection),
    }


@bp.post("/surveys/<int:survey_id>/import")
@auth.staff(*ROLES)
@bp.body(ImportRequestSchema)
@bp.response(201, ResponsesImportedSchema)
@errors(404)
def import_survey_results(user: User, body: dict, survey_id: int):
    """Import results from another tool: CSV text and a column mapping. Every row is checked
    first; any bad row refuses the whole file (422 import_refused, `fields` holds a message per
    row, "row 2" being the first after the header) and nothing is imported."""
    survey = surveys.get_survey(survey_id)
    count = survey_import.import_responses(survey, user, body["csv"], body["mapping"])
    return {"imported": count}


def _survey_export(part: str, export_format: str):
    """Register GET /surveys/<id>/export/<part>.<format> as its own documented operation."""

    def view(user: User, survey_id: int):
        return download_response(export_survey(surveys.get_survey(survey_id), part, export_format))

    name = FORMAT_NAMES[export_format]
    view.__name__ = f"export_survey_{part}_{export_format}"
    view.__doc__ = f"Download the survey's {part} as {name}."
    media = MEDIA_TYPES[export_format].split(";")[0]
    documented = bp.doc(
        responses={
            200: {
                "description": f"The {part} as {name}",
                "content": {media: {"schema": {"type": "string", "format": "binary"}}},
                "headers": {
                    "Content-Disposition": {
                        "description": f'attachment; filename="survey-<id>-{part}.{export_format}"',
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    )(view)
    bp.get(f"/surveys/<int:survey_id>/export/{part}.{export_format}")(
        auth.staff(*ROLES)(errors(404)(documented))
    )


for _part in PARTS:
    for _format in SURVEY_FORMATS:
        _survey_export(_part, _format)
