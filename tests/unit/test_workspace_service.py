"""The managers' workspace: filters, order, pages, comparison and proposals, never a figure
about fewer than k people."""

from datetime import date, datetime

import pytest

from feedback_app.errors import NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.services import clustering, standards, workspace
from feedback_app.services.breakdown import voters_per_group
from feedback_app.services.ideas import add_idea
from feedback_app.services.phases import change_phase
from feedback_app.services.privacy import share_if_safe
from feedback_app.services.proposals import ideas_per_stage, ranked_proposals
from feedback_app.services.voting import cast_vote
from feedback_app.services.workspace import Filters
from tests.factories import (
    add_ideas,
    created_on,
    join,
    level_named,
    make_session,
    make_team,
    make_user,
    voted_session,
)
from tests.sample_ideas import THEMES


def titles(sessions) -> list[str]:
    return [session.title for session in sessions]


def test_filters_by_level_phase_and_creation_dates(app):
    front, supervisors = level_named("Front-line staff").id, level_named("Supervisor").id
    created_on(make_session(title="March front", target_level_id=front), datetime(2026, 3, 2, 9))
    created_on(
        make_session(title="April supervisors", phase="collecting", target_level_id=supervisors),
        datetime(2026, 4, 30, 23, 59),
    )
    created_on(make_session(title="May front", target_level_id=front), datetime(2026, 5, 1, 0, 1))

    def found(**filters):
        return titles(workspace.filtered_sessions(Filters(**filters)))

    assert found() == ["May front", "April supervisors", "March front"]
    assert found(level_id=front) == ["May front", "March front"]
    assert found(phase="collecting") == ["April supervisors"]
    # both ends of the range are whole days, included
    assert found(created_from=date(2026, 3, 2), created_to=date(2026, 4, 30)) == [
        "April supervisors",
        "March front",
    ]
    assert found(created_from=date(2026, 5, 1)) == ["May front"]
    assert found(level_id=supervisors, phase="draft") == []


