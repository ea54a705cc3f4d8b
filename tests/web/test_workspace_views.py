"""The results workspace through the browser's eyes: who may see it, filters and order as GET
links, clear messages for bad parameters, never a figure about fewer than k people."""

from datetime import datetime

import pytest

from feedback_app.services import clustering, standards
from feedback_app.services.phases import change_phase
from feedback_app.services.scores import wilson_interval
from feedback_app.services.voting import cast_vote
from feedback_app.web.presenters import percent
from tests.factories import (
    add_ideas,
    created_on,
    join,
    level_named,
    make_session,
    make_user,
    voted_session,
)
from tests.sample_ideas import THEMES
from tests.web.html_forms import forms_in, page_text, readable_text


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return readable_text(page_text(response))


@pytest.mark.parametrize("url", ["/results", "/results/proposals", "/results/compare?s=1&s=2"])
def test_facilitators_are_refused_and_anonymous_visitors_sent_to_log_in(client, auth, url):
    assert client.get(url).status_code == 302
    auth.login(make_user("facilitator"))
    response = client.get(url)
    assert response.status_code == 403
    assert "Only managers and admins can see results across sessions." in page_text(response)


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_see_the_workspace_and_its_nav_link(client, auth, role):
    auth.login(make_user(role))
    response = client.get("/results")
    assert response.status_code == 200
    assert '<a href="/results">Results</a>' in page_text(response)


def test_facilitators_have_no_results_link(client, auth):
    auth.login(make_user("facilitator"))
    assert '<a href="/results">Results</a>' not in page_text(client.get("/"))


def test_overview_shows_levels_turnout_and_hides_small_sessions(client, auth):
    manager = make_user("manager")
    big = voted_session(
        manager, {"Front-line staff": 6, "Supervisor": 2, "Executive": 3}, title="Spring"
    )
    small = voted_session(manager, {"Front-line staff": 3}, title="Tiny")
    auth.login(manager)
    text = text_of(client, "/results")
    assert "Voting 11 2 11 100 %" in text
    assert "Front-line staff : 6 people · 2 ideas · 6 votes · turnout 100 %" in text
    assert "Other levels (Executive, Supervisor) : 5 people · 0 ideas · 5 votes" in text
    assert "Tiny" in text and "Fewer than 5 people took part: no figures shown." in text
    assert "Front-line staff : 3 people" not in text
    page = page_text(client.get("/results"))
    assert f'href="/sessions/{big.id}/results"' in page
    assert f'href="/sessions/{small.id}/results"' in page


def test_filters_and_sorting_are_plain_get_links(client, auth):
    manager = make_user("manager")
    voted_session(manager, {"Front-line staff": 5}, title="Five people")
    voted_session(manager, {"Front-line staff": 8}, title="Eight people")
    created_on(
        make_session(
            manager, title="Old supervisors", target_level_id=level_named("Supervisor").id
        ),
        datetime(2025, 1, 10),
    )
    auth.login(manager)
    filters = next(
        form
        for form in forms_in(page_text(client.get("/results")))
        if form.button == "Apply filters"
    )
    assert filters.method == "get" and filters.action == "/results"
    supervisors = level_named("Supervisor").id
    text = text_of(client, f"/results?level={supervisors}")
    assert "Old supervisors" in text and "Eight people" not in text
    text = text_of(client, "/results?created_to=2025-12-31")
    assert "Old supervisors" in text and "Five people" not in text
    text = text_of(client, "/results?sort=participants&order=desc")
    assert text.index("Eight people") < text.index("Five people") < text.index("Old supervisors")
    text = text_of(client, "/results?sort=participants&order=asc")
    assert text.index("Five people") < text.index("Eight people") < text.index("Old supervisors")
    page = page_text(client.get("/results?sort=participants&order=desc"))
    assert 'aria-sort="descending"' in page
    assert "/results?sort=participants&order=asc" in page  # the heading flips the order


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=title", "Choose an option from the list."),
        ("order=sideways", "Choose an option from the list."),
        ("level=abc", "Choose an option from the list."),
        ("level=99999", "Choose an option from the list."),
        ("phase=archived", "Choose an option from the list."),
        ("stage=%3Cscript%3E", "Choose an option from the list."),
        ("created_from=2026-13-45", "Give a date as YYYY-MM-DD."),
        ("created_from=2026-05-02&created_to=2026-05-01", "The “to” date must not be before"),
        ("page=0", "Pages start at 1."),
        ("page=x", "Not a valid integer value."),
        ("page=7", "There is no such page: pages run from 1 to 1."),
    ],
)
def test_bad_parameters_get_a_clear_400_never_a_500(client, auth, query, message):
    auth.login(make_user("manager"))
    response = client.get(f"/results?{query}")
    assert response.status_code == 400
    text = readable_text(page_text(response))
    assert message in text
    assert "Some filters could not be used" in text
    assert "<script>" not in page_text(response)


