"""Customer surveys in the browser without JavaScript: building, sharing, answering on a phone,
results with themes that become sessions, the CSV import and downloads."""

import io

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Survey, SurveyResponse
from feedback_app.services import privacy
from tests.factories import answer_survey, level_named, make_survey, make_user, reload
from tests.web.html_forms import (
    csrf_token_from,
    form_with_button,
    page_text,
    post_form,
    press,
    readable_text,
)


@pytest.fixture
def manager(app):
    return make_user("manager")


def _responses() -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


@pytest.mark.parametrize("url", ["/surveys", "/surveys/1", "/surveys/1/results"])
def test_facilitators_are_forbidden_and_visitors_sent_to_log_in(client, auth, manager, url):
    make_survey(manager)
    assert client.get(url).status_code == 302
    auth.login(make_user("facilitator"))
    assert client.get(url).status_code == 403


def test_build_shape_and_open_a_survey(client, auth, manager):
    auth.login(manager)
    assert 'href="/surveys"' in client.get("/surveys").get_data(as_text=True)
    refused = press(client, "/surveys", "Build survey", title="")
    assert refused.status_code == 422
    assert "A survey title needs 1 to 120 characters." in page_text(refused)
    built = press(client, "/surveys", "Build survey", title="After your visit")
    assert built.status_code == 303
    survey = db.session.scalar(select(Survey))
    page = f"/surveys/{survey.id}"
    csat, greet, questions, *_ = survey.questions
    removed_id = questions.id
    html = client.get(page).get_data(as_text=True)
    saving = form_with_button(html, "Save", action=f"/surveys/{survey.id}/questions/{greet.id}")
    post_form(client, saving, text="Did someone greet you at once?")
    removing = form_with_button(
        html, "Remove", action=f"/surveys/{survey.id}/questions/{removed_id}"
    )
    post_form(client, removing)
    survey = reload(survey)
    assert [q.text for q in survey.questions][1] == "Did someone greet you at once?"
    assert removed_id not in [q.id for q in survey.questions]
    opened = press(client, page, "Open the survey")
    assert opened.status_code == 303 and reload(survey).status == "open"
    text = page_text(client.get(page))
    assert f"http://feedback.test/q/{survey.code}" in text
    assert "The questions are fixed: the survey has been opened." in text
    assert "Remove" not in text


