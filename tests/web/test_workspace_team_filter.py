"""The workspace's team filter on compared sessions: the teams offered, the ideas a team voted
for, and k-anonymity as in the breakdown (small teams pooled, level × team cells all or none)."""

import pytest

from feedback_app.services import ideas, phases, voting
from tests.factories import join, level_named, make_session, make_team, make_user
from tests.web.html_forms import form_with_button, page_text, readable_text

GREET, CALL_BACK, SEAT = (
    "Greet every customer by name",
    "Call back within a day",
    "Offer a seat to anyone waiting",
)
FRONT, SUPERVISOR = "Front-line staff", "Supervisor"
HIDDEN = "not shown (some level and team together are fewer than 5 people)"


@pytest.fixture
def teams(app):
    admin = make_user("admin")
    return {name: make_team(name, admin).team for name in ("York", "Leeds", "Hull")}


def voted_by_teams(owner, teams, people: dict[tuple[str, str, str], int], title: str):
    """A session in voting whose people gave (level, team) and up-voted one idea each:
    `people` maps (level, team, idea voted for) to how many such people there are."""
    session = make_session(owner, phase="collecting", title=title)
    joined = [
        (join(session, level_named(level).id, teams[team].id)[0], idea)
        for (level, team, idea), count in people.items()
        for _ in range(count)
    ]
    written = {text: ideas.add_idea(session, joined[0][0], text) for text in (GREET, CALL_BACK)}
    written[SEAT] = ideas.add_idea(session, joined[-1][0], SEAT)
    phases.change_phase(session, "voting")
    for person, idea in joined:
        voting.cast_vote(written[idea].id, person)
    return session


@pytest.fixture
def compared(client, auth, teams):
    """Spring: Leeds front line (6) for the greeting, York supervisors (5) for call-backs.
    Autumn: as Spring plus 2 York front-line staff, so one level × team cell is 2 people.
    Winter: Leeds (6) and York (5) on the front line, and 2 from Hull, pooled with York."""
    manager = make_user("manager")
    base = {(FRONT, "Leeds", GREET): 6, (SUPERVISOR, "York", CALL_BACK): 5}
    spring = voted_by_teams(manager, teams, base, "Spring")
    autumn = voted_by_teams(manager, teams, {**base, (FRONT, "York", SEAT): 2}, "Autumn")
    winter = voted_by_teams(
        manager,
        teams,
        {(FRONT, "Leeds", GREET): 6, (FRONT, "York", CALL_BACK): 5, (FRONT, "Hull", SEAT): 2},
        "Winter",
    )
    auth.login(manager)
    return spring, autumn, winter


def compare_url(*sessions, team=None) -> str:
    query = "&".join(f"s={session.id}" for session in sessions)
    return f"/results/compare?{query}" + (f"&team={team.id}" if team else "")


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return readable_text(page_text(response))


def test_the_compare_page_offers_every_team_and_keeps_the_sessions(client, compared, teams):
    spring, autumn, _ = compared
    page = page_text(client.get(compare_url(spring, autumn)))
    form = form_with_button(page, "Show this team", action="/results/compare")
    assert ("s", str(spring.id)) in form.fields and ("s", str(autumn.id)) in form.fields
    assert ("team", "") in form.fields  # "All teams" until one is chosen
    options = page[
        page.index('<select id="team"') : page.index("</select>", page.index('id="team"'))
    ]
    assert readable_text(options) == "All teams Hull Leeds York"
    assert "Team:" not in readable_text(page)
    chosen = page_text(client.get(compare_url(spring, autumn, team=teams["York"])))
    assert f'<option selected value="{teams["York"].id}">York</option>' in chosen
    assert ("team", str(teams["York"].id)) in form_with_button(chosen, "Show this team").fields


def test_a_team_narrows_the_ideas_to_its_own_votes(client, compared, teams):
    spring, _, _ = compared
    whole = text_of(client, compare_url(*compared[:2]))
    assert f"1 {GREET} 6" in whole and f"2 {CALL_BACK} 5" in whole
    york = text_of(client, compare_url(spring, compared[1], team=teams["York"]))
    spring_part = york[york.index("Spring") : york.index("Autumn")]
    assert "York : 5 people · 1 idea · 5 votes" in spring_part
    narrowed = spring_part[spring_part.index("Ideas York voted for most") :]
    assert narrowed.startswith(f"Ideas York voted for most Rank Idea Votes 1 {CALL_BACK} 5")
    assert GREET not in narrowed
    assert "Supervisor in this team: 5 people" in spring_part
    assert "Front-line staff in this team: 0 people" in spring_part
    leeds = text_of(client, compare_url(spring, compared[1], team=teams["Leeds"]))
    assert f"Ideas Leeds voted for most Rank Idea Votes 1 {GREET} 6" in leeds
    assert "Leeds : 6 people · 2 ideas · 6 votes" in leeds


def test_a_small_level_and_team_cell_hides_every_cell(client, compared, teams):
    spring, autumn, _ = compared
    text = text_of(client, compare_url(spring, autumn, team=teams["York"]))
    autumn_part = text[text.index("Autumn") :]
    # York is 7 people (5 supervisors, 2 front-line staff): the team is shown, but its cells
    # would single out the 2 (and the 6 of Leeds give them away by subtraction): none shown.
    assert "York : 7 people" in autumn_part
    assert f"Front-line staff in this team: {HIDDEN}" in autumn_part
    assert f"Supervisor in this team: {HIDDEN}" in autumn_part
    assert "in this team: 2 people" not in autumn_part
    assert "in this team: 5 people" not in autumn_part


def test_a_team_under_k_is_only_seen_pooled(client, compared, teams):
    spring, _, winter = compared
    text = text_of(client, compare_url(spring, winter, team=teams["Hull"]))
    winter_part = text[text.index("Winter") :]
    assert "Team: Hull" in winter_part
    assert "Other teams (Hull, York) : 7 people" in winter_part
    assert (
        f"Ideas Other teams voted for most Rank Idea Votes 1 {CALL_BACK} 5 2 {SEAT} 2"
        in winter_part
    )
    assert "Teams of fewer than 5 people are counted together as “Other teams”" in winter_part
    assert "Hull : 2 people" not in text
    spring_part = text[text.index("Spring") : text.index("Winter")]
    assert "Nobody said they were in this team." in spring_part


def test_a_session_under_k_compares_nothing_for_a_team_either(client, compared, teams):
    spring = compared[0]
    tiny = voted_by_teams(make_user("manager"), teams, {(FRONT, "York", CALL_BACK): 3}, "Tiny")
    text = text_of(client, compare_url(spring, tiny, team=teams["York"]))
    tiny_part = text[text.index("Tiny") :]
    assert "Fewer than 5 people took part: nothing is compared." in tiny_part
    assert "York :" not in tiny_part and "voted for most" not in tiny_part


def test_an_unknown_team_is_a_clear_400(client, compared):
    spring, autumn, _ = compared
    response = client.get(compare_url(spring, autumn) + "&team=99999")
    assert response.status_code == 400
    text = readable_text(page_text(response))
    assert "Team of participants: Choose an option from the list." in text
    assert "voted for most" not in text


def test_the_overview_team_filter_reaches_the_compare_form(client, compared, teams):
    text = text_of(client, f"/results?team={teams['York'].id}")
    assert f"Front-line staff in this team: {HIDDEN}" in text
    page = page_text(client.get(f"/results?team={teams['York'].id}"))
    form = form_with_button(page, "Compare ticked sessions")
    assert ("team", str(teams["York"].id)) in form.fields