@pytest.mark.parametrize(
    "url", ["/results/proposals?created_to=yesterday", "/results/proposals?sort=x"]
)
def test_bad_parameters_on_proposals_are_400(client, auth, url):
    auth.login(make_user("admin"))
    assert client.get(url).status_code == 400


def test_compare_shows_ticked_sessions_side_by_side(client, auth):
    manager = make_user("manager")
    spring = voted_session(manager, {"Front-line staff": 6}, title="Spring")
    autumn = voted_session(
        manager, {"Supervisor": 5}, title="Autumn", texts=("Answer the phone in three rings",)
    )
    tiny = voted_session(manager, {"Front-line staff": 2}, title="Tiny")
    auth.login(manager)
    page = page_text(client.get("/results"))
    compare = next(form for form in forms_in(page) if form.button == "Compare ticked sessions")
    assert compare.method == "get" and compare.action == "/results/compare"
    assert f'name="s" value="{spring.id}"' in page
    text = text_of(client, f"/results/compare?s={spring.id}&s={autumn.id}&s={tiny.id}")
    assert text.index("Spring") < text.index("Autumn") < text.index("Tiny")
    assert "1 Greet every customer by name 6" in text
    assert "1 Answer the phone in three rings 5" in text
    assert "Supervisor 5 1 5 100 %" in text
    assert "Fewer than 5 people took part: nothing is compared." in text
    assert 'role="img"' in page_text(client.get(f"/results/compare?s={spring.id}&s={autumn.id}"))


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("s=1", 400, "Tick from 2 to 4 sessions to compare them."),
        ("", 400, "Tick from 2 to 4 sessions to compare them."),
        ("s=1&s=abc", 400, "Sessions are chosen by their number"),
        ("s=1&s=2&s=3&s=4&s=5", 400, "Tick from 2 to 4 sessions"),
    ],
)
def test_compare_explains_a_bad_choice(client, auth, query, status, message):
    auth.login(make_user("manager"))
    response = client.get(f"/results/compare?{query}")
    assert response.status_code == status
    assert message in readable_text(page_text(response))


def test_compare_of_a_missing_session_is_404(client, auth):
    manager = make_user("manager")
    spring = voted_session(manager, {"Front-line staff": 6})
    auth.login(manager)
    assert client.get(f"/results/compare?s={spring.id}&s=99999").status_code == 404


def test_proposals_rank_candidate_standards_with_charts_and_levels(client, auth):
    manager = make_user("manager")
    session = make_session(manager, title="Refunds", phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    run = clustering.run_clustering(session, k=2)
    refund = next(c for c in run.clusters if ideas[0].id in {m.idea_id for m in c.members})
    standard = standards.promote_cluster(refund, session)
    change_phase(session, "voting")
    for _ in range(6):
        cast_vote(ideas[0].id, join(session, level_named("Front-line staff").id)[0])
    auth.login(manager)
    response = client.get("/results/proposals")
    page = page_text(response)
    text = readable_text(page)
    assert f"1 {standard.title}" in text
    assert f"{ideas[0].text} 6 votes" in text
    assert "Level People Votes Front-line staff 6 6" in text
    assert page.count('role="img"') == 2 and "Table of “Support per candidate standard”" in text
    # 6 of the 6 voters are behind it: a share with its 95 % range, in the chart's table too
    low, high = wilson_interval(6, 6)
    assert (
        f"6 supporters, support {percent((low + high) / 2)} ({percent(low)}–{percent(high)})"
        in (text)
    )
    assert 'style="' not in page
    stage = standard.protocol_stage
    other = "staff_training" if stage != "staff_training" else "waiting_times"
    assert standard.title in text_of(client, f"/results/proposals?stage={stage}")
    assert "No candidate standards in the sessions that match." in text_of(
        client, f"/results/proposals?stage={other}"
    )


def test_many_sessions_come_in_pages_that_keep_the_filters(client, auth):
    manager = make_user("manager")
    for number in range(21):
        make_session(manager, title=f"Session {number:02d}")
    auth.login(manager)
    first = page_text(client.get("/results?sort=date&order=asc"))
    assert "Session 00" in first and "Session 19" in first and "Session 20" not in first
    assert 'href="/results?sort=date&order=asc&page=2"' in first
    second = readable_text(page_text(client.get("/results?sort=date&order=asc&page=2")))
    assert "Session 20" in second and "Session 19" not in second
    assert "page 2 of 2" in second