def test_filters_by_the_protocol_stage_of_themes_and_standards(app):
    session = make_session(title="Refunds", phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    run = clustering.run_clustering(session, k=2)
    make_session(title="Nothing grouped")
    stages = {cluster.protocol_stage for cluster in run.clusters}
    missing = next(stage for stage in ("staff_training", "waiting_times") if stage not in stages)
    stage = next(iter(stages))
    assert titles(workspace.filtered_sessions(Filters(stage=stage))) == ["Refunds"]
    assert workspace.filtered_sessions(Filters(stage=missing)) == []
    refund = next(c for c in run.clusters if ideas[0].id in {m.idea_id for m in c.members})
    standard = standards.promote_cluster(refund, session)
    standard.protocol_stage = missing  # a manager re-filed the standard under another stage
    db.session.commit()
    assert titles(workspace.filtered_sessions(Filters(stage=missing))) == ["Refunds"]


@pytest.mark.parametrize(
    "fields",
    [
        {"sort": "title"},
        {"phase": "archived"},
        {"created_from": date(2026, 5, 2), "created_to": date(2026, 5, 1)},
    ],
)
def test_bad_filters_are_refused_with_a_message(app, fields):
    with pytest.raises(ValidationFailed) as refused:
        Filters(**fields)
    assert refused.value.message


def test_sorting_by_a_count_puts_sessions_under_k_last_whatever_the_order(app):
    for title, people in (("Five", 5), ("Eight", 8), ("Six", 6)):
        voted_session(levels={"Front-line staff": people}, title=title)
    small = make_session(title="Two", phase="collecting")
    join(small)
    join(small)
    empty = make_session(title="Nobody")
    created_on(empty, datetime(2020, 1, 1))

    def order(sort, descending=True):
        return titles(
            workspace.sort_sessions(
                workspace.filtered_sessions(Filters()), Filters(sort=sort, descending=descending)
            )
        )

    assert order("participants") == ["Eight", "Six", "Five", "Two", "Nobody"]
    assert order("participants", descending=False) == ["Five", "Six", "Eight", "Two", "Nobody"]
    assert order("votes") == ["Eight", "Six", "Five", "Two", "Nobody"]
    assert order("date", descending=False) == ["Nobody", "Five", "Eight", "Six", "Two"]


def test_pages_of_the_overview(app):
    for number in range(5):
        make_session(title=f"Session {number}")
    first = workspace.overview(Filters(sort="date", descending=False), 1, page_size=2)
    last = workspace.overview(Filters(sort="date", descending=False), 3, page_size=2)
    assert (first.number, first.pages, first.total) == (1, 3, 5)
    assert [row.session.title for row in first.rows] == ["Session 0", "Session 1"]
    assert [row.session.title for row in last.rows] == ["Session 4"]
    for page in (0, 4):
        with pytest.raises(ValidationFailed, match="pages run from 1 to 3"):
            workspace.overview(Filters(), page, page_size=2)


def test_no_figure_is_about_fewer_than_k_people(app):
    session = voted_session(
        levels={"Front-line staff": 6, "Supervisor": 5, "Executive": 2}, abstain=3
    )
    figures = workspace.session_figures(session)
    assert figures.shown and (figures.participants, figures.ideas, figures.votes) == (13, 2, 10)
    assert all(group.participants >= 5 for group in figures.groups)
    by_name = {group.name: group for group in figures.groups}
    assert set(by_name) == {"Front-line staff", "Other levels"}
    assert by_name["Other levels"].level_names == ("Executive", "Supervisor")
    # the 3 who did not vote are in the pool of 7: "4 of 7" would describe 3 people
    assert by_name["Front-line staff"].turnout == 1.0
    assert by_name["Other levels"].turnout is None
    assert figures.turnout is None  # 10 of 13: 3 did not vote
    small = voted_session(levels={"Front-line staff": 4})
    hidden = workspace.session_figures(small)
    assert not hidden.shown
    assert (hidden.participants, hidden.ideas, hidden.votes, hidden.turnout) == (None,) * 4
    assert hidden.groups == []


def test_turnout_when_both_sides_are_k_or_more(app):
    session = voted_session(levels={"Front-line staff": 10}, abstain=5)
    figures = workspace.session_figures(session)
    assert figures.turnout == 0.5 and figures.groups[0].turnout == 0.5
    front = f"level-{level_named('Front-line staff').id}"
    assert voters_per_group(session) == {front: 5}
    assert workspace.turnout_series([figures]) == [(session, 0.5)]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(5, 10, 0.5), (10, 10, 1.0), (0, 10, 0.0), (4, 10, None), (6, 10, None), (3, 4, None)],
)
def test_a_share_is_hidden_when_either_side_is_a_small_group(part, whole, expected):
    assert share_if_safe(part, whole, 5) == expected


def test_compare_needs_two_to_four_sessions_the_user_may_see(app):
    manager = make_user("manager")
    big = voted_session(levels={"Front-line staff": 6}, title="Big")
    small = voted_session(levels={"Front-line staff": 3}, title="Small")
    compared = workspace.compare_sessions(manager, [big.id, small.id, big.id])
    assert [item.figures.session.title for item in compared] == ["Big", "Small"]
    assert [idea.text for idea in compared[0].top] == [
        "Greet every customer by name",
        "Call back within a day",
    ]
    assert compared[0].top[0].votes == 6
    assert compared[1].top == []  # under k: nothing to compare
    with pytest.raises(ValidationFailed, match="from 2 to 4"):
        workspace.compare_sessions(manager, [big.id])
    with pytest.raises(NotFound):
        workspace.compare_sessions(manager, [big.id, 99999])


