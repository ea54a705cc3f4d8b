"""Anonymity guarantees: what the database may and may not hold about participants."""

from sqlalchemy import inspect, select

from feedback_app.extensions import db
from feedback_app.models import Idea, Participant, SessionEvent, Vote

FORBIDDEN_WORDS = {
    "ip",
    "addr",
    "address",
    "agent",
    "ua",
    "email",
    "name",
    "user",
    "device",
    "fingerprint",
}


def _columns(table: str) -> set[str]:
    return {column["name"] for column in inspect(db.engine).get_columns(table)}


def test_participant_rows_hold_only_session_token_hash_level_team_and_dots_spent(app):
    assert _columns("participants") == {
        "id",
        "public_id",
        "session_id",
        "token_hash",
        "level_id",
        "team_id",
        "dots_used",
    }


def test_ballot_cards_cannot_be_linked_to_whoever_used_them(app):
    assert _columns("ballot_cards") == {"id", "session_id", "code_hash", "used"}


def test_comments_and_pairwise_choices_hold_no_identity_or_precise_time(app):
    assert _columns("comments") == {
        "id",
        "public_id",
        "idea_id",
        "participant_id",
        "text",
        "status",
        "created_at",
    }
    assert _columns("pair_choices") == {
        "id",
        "session_id",
        "participant_id",
        "low_id",
        "high_id",
        "winner_id",
    }


def test_idea_and_vote_tables_hold_no_identity_or_precise_time(app):
    assert _columns("ideas") == {
        "id",
        "public_id",
        "session_id",
        "participant_id",
        "text",
        "status",
        "version",  # how often the text changed, so voters see a correction: not a time
        "exposures",  # how often it was shown, never to whom
        "carried_from_id",  # the idea of an earlier session it was carried over from
        "created_at",
    }
    assert _columns("votes") == {"id", "idea_id", "participant_id", "value", "idea_version"}
    assert _columns("session_events") == {"id", "session_id", "seq", "kind", "audience", "data"}
    for table in ("participants", "ideas", "votes", "session_events", "comments", "pair_choices"):
        for column in _columns(table):
            assert not set(column.split("_")) & FORBIDDEN_WORDS, (table, column)


def test_joining_and_voting_through_the_web_leaves_no_ip_or_user_agent(app, client):
    """Drive the browser flow with a distinctive IP and user agent, then search every table."""
    from tests.factories import make_session, move_to

    session = make_session(phase="collecting")
    marker_agent = "Mozilla/5.0 (MarkerPhone; FeedbackAnonymityProbe)"
    marker_ip = "203.0.113.77"
    environ = {"REMOTE_ADDR": marker_ip, "HTTP_X_FORWARDED_FOR": marker_ip}
    headers = {"User-Agent": marker_agent}
    client.post(
        f"/j/{session.join_code}", data={"level_id": 0}, headers=headers, environ_base=environ
    )
    client.post(
        f"/s/{session.join_code}/ideas",
        data={"text": "Smile at every customer"},
        headers=headers,
        environ_base=environ,
    )
    move_to(session, "voting")
    idea = db.session.scalar(select(Idea))
    client.post(
        f"/s/{session.join_code}/ideas/{idea.public_id}/vote", headers=headers, environ_base=environ
    )
    assert db.session.query(Vote).count() == 1
    assert db.session.query(Participant).count() == 1

    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                flat = " ".join(str(value) for value in row)
                assert marker_ip not in flat, table.name
                assert "MarkerPhone" not in flat, table.name


def test_live_events_never_name_a_participant(app):
    """The event log (replayed to every page) holds ideas and phases, never who did what."""
    from feedback_app.services.ideas import add_idea, edit_idea, withdraw_idea
    from feedback_app.services.moderation import set_idea_status
    from feedback_app.services.voting import cast_vote
    from tests.factories import join, make_session, move_to

    session = make_session(phase="collecting")
    author, token = join(session)
    idea = add_idea(session, author, "Smile at every customer")
    edit_idea(idea, author, "Smile at every single customer")
    other = add_idea(session, author, "Offer a seat while they wait")
    withdraw_idea(other, author)
    set_idea_status(idea, "hidden")
    set_idea_status(idea, "visible")
    move_to(session, "voting")
    cast_vote(idea.id, join(session)[0])
    logged = db.session.scalars(select(SessionEvent)).all()
    assert {event.kind for event in logged} >= {"idea.added", "idea.changed", "idea.removed"}
    for event in logged:
        assert set(event.data) <= {
            "id",
            "text",
            "version",
            "corrected",
            "reason",
            "status",
            "merged_into",
            "phase",
            "previous",
            "timer",
            "open",
        }, event.data
        assert token not in str(event.data) and author.token_hash not in str(event.data)


def test_survey_responses_hold_the_day_the_answers_and_a_keyed_cookie_hash_only(app, client):
    """Answer a survey from a marked address and browser: the stored row is exactly this."""
    from datetime import date

    from feedback_app.clock import utc_now
    from feedback_app.models import SurveyAnswer, SurveyResponse
    from feedback_app.services.survey_answers import browser_hash
    from tests.factories import make_survey

    assert _columns("survey_responses") == {
        "id",
        "survey_id",
        "answered_on",
        "source",
        "browser_hash",
        "team_id",
        "segment_id",
        "comment",
    }
    assert _columns("survey_answers") == {"response_id", "question_id", "value"}
    survey = make_survey()
    marker_ip = "203.0.113.99"
    environ = {"REMOTE_ADDR": marker_ip, "HTTP_X_FORWARDED_FOR": marker_ip}
    headers = {"User-Agent": "Mozilla/5.0 (MarkerPhone; SurveyAnonymityProbe)"}
    csat = survey.questions[0]
    answered = client.post(
        f"/q/{survey.code}",
        data={f"q{csat.id}": "4", "comment": "Quick service"},
        headers=headers,
        environ_base=environ,
    )
    assert answered.status_code == 303
    cookie = client.get_cookie("survey_browser", domain="feedback.test").value
    with db.engine.connect() as connection:
        rows = connection.execute(SurveyResponse.__table__.select()).mappings().all()
        answers = connection.execute(SurveyAnswer.__table__.select()).mappings().all()
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                flat = " ".join(str(value) for value in row)
                assert marker_ip not in flat and "MarkerPhone" not in flat, table.name
                assert cookie not in flat, table.name
    stored_day = rows[0]["answered_on"]
    stored_day = date.fromisoformat(stored_day) if isinstance(stored_day, str) else stored_day
    assert dict(rows[0]) | {"answered_on": stored_day} == {
        "id": rows[0]["id"],
        "survey_id": survey.id,
        "answered_on": utc_now().date(),
        "source": "web",
        "browser_hash": browser_hash(survey, cookie),
        "team_id": None,
        "segment_id": None,
        "comment": "Quick service",
    }
    assert [dict(a) for a in answers] == [
        {"response_id": rows[0]["id"], "question_id": csat.id, "value": 4}
    ]
