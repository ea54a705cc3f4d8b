"""Builders for test data, going through the services so every rule applies."""

import itertools
from datetime import timedelta

from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, ClusterRun, IdeaCluster, Level, Team, User
from feedback_app.services import accounts, ideas, participation, phases, sessions, voting
from feedback_app.services.levels import list_levels

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_user(
    role: str = "facilitator", email: str | None = None, password: str = PASSWORD
) -> User:
    """Create an active staff account."""
    email = email or f"{role}{next(_counter)}@example.com"
    return accounts.create_user(email, password, role)


def level_named(name: str) -> Level:
    """One of the seeded levels."""
    return next(level for level in list_levels() if level.name == name)


def make_session(owner: User | None = None, phase: str = "draft", **fields) -> BrainstormSession:
    """Create a session and walk it forward through the phases to the one asked for."""
    owner = owner or make_user()
    fields.setdefault("title", "Front line, spring")
    fields.setdefault("prompt", "What should we do every time a customer complains?")
    fields.setdefault("target_level_id", level_named("Front-line staff").id)
    session = sessions.create_session(owner, **fields)
    return move_to(session, phase)


def move_to(session: BrainstormSession, phase: str) -> BrainstormSession:
    """Advance a session along the forward path until it reaches the phase."""
    order = ["draft", "collecting", "voting", "results", "closed"]
    while order.index(session.phase) < order.index(phase):
        session = phases.change_phase(session, order[order.index(session.phase) + 1])
    return session


def join(session: BrainstormSession, level_id: int | None = None, team_id: int | None = None):
    """Join as a new anonymous participant; returns (participant, token).

    Voting closes joining by default; test voters who arrive after that are let in anyway
    (the rule itself is tested through the web and the API).
    """
    current = db.session.get(BrainstormSession, session.id)
    if current.phase == "voting" and not current.joining_open and not current.ballot_cards:
        level = db.session.get(Level, level_id) if level_id is not None else None
        team = db.session.get(Team, team_id) if team_id is not None else None
        return participation.admit(current, level, team)
    return participation.join_session(session.join_code, level_id, team_id)


def add_ideas(session: BrainstormSession, *texts: str):
    """Add ideas from fresh participants while collecting; returns the ideas."""
    created = []
    for text in texts:
        participant, _ = join(session)
        created.append(ideas.add_idea(session, participant, text))
    return created


def make_running_run(
    session: BrainstormSession, *, silent_for_s: float = 0, started: bool = True
) -> ClusterRun:
    """A run left "running" whose last heartbeat was `silent_for_s` seconds ago.

    Written directly, as a web worker that died mid-run leaves it: no service would do this.
    """
    beat = utc_now() - timedelta(seconds=silent_for_s)
    run = ClusterRun(
        session_id=session.id,
        idea_count=15,
        status="running",
        progress=20 if started else 5,
        near_duplicates=[],
        created_at=beat,
        started_at=beat if started else None,
        heartbeat_at=beat,
    )
    db.session.add(run)
    db.session.commit()
    return run


def reload(instance):
    """Re-read a row from the database."""
    db.session.expire_all()
    return db.session.get(type(instance), instance.id)


def run_states(session: BrainstormSession) -> list[tuple[str, str | None]]:
    """(status, error) of each clustering run of the session, oldest first, as stored."""
    db.session.expire_all()
    query = select(ClusterRun.status, ClusterRun.error).where(ClusterRun.session_id == session.id)
    return [tuple(row) for row in db.session.execute(query.order_by(ClusterRun.id))]


def cluster_count(run: ClusterRun) -> int:
    """How many themes are stored for a run."""
    return db.session.scalar(select(func.count(IdeaCluster.id)).where(IdeaCluster.run_id == run.id))


def session_titled(title: str) -> BrainstormSession:
    """The session with this title (the demo's, for instance)."""
    return db.session.scalar(select(BrainstormSession).where(BrainstormSession.title == title))


FORMULA_IDEA = '=HYPERLINK("http://evil.example","Refund") refund everyone twice'
UNICODE_IDEA = "Saluer chaque client en français – naïve café ✓"
RESULT_LEVELS = {"Front-line staff": 6, "Supervisor": 5, "Executive": 2}


def make_results_session(owner: User | None = None, levels: dict[str, int] | None = None):
    """A voted session with levels (Executive under k), a promoted standard and ballot cards.

    Returns (session, ideas, tokens): the participants' tokens, for checks that no export
    carries one. Ideas: the refund and greeting themes, a formula-looking and a Unicode idea.
    """
    from feedback_app.services import ballots, clustering, standards
    from feedback_app.services.voting import cast_vote
    from tests.sample_ideas import THEMES

    session = make_session(owner, phase="collecting", title="Refunds = trust")
    joined = [
        join(session, level_named(name).id)
        for name, count in (levels or RESULT_LEVELS).items()
        for _ in range(count)
    ]
    people = [participant for participant, _ in joined]
    texts = [*THEMES["refund"], *THEMES["greet"], FORMULA_IDEA, UNICODE_IDEA]
    created = [
        ideas.add_idea(session, people[index % len(people)], text)
        for index, text in enumerate(texts)
    ]
    run = clustering.run_clustering(session, k=2)
    refund = next(c for c in run.clusters if created[0].id in {m.idea_id for m in c.members})
    standards.promote_cluster(refund, session)
    session = move_to(session, "voting")
    for index, person in enumerate(people):
        for offset, idea in enumerate(created):
            if (index + offset) % 3 == 0 or offset == 0:
                cast_vote(idea.id, person)
    ballots.issue_cards(session, 2)
    return reload(session), created, [token for _, token in joined]