def test_the_printable_card_and_qr_code(client, auth, manager):
    survey = make_survey(manager)
    auth.login(manager)
    card = client.get(f"/surveys/{survey.id}/card").get_data(as_text=True)
    assert "<svg" in card and f"http://feedback.test/q/{survey.code}" in card
    qr = client.get(f"/surveys/{survey.id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data.startswith(b"<?xml")


def test_answer_on_a_phone_once_per_browser(client, manager):
    survey = make_survey(manager)
    page = client.get(f"/q/{survey.code}")
    html = page.get_data(as_text=True)
    csat, greet, *_, nps = survey.questions
    assert html.count(f'name="q{csat.id}"') == 5
    assert html.count(f'name="q{greet.id}"') == 3
    assert html.count(f'name="q{nps.id}"') == 11
    assert 'name="website"' in html  # the honeypot
    sent = press(
        client,
        f"/q/{survey.code}",
        "Send my answers",
        **{f"q{csat.id}": 5, f"q{greet.id}": "partly", f"q{nps.id}": 10, "comment": "Quick"},
    )
    assert sent.status_code == 303 and sent.location.endswith(f"/q/{survey.code}/thanks")
    assert "Thank you!" in page_text(client.get(sent.location))
    again = client.get(f"/q/{survey.code}")
    assert again.status_code == 303
    assert "already answered" in page_text(client.get(again.location))
    response = db.session.scalar(select(SurveyResponse))
    assert sorted(a.value for a in response.answers) == [1, 5, 10]
    assert response.comment == "Quick"


def test_a_bad_answer_keeps_what_was_typed(client, manager):
    survey = make_survey(manager)
    csat = survey.questions[0]
    refused = press(
        client, f"/q/{survey.code}", "Send my answers", **{f"q{csat.id}": 9, "comment": "Kept"}
    )
    assert refused.status_code == 422
    text = page_text(refused)
    assert "Choose a whole number from 1 to 5." in text and ">Kept</textarea>" in text
    assert _responses() == 0


def test_the_honeypot_thanks_and_stores_nothing(client, manager):
    survey = make_survey(manager)
    sent = press(
        client,
        f"/q/{survey.code}",
        "Send my answers",
        **{f"q{survey.questions[0].id}": 5, "website": "http://spam.example"},
    )
    assert sent.status_code == 303 and "/thanks" in sent.location
    assert _responses() == 0


def test_a_closed_survey_says_so(client, manager):
    survey = make_survey(manager, status="closed")
    page = client.get(f"/q/{survey.code}")
    assert page.status_code == 409
    assert "This survey has ended" in page_text(page)
    token = csrf_token_from(client, "/login")
    posted = client.post(f"/q/{survey.code}", data={"csrf_token": token, "comment": "late"})
    assert posted.status_code == 409 and _responses() == 0
    assert client.get("/q/nosuchcode").status_code == 404


def test_results_show_figures_and_a_theme_becomes_a_session(client, auth, manager):
    privacy.set_min_group(3)
    survey = make_survey(manager)
    answer_survey(survey, 5, ["yes"], 10, "Waiting at the counter took ages")
    answer_survey(survey, 4, ["partly"], 9, "Long wait at the counter again")
    answer_survey(survey, 3, ["no"], 2, "We waited far too long at the counter")
    answer_survey(survey, 2, ["no"], 5, "The staff were friendly and helpful")
    auth.login(manager)
    url = f"/surveys/{survey.id}/results"
    text = " ".join(readable_text(client.get(url).get_data(as_text=True)).split())
    assert "4 responses." in text
    assert "3.50 of 5 · 4 answers" in text
    assert "+0 4 answers · mean 6.5" in text  # 2 promoters − 2 detractors
    assert "Were you greeted promptly?" in text and "25 %" in text
    assert "Wait at the counter" in text
    started = press(
        client,
        url,
        "Start a session on “Wait at the counter”",
        level_id=level_named("Supervisor").id,
    )
    assert started.status_code == 303
    session = db.session.scalar(select(BrainstormSession))
    assert started.location.endswith(f"/sessions/{session.id}")
    assert (session.phase, session.target_level_id) == ("draft", level_named("Supervisor").id)
    assert session.prompt.startswith("Customers keep mentioning wait at the counter.")


def test_results_below_k_are_withheld(client, auth, manager):
    survey = make_survey(manager)
    answer_survey(survey, 5, comment="Lovely")
    auth.login(manager)
    text = page_text(client.get(f"/surveys/{survey.id}/results"))
    assert "Fewer than 5 responses" in text
    assert "Lovely" not in text and "of 5 ·" not in text


CSV = "Date,Score,Remarks\n2026-10-01,5,Great\n2026-10-02,4,\n"


def _upload(client, survey, data: str):
    token = csrf_token_from(client, f"/surveys/{survey.id}/import")
    return client.post(
        f"/surveys/{survey.id}/import",
        data={"csrf_token": token, "file": (io.BytesIO(data.encode()), "export.csv")},
        content_type="multipart/form-data",
    )


def test_import_maps_columns_then_imports(client, auth, manager):
    survey = make_survey(manager)
    auth.login(manager)
    mapping_page = _upload(client, survey, CSV)
    html = mapping_page.get_data(as_text=True)
    assert mapping_page.status_code == 200
    assert ">Score</label>" in html and ">Remarks</label>" in html
    form = form_with_button(html, "Import")
    imported = post_form(client, form, **{"map-1": survey.questions[0].id, "map-2": "comment"})
    assert imported.status_code == 303, page_text(imported)
    rows = db.session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [(r.answered_on.isoformat(), r.comment) for r in rows] == [
        ("2026-10-01", "Great"),
        ("2026-10-02", None),
    ]


def test_import_with_a_bad_row_reports_each_row_and_imports_nothing(client, auth, manager):
    survey = make_survey(manager)
    auth.login(manager)
    html = _upload(client, survey, CSV + "yesterday,6,\n").get_data(as_text=True)
    form = form_with_button(html, "Import")
    refused = post_form(client, form, **{"map-1": survey.questions[0].id, "map-2": "comment"})
    assert refused.status_code == 422
    text = " ".join(readable_text(refused.get_data(as_text=True)).split())
    assert "Nothing was imported. Rows with problems: 1" in text
    assert (
        "row 4: How satisfied are you with the service you received today?: Choose a whole" in text
    )
    assert "Give the date as YYYY-MM-DD." in text
    assert _responses() == 0
    not_csv = _upload(client, survey, "")
    assert not_csv.status_code == 422


def test_downloads_from_the_results_page(client, auth, manager):
    survey = make_survey(manager)
    answer_survey(survey, 4, comment="Fine")
    auth.login(manager)
    for export_format in ("csv", "json", "xlsx"):
        response = client.get(f"/surveys/{survey.id}/export/responses.{export_format}")
        assert response.status_code == 200 and response.data
        assert response.headers["Content-Disposition"].endswith(
            f'survey-{survey.id}-responses.{export_format}"'
        )
    assert client.get(f"/surveys/{survey.id}/export/secrets.csv").status_code == 404
