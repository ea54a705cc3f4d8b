"""The results page compares levels in groups of at least k; admins choose k (never below 3)."""

import pytest

from feedback_app.services import ideas, privacy
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests.factories import join, level_named, make_session, make_user
from tests.web.html_forms import page_text, press, readable_text


def voted_session(owner, levels: dict[str, int]):
    session = make_session(owner, phase="collecting")
    people = [
        join(session, level_named(name).id)[0]
        for name, count in levels.items()
        for _ in range(count)
    ]
    idea = ideas.add_idea(session, people[0], "Offer a callback when the queue is long")
    change_phase(session, "voting")
    for person in people[:-1]:
        cast_vote(idea.id, person)
    return session


def test_results_page_shows_levels_and_pools_small_ones(client, auth):
    owner = make_user()
    session = voted_session(owner, {"Front-line staff": 6, "Supervisor": 2, "Executive": 3})
    auth.login(owner)
    text = readable_text(page_text(client.get(f"/sessions/{session.id}/results")))
    assert "Level People Ideas Votes Front-line staff 6 1 6" in text
    assert "Other levels (Executive, Supervisor) 5 0 4" in text
    assert "Levels of fewer than 5 people are counted together as “Other levels”" in text
    assert (
        "Idea All Front-line staff Other levels Offer a callback when the queue is long 10 6 4"
        in (text)
    )


def test_a_small_session_is_not_broken_down(client, auth):
    owner = make_user()
    session = voted_session(owner, {"Front-line staff": 3, "Supervisor": 1})
    auth.login(owner)
    text = readable_text(page_text(client.get(f"/sessions/{session.id}/results")))
    assert "Fewer than 5 people took part, so the results are not broken down by level" in text
    assert "Front-line staff 3" not in text and "Supervisor 1" not in text


def test_admin_lowers_k_and_the_breakdown_follows(client, auth):
    admin = make_user(role="admin")
    session = voted_session(admin, {"Front-line staff": 4, "Supervisor": 4})
    auth.login(admin)
    before = readable_text(page_text(client.get(f"/sessions/{session.id}/results")))
    assert "Other levels (Supervisor, Front-line staff) 8" in before
    response = press(client, "/admin/levels", "Save", min_group="4")
    assert response.status_code == 302
    assert privacy.min_group() == 4
    after = readable_text(page_text(client.get(f"/sessions/{session.id}/results")))
    assert "Supervisor 4 0 3 Front-line staff 4 1 4" in after


@pytest.mark.parametrize("value", ["2", "51", "five", ""])
def test_k_out_of_range_is_explained_and_not_saved(client, auth, value):
    auth.login(make_user(role="admin"))
    response = press(client, "/admin/levels", "Save", min_group=value)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page_text(response)
    assert privacy.min_group() == 5


def test_only_admins_set_k(client, auth):
    auth.login(make_user(role="manager"))
    assert client.get("/admin/levels").status_code == 403