def voted_session(
    owner: User | None = None,
    levels: dict[str, int] | None = None,
    *,
    abstain: int = 0,
    texts: tuple[str, ...] = ("Greet every customer by name", "Call back within a day"),
    **fields,
) -> BrainstormSession:
    """A session in voting whose people declared these levels; the first person wrote the
    ideas, and everyone but the last `abstain` people up-voted the first idea."""
    session = make_session(owner, phase="collecting", **fields)
    people = [
        join(session, level_named(name).id)[0]
        for name, count in (levels or {"Front-line staff": 6}).items()
        for _ in range(count)
    ]
    written = [ideas.add_idea(session, people[0], text) for text in texts]
    phases.change_phase(session, "voting")
    for person in people[: len(people) - abstain]:
        voting.cast_vote(written[0].id, person)
    return session


def created_on(session: BrainstormSession, when) -> BrainstormSession:
    """Backdate a session (the clock stamps it at creation; tests of date filters need others)."""
    session.created_at = when
    db.session.commit()
    return session


def make_candidate(owner: User | None = None, *texts: str, session=None):
    """Promote a theme of fresh ideas to a candidate standard (all ideas in one theme)."""
    from feedback_app.services import clustering, standards

    session = session or make_session(owner, phase="collecting")
    ideas_ = add_ideas(session, *texts)
    run = clustering.run_clustering(session, k=1)
    theme = next(cluster for cluster in run.clusters if not cluster.is_other)
    standard = standards.promote_cluster(theme, session)
    assert {idea.id for idea in standard.ideas} == {idea.id for idea in ideas_}
    return standard


def make_team(name: str = "Leeds shop", admin: User | None = None):
    """A team made by an admin; returns the TeamLink (the team and its link's token)."""
    from feedback_app.services.team_links import create_team_with_link

    return create_team_with_link(admin or make_user("admin"), name)


def make_location(name: str = "", **fields):
    """A team or location written straight through the model (no admin, no link)."""
    from feedback_app.models import Team

    team = Team(name=name or f"Shop {next(_counter)}", **fields)
    db.session.add(team)
    db.session.commit()
    return team


SERVICE_STEPS = {
    "greet_listen": ("Greeting", ["Look up within ten seconds", "Say hello and smile"]),
    "address_test": ("Resolving", ["Repeat the problem back", "Check the fix works"]),
    "refunds_complaints": ("Refunds", []),
}


def publish_standard(manager: User | None = None, stages: dict | None = None):
    """Adopt a standard per protocol stage (title, steps), each with an objective, and publish
    them as the next version of the standard; returns the version."""
    from feedback_app.models import CandidateStandard
    from feedback_app.services import decisions, objectives, standard_versions

    manager = manager or make_user("manager")
    session = make_session(manager)
    for stage, (title, steps) in (stages or SERVICE_STEPS).items():
        standard = CandidateStandard(
            session_id=session.id,
            title=title,
            statement=f"{title}: what staff do every time.",
            procedures="\n".join(steps),
            protocol_stage=stage,
        )
        db.session.add(standard)
        db.session.commit()
        decisions.decide(standard, "adopted", "Agreed", manager)
        objectives.add_objective(
            standard,
            manager,
            metric="Mystery shopper score",
            target=90,
            unit="%",
            measured_by="Mystery shopping",
        )
    return standard_versions.publish(manager, "Mystery shopping")


def publish_standard_covering(manager: User, *stages: str):
    """Publish a version of the standard with one adopted item in each protocol stage given."""
    from feedback_app.services import decisions, objectives, standard_versions

    for stage in stages:
        standard = make_candidate(manager, f"Handle {stage} well", f"Always do {stage} right")
        decisions.edit_candidate(standard, manager, protocol_stage=stage)
        decisions.decide(standard, "adopted", "Agreed", manager)
        objectives.add_objective(
            standard, manager, metric="Share of yes", target=90, unit="%", measured_by="Survey"
        )
    return standard_versions.publish(manager, "For the survey")


def make_survey(manager: User | None = None, status: str = "open", **fields):
    """A survey built from the current standard (the four steps without one), opened."""
    from feedback_app.services import surveys

    survey = surveys.create_survey(manager or make_user("manager"), "After your visit", **fields)
    if status != "draft":
        surveys.set_status(survey, "open")
    if status == "closed":
        surveys.set_status(survey, "closed")
    return survey


def answer_survey(survey, csat=None, steps=(), nps=None, comment=None, **tags):
    """One anonymous response: CSAT, the step answers in order, NPS and a comment."""
    from feedback_app.services import survey_answers

    questions = {
        kind: [q for q in survey.questions if q.kind == kind] for kind in ("csat", "step", "nps")
    }
    answers = {}
    if csat is not None:
        answers[questions["csat"][0].id] = csat
    answers |= {q.id: value for q, value in zip(questions["step"], steps, strict=False)}
    if nps is not None:
        answers[questions["nps"][0].id] = nps
    return survey_answers.submit_response(survey, answers, comment=comment, source="api", **tags)