def test_compare_for_a_team_ranks_the_ideas_by_that_teams_votes(app):
    manager = make_user("manager")
    york, leeds = make_team("York", manager).team, make_team("Leeds", manager).team
    session = make_session(phase="collecting", title="Teams")
    front = level_named("Front-line staff").id
    yorkers = [join(session, front, york.id)[0] for _ in range(5)]
    leeds_people = [join(session, front, leeds.id)[0] for _ in range(6)]
    greet, call, seat = (
        add_idea(session, leeds_people[0], text)
        for text in ("Greet by name", "Call back", "Offer a seat")
    )
    change_phase(session, "voting")
    for index, person in enumerate(yorkers):
        cast_vote(greet.id, person)
        cast_vote(call.id, person)
        if index < 3:
            cast_vote(seat.id, person)
    for person in leeds_people:
        cast_vote(seat.id, person)
    other = voted_session(levels={"Front-line staff": 6}, title="No teams")
    compared = workspace.compare_sessions(manager, [session.id, other.id], york.id)
    ranked = [(idea.rank, idea.text, idea.votes) for idea in compared[0].team_top]
    # Ties share a rank and are listed in public-id order, not in the order written.
    assert sorted(ranked[:2]) == [(1, "Call back", 5), (1, "Greet by name", 5)]
    assert ranked[2] == (3, "Offer a seat", 3)
    assert compared[0].figures.team.group.name == "York"
    assert compared[1].team_top == [] and compared[1].figures.team is None
    for_leeds = workspace.compare_sessions(manager, [session.id, other.id], leeds.id)
    assert [(i.rank, i.text, i.votes) for i in for_leeds[0].team_top] == [(1, "Offer a seat", 6)]
    assert workspace.compare_sessions(manager, [session.id, other.id])[0].team_top == []


def test_proposals_are_ranked_across_sessions_with_k_anonymous_levels(app):
    ranked_sessions = []
    for title, people in (("Spring", 6), ("Autumn", 10)):
        session = make_session(title=title, phase="collecting")
        ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
        run = clustering.run_clustering(session, k=2)
        refund = next(c for c in run.clusters if ideas[0].id in {m.idea_id for m in c.members})
        standard = standards.promote_cluster(refund, session)
        change_phase(session, "voting")
        front = [join(session, level_named("Front-line staff").id)[0] for _ in range(people)]
        for person in front:
            cast_vote(ideas[0].id, person)
        ranked_sessions.append((session, standard))
    tiny = make_session(title="Tiny", phase="collecting")
    add_ideas(tiny, "Smile")
    figures = [workspace.session_figures(s) for s, _ in ranked_sessions]
    figures.append(workspace.session_figures(tiny))
    ranking = ranked_proposals(figures)
    assert [(p.rank, p.scored.standard.session_id, p.scored.votes) for p in ranking.proposals] == [
        (1, ranked_sessions[1][0].id, 10),
        (2, ranked_sessions[0][0].id, 6),
    ]
    assert ranking.sessions_too_small == 1
    best = ranking.proposals[0]
    assert best.idea_votes[0][1] == 10 and best.idea_votes[0][0].text == THEMES["refund"][0]
    assert all(
        support.participants >= 5 for p in ranking.proposals for support in p.groups.values()
    )
    assert best.groups["Front-line staff"].votes == 10
    assert ranked_proposals(figures, "no_such_stage").proposals == []


def test_ideas_per_stage_counts_the_themes_of_sessions_of_k_or_more(app):
    session = make_session(title="Grouped", phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])  # ten authors: over k
    run = clustering.run_clustering(session, k=2)
    expected = {}
    for cluster in run.clusters:
        expected[cluster.protocol_stage] = expected.get(cluster.protocol_stage, 0) + len(
            cluster.members
        )
    small = make_session(title="Small", phase="collecting")
    add_ideas(small, *THEMES["refund"][:3])
    clustering.run_clustering(small, k=1)
    figures = [workspace.session_figures(session), workspace.session_figures(small)]
    counted = ideas_per_stage(figures)
    assert dict(counted) == expected and sum(expected.values()) == len(ideas)
