"""The themes board in the browser: group ideas, shape the themes, promote candidate standards."""

import html
import re
import threading
import time

import pytest
from werkzeug.datastructures import MultiDict

from feedback_app import messages
from feedback_app.extensions import db
from feedback_app.models import Idea
from feedback_app.services import clustering, public_ids, text
from feedback_app.services.cluster_views import board
from feedback_app.services.moderation import set_idea_status
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests.factories import (
    add_ideas,
    join,
    make_running_run,
    make_session,
    make_user,
    reload,
    run_states,
)
from tests.sample_ideas import THEMES
from tests.web.html_forms import (
    csrf_token_from,
    forms_in,
    page_text,
    press,
)

THEME_TEXTS = [idea for texts in THEMES.values() for idea in texts]
POLL_LIMIT_S = 20


def board_url(session) -> str:
    return f"/sessions/{session.id}/themes"


def log_in_as(client, auth, user):
    """Log out whoever is logged in on this client, then log this user in."""
    press(client, "/sessions/", "Log out")
    auth.login(user)


def columns(session):
    """The board as the services see it now."""
    db.session.expire_all()
    return board(clustering.latest_run(session, finished=True))[0]


def column_of(session, idea):
    return next(c for c in columns(session) if idea.id in [card.id for card in c.ideas])


def flashes(response) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'class="flash[^"]*">([^<]*)<', response.text)]


@pytest.fixture
def owner():
    return make_user()


@pytest.fixture
def themed(owner):
    session = make_session(owner, phase="collecting")
    return session, add_ideas(session, *THEME_TEXTS)


@pytest.fixture
def grouped(client, auth, owner, themed):
    """The 15 THEMES ideas, grouped through the page's own form."""
    session, ideas = themed
    auth.login(owner)
    response = press(client, board_url(session), "Group ideas", k="3", backend="nltk")
    assert response.status_code == 303
    assert response.location.endswith(board_url(session))
    return session, ideas


def by_theme(ideas) -> dict:
    return {name: ideas[i * 5 : i * 5 + 5] for i, name in enumerate(THEMES)}


# Grouping


def test_grouping_shows_three_columns_with_sensible_labels(client, grouped):
    session, ideas = grouped
    response = client.get(board_url(session))
    assert response.status_code == 200
    page = page_text(response)
    assert "Grouped 15 ideas into 3 themes." in page
    assert page.count('class="theme ') + page.count('class="theme"') == 3
    for name, members in by_theme(ideas).items():
        column = column_of(session, members[0])
        assert {card.id for card in column.ideas} == {idea.id for idea in members}
        assert name in (column.label + " " + " ".join(column.keywords)).lower()
        assert f'id="theme-{column.id}-label"' in page and column.label in page
    assert "Greet and listen" in page  # the protocol stage of the greeting theme
    assert "method: NLTK keywords" in page and "k = 3 (3 asked)" in page
    assert "15 ideas" in page


def test_board_lists_the_installed_methods(client, auth, owner, themed, monkeypatch):
    session, _ = themed
    auth.login(owner)
    monkeypatch.setattr(text, "available_backends", lambda: {"nltk": True, "semantic": False})
    page = page_text(client.get(board_url(session)))
    assert '<option selected value="nltk">NLTK keywords (default)</option>' in page
    assert '<option value="semantic">' not in page
    assert re.search(r"Semantic \(MiniLM\)\s*<span class=\"badge\">not installed", page)
    refused = press(client, board_url(session), "Group ideas", backend="semantic")
    assert refused.status_code == 422
    monkeypatch.setattr(text, "available_backends", lambda: {"nltk": True, "semantic": True})
    page = page_text(client.get(board_url(session)))
    assert '<option value="semantic">Semantic (MiniLM)</option>' in page


def test_run_form_errors_rerender_with_422(client, auth, owner, themed):
    session, _ = themed
    auth.login(owner)
    too_many = press(client, board_url(session), "Group ideas", k="101")
    assert too_many.status_code == 422
    assert "The number of themes must be a whole number from 1 to 100." in page_text(too_many)
    not_a_number = press(client, board_url(session), "Group ideas", k="three")
    assert not_a_number.status_code == 422
    assert 'aria-invalid="true"' in not_a_number.text
    assert clustering.latest_run(session) is None


def test_a_failed_run_shows_its_error_and_the_form_to_try_again(
    client, auth, owner, themed, monkeypatch
):
    session, _ = themed
    auth.login(owner)

    def broken(*args, **kwargs):
        raise RuntimeError("the tokenizer data is missing")

    monkeypatch.setattr(text, "cluster_ideas", broken)
    response = press(client, board_url(session), "Group ideas")
    assert response.status_code == 303
    page = client.get(board_url(session))
    assert flashes(page) == ["Grouping failed: the tokenizer data is missing"]
    text_ = page_text(page)
    assert "Grouping failed" in text_ and "the tokenizer data is missing" in text_
    assert "Group ideas" in [form.button for form in forms_in(page.text)]
    monkeypatch.undo()
    assert press(client, board_url(session), "Group ideas").status_code == 303
    assert clustering.latest_run(session).status == "done"
    assert 'data-status="done"' in client.get(board_url(session)).text


def test_a_failed_rerun_keeps_showing_the_last_good_board(client, grouped, monkeypatch):
    session, ideas = grouped
    monkeypatch.setattr(text, "cluster_ideas", lambda *a, **k: 1 / 0)
    press(client, board_url(session), "Group ideas")
    page = page_text(client.get(board_url(session)))
    assert "Grouping failed" in page and "division by zero" in page
    assert "Below is the last grouping that worked." in page
    assert column_of(session, ideas[0]).label in page


def test_a_dead_run_is_shown_failed_and_runs_again_with_its_settings(
    app, client, auth, owner, themed
):
    session, _ = themed
    auth.login(owner)
    dead = make_running_run(session, silent_for_s=app.config["CLUSTER_RUN_STALE_AFTER"] + 1)
    dead.requested_k = 2
    db.session.commit()
    fragment = client.get(f"/sessions/{session.id}/themes/board")  # what the polling page sees
    assert 'data-status="failed"' in fragment.text and "hx-trigger" not in fragment.text
    page = client.get(board_url(session))
    assert re.search(
        r'data-testid="run-error">The grouping stopped because the server running it restarted\.'
        r" Run it again\.</p>",
        html.unescape(page.text),
    )
    rerun = next(form for form in forms_in(page.text) if form.button == "Run again")
    assert rerun.action == f"/sessions/{session.id}/themes/run"
    assert {name: value for name, value in rerun.fields if name != "csrf_token"} == {
        "k": "2",
        "backend": "nltk",
    }
    response = press(client, board_url(session), "Run again")
    assert response.status_code == 303
    assert flashes(client.get(board_url(session))) == ["Grouped 15 ideas into 2 themes."]
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_STOPPED), ("done", None)]
    assert clustering.latest_run(session).requested_k == 2


def test_a_queued_run_says_it_waits_for_the_worker_until_it_is_given_up(
    app, client, auth, owner, themed
):
    session, _ = themed
    auth.login(owner)
    waiting = make_running_run(session, started=False)
    page = client.get(board_url(session))
    assert 'data-status="running"' in page.text and '<progress max="100" value="5"' in page.text
    assert "Waiting for the background worker to start…" in page_text(page)
    again = press(client, board_url(session), "Group ideas")
    assert again.status_code == 303
    assert flashes(client.get(board_url(session))) == [messages.CLUSTER_RUNNING]
    app.config["CLUSTER_RUN_STALE_AFTER"] = 0
    page = client.get(board_url(session))
    assert messages.CLUSTER_RUN_NOT_STARTED in page_text(page)
    assert "Run again" in [form.button for form in forms_in(page.text)]
    assert reload(waiting).status == "failed"


def test_a_big_session_runs_in_the_background_and_the_fragment_polls(
    app, client, auth, owner, themed, monkeypatch
):
    session, _ = themed
    auth.login(owner)
    app.config["CLUSTER_SYNC_LIMIT"] = 3
    gate, reached = threading.Event(), threading.Event()
    real = text.cluster_ideas

    def held_back(*args, **kwargs):
        reached.set()
        gate.wait(POLL_LIMIT_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(text, "cluster_ideas", held_back)
    try:
        press(client, board_url(session), "Group ideas", k="3")
        assert reached.wait(POLL_LIMIT_S)  # the ideas are read: progress 20 is stored
        page = client.get(board_url(session))
        assert flashes(page) == ["Grouping 15 ideas; the board appears when it is done."]
        fragment_url = f"/sessions/{session.id}/themes/board"
        for response in (page, client.get(fragment_url)):
            assert 'data-status="running"' in response.text
            # themes-live.js fetches it again on the stream's word (or every 2 s without one)
            assert f'data-fragment-url="{fragment_url}"' in response.text
            assert '<progress max="100" value="20"' in response.text
            assert f'<a href="{board_url(session)}">Refresh</a>' in response.text
        again = press(client, board_url(session), "Group ideas")
        assert flashes(client.get(board_url(session))) == [
            "Clustering is still running; wait for it to finish."
        ]
        assert again.status_code == 303
    finally:
        gate.set()
    deadline = time.monotonic() + POLL_LIMIT_S
    fragment = client.get(fragment_url)
    while 'data-status="running"' in fragment.text and time.monotonic() < deadline:
        time.sleep(0.1)
        fragment = client.get(fragment_url)
    assert 'data-status="done"' in fragment.text
    assert "data-fragment-url" not in fragment.text  # nothing left to fetch again
    assert fragment.text.count("data-cluster-id=") == 3
    assert "<html" not in fragment.text


# Editing the themes


def test_rename_a_theme_inline(client, grouped):
    session, ideas = grouped
    refund = column_of(session, ideas[0])
    action = f"/sessions/{session.id}/themes/{refund.id}/rename"
    response = press(client, board_url(session), "Rename", action=action, label="  Refunds  fast ")
    assert response.status_code == 303
    assert response.location.endswith(f"#theme-{refund.id}")
    page = client.get(board_url(session))
    assert flashes(page) == ["Theme renamed to “Refunds fast”."]
    assert column_of(session, ideas[0]).label == "Refunds fast"
    press(client, board_url(session), "Rename", action=action, label="   ")
    assert flashes(client.get(board_url(session))) == ["A theme name needs 1 to 120 characters."]
    assert column_of(session, ideas[0]).label == "Refunds fast"


def test_pin_and_unpin_a_theme(client, grouped):
    session, ideas = grouped
    queue = column_of(session, ideas[5])
    action = f"/sessions/{session.id}/themes/{queue.id}/pin"
    press(client, board_url(session), "📌 Pin", action=action)
    page = client.get(board_url(session))
    assert flashes(page) == [f"📌 Pinned “{queue.label}”: grouping again keeps it."]
    assert column_of(session, ideas[5]).pinned
    assert [f.button for f in forms_in(page.text) if f.action == action] == ["Unpin"]
    assert 'class="pin-mark"' in page.text
    press(client, board_url(session), "Unpin", action=action)
    assert not column_of(session, ideas[5]).pinned
    assert flashes(client.get(board_url(session))) == [f"Unpinned “{queue.label}”."]


def test_move_an_idea_with_its_select_menu(client, grouped):
    session, ideas = grouped
    stray, queue = ideas[10], column_of(session, ideas[5])
    page = client.get(board_url(session)).text
    menu = re.search(
        rf'<select id="move-{stray.public_id}" name="cluster_id" required>(.*?)</select>',
        page,
        re.S,
    )
    offered = re.findall(r'<option value="(\d+)">', menu.group(1))
    assert sorted(offered) == sorted(
        str(c.id) for c in columns(session) if c.id != column_of(session, stray).id
    )
    response = press(
        client, board_url(session), "Move", having={"idea_id": stray.public_id}, cluster_id=queue.id
    )
    assert response.status_code == 303
    assert response.location.endswith(f"#idea-{stray.public_id}")
    page = client.get(board_url(session))
    assert flashes(page) == [f"Idea moved to “{queue.label}”."]
    assert column_of(session, stray).id == queue.id
    card = re.search(
        rf'<li class="theme-card is-moved" id="idea-{stray.public_id}".*?</li>', page.text, re.S
    )
    assert card and "moved by hand" in card.group(0)
    press(client, board_url(session), "Move", having={"idea_id": stray.public_id}, cluster_id="")
    assert flashes(client.get(board_url(session))) == [
        "That form was incomplete; pick an option and try again."
    ]


def test_merge_two_themes_then_split_them_again(client, grouped):
    session, ideas = grouped
    refund, queue = column_of(session, ideas[0]), column_of(session, ideas[5])
    merge_action = f"/sessions/{session.id}/themes/{queue.id}/merge"
    press(client, board_url(session), "Merge", action=merge_action, into_cluster_id=refund.id)
    page = client.get(board_url(session))
    assert flashes(page)[0].startswith(f"Merged “{queue.label}” into “")
    merged = column_of(session, ideas[5])
    assert merged.id == refund.id and len(merged.ideas) == 10
    assert f'id="theme-{queue.id}"' not in page.text
    split_action = f"/sessions/{session.id}/themes/{refund.id}/split"
    for idea in ideas[5:10]:  # each card's checkbox belongs to the column's split form
        box = f'name="idea_ids" value="{idea.public_id}" form="split-{refund.id}"'
        assert box in page.text
    queue_ids = [idea.id for idea in ideas[5:10]]
    response = press(
        client,
        board_url(session),
        "Split selected into a new theme",
        action=split_action,
        idea_ids=[idea.public_id for idea in ideas[5:10]],
    )
    assert response.status_code == 303
    new = column_of(session, ideas[5])
    assert new.id != refund.id and sorted(card.id for card in new.ideas) == queue_ids
    assert "queue" in (new.label + " ".join(new.keywords)).lower()
    assert response.location.endswith(f"#theme-{new.id}")
    assert flashes(client.get(board_url(session))) == [
        f"Split 5 ideas into a new theme: “{new.label}”."
    ]
    press(client, board_url(session), "Split selected into a new theme", action=split_action)
    assert flashes(client.get(board_url(session))) == [
        "Pick some, but not all, of the theme's ideas to split off."
    ]
    same = press(
        client,
        board_url(session),
        "Merge",
        action=merge_action.replace(str(queue.id), str(refund.id)),
        into_cluster_id=refund.id,
    )
    assert same.status_code == 303
    assert flashes(client.get(board_url(session))) == ["Pick a different theme to merge with."]


def test_promote_themes_and_see_them_ranked_on_the_standards_page(client, grouped):
    session, ideas = grouped
    change_phase(session, "voting")
    voters = [join(session)[0] for _ in range(3)]
    for voter in voters:
        cast_vote(ideas[10].id, voter)  # a greeting idea
    cast_vote(ideas[0].id, voters[0])  # a refund idea
    refund, greet = column_of(session, ideas[0]), column_of(session, ideas[10])
    page = client.get(board_url(session)).text
    assert page.count(">Promote to candidate standard</button>") == 3
    for column in (refund, greet):
        action = f"/sessions/{session.id}/themes/{column.id}/promote"
        response = press(client, board_url(session), "Promote to candidate standard", action=action)
        assert response.status_code == 303
        title = column.label[:1].upper() + column.label[1:]
        assert flashes(client.get(board_url(session))) == [
            f"“{title}” is now a candidate standard."
        ]
    standards = client.get(f"/sessions/{session.id}/standards")
    assert standards.status_code == 200
    text_ = page_text(standards)
    assert text_.index(greet.label[1:]) < text_.index(refund.label[1:])  # 3 votes before 1
    scores = re.findall(r'data-testid="score">([^<]*)<', standards.text)
    assert scores == ["3 votes", "1 vote"]
    assert "Greet and listen" in text_
    assert text_.count("<details>") == 2 and "The 5 ideas behind it" in text_
    assert THEME_TEXTS[0] in text_ and THEME_TEXTS[10] in text_
    assert f'href="{board_url(session)}"' in standards.text
    set_idea_status(ideas[1], "hidden")  # a hidden idea leaves the list and the count alike
    text_ = page_text(client.get(f"/sessions/{session.id}/standards"))
    assert "The 4 ideas behind it" in text_ and THEME_TEXTS[1] not in text_


def test_other_column_cannot_be_promoted(client, auth, owner):
    session = make_session(owner, phase="collecting")
    add_ideas(session, *THEME_TEXTS, "Xylophones zebra quartz", "Blue moon jazz night")
    auth.login(owner)
    press(client, board_url(session), "Group ideas", k="3")
    others = [c for c in columns(session) if c.is_other]
    if not others:
        pytest.skip("the pipeline put every idea in a theme")
    other = others[0]
    page = client.get(board_url(session)).text
    promote = f"/sessions/{session.id}/themes/{other.id}/promote"
    assert promote not in page
    token = csrf_token_from(client, board_url(session))
    client.post(promote, data={"csrf_token": token})
    assert flashes(client.get(board_url(session))) == [
        "The 'Other' group collects leftovers; move its ideas into a theme first."
    ]


def test_merge_near_duplicate_ideas(client, auth, owner):
    session = make_session(owner, phase="collecting")
    copy = "Greet every customer at the door with a smile!"  # says what THEMES says already
    add_ideas(session, *THEME_TEXTS, copy)
    auth.login(owner)
    press(client, board_url(session), "Group ideas", k="3")
    page = client.get(board_url(session))
    assert "Possible duplicates" in page_text(page)
    form = next(f for f in forms_in(page.text) if f.button == "Merge these")
    fields = dict(form.fields)
    kept = public_ids.find_idea(fields["keep_id"])
    gone = public_ids.find_idea(fields["duplicate_id"]).id
    assert {kept.text, db.session.get(Idea, gone).text} == {copy, THEME_TEXTS[10]}
    response = client.post(form.action, data=MultiDict(form.fields))
    assert response.status_code == 303
    page = client.get(board_url(session))
    assert flashes(page) == [f"Merged the duplicate into “{kept.text}”."]
    db.session.expire_all()
    assert db.session.get(Idea, gone).status == "hidden"
    assert f'id="idea-{gone}"' not in page.text
    assert "Possible duplicates" not in page_text(page)


def test_stale_and_foreign_themes_are_refused_with_a_message(client, auth, owner, grouped):
    session, ideas = grouped
    old = column_of(session, ideas[0])
    press(client, board_url(session), "Group ideas", k="3")  # a new run: old themes are stale
    token = csrf_token_from(client, board_url(session))
    client.post(
        f"/sessions/{session.id}/themes/{old.id}/rename",
        data={"csrf_token": token, "label": "Too late"},
    )
    assert flashes(client.get(board_url(session))) == [
        "This theme belongs to an older clustering run; reload the page."
    ]
    other = make_session(owner, phase="collecting")
    add_ideas(other, *THEME_TEXTS[:5])
    press(client, board_url(other), "Group ideas", k="1")
    assert flashes(client.get(board_url(other))) == ["Grouped 5 ideas into 1 theme."]
    foreign = columns(other)[0]
    client.post(
        f"/sessions/{session.id}/themes/{foreign.id}/pin", data={"csrf_token": token, "pinned": "1"}
    )
    assert flashes(client.get(board_url(session))) == ["This theme does not exist."]
    assert not columns(other)[0].pinned


# Permissions


def test_managers_view_read_only_and_get_403_on_every_change(client, auth, grouped):
    session, ideas = grouped
    refund = column_of(session, ideas[0])
    log_in_as(client, auth, make_user("manager"))
    response = client.get(board_url(session))
    assert response.status_code == 200
    buttons = [form.button for form in forms_in(response.text)]
    assert buttons == ["Log out"]
    assert refund.label in page_text(response)
    assert client.get(f"/sessions/{session.id}/standards").status_code == 200
    assert client.get(f"/sessions/{session.id}/themes/board").status_code == 200
    token = csrf_token_from(client, board_url(session))
    base = f"/sessions/{session.id}/themes"
    posts = {
        f"{base}/run": {"k": "3", "backend": "nltk"},
        f"{base}/{refund.id}/rename": {"label": "Mine now"},
        f"{base}/{refund.id}/pin": {"pinned": "1"},
        f"{base}/move": {"idea_id": ideas[10].id, "cluster_id": refund.id},
        f"{base}/{refund.id}/merge": {"into_cluster_id": column_of(session, ideas[5]).id},
        f"{base}/{refund.id}/split": {"idea_ids": ideas[0].public_id},
        f"{base}/{refund.id}/promote": {},
        f"{base}/duplicates/merge": {
            "keep_id": ideas[0].public_id,
            "duplicate_id": ideas[1].public_id,
        },
    }
    for url, data in posts.items():
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    assert column_of(session, ideas[0]).label == refund.label


def test_another_facilitator_may_not_view_the_board(client, auth, grouped):
    session, _ = grouped
    log_in_as(client, auth, make_user())
    assert client.get(board_url(session)).status_code == 403
    assert client.get(f"/sessions/{session.id}/themes/board").status_code == 403
    assert client.get(f"/sessions/{session.id}/standards").status_code == 403


def test_logged_out_visitors_are_sent_to_log_in_and_missing_sessions_are_404(client, auth, owner):
    session = make_session(owner)
    assert client.get(board_url(session)).status_code == 302
    auth.login(owner)
    assert client.get("/sessions/9999/themes").status_code == 404


def test_posts_without_a_csrf_token_are_refused(client, auth, grouped):
    session, ideas = grouped
    refund = column_of(session, ideas[0])
    url = f"/sessions/{session.id}/themes/{refund.id}/rename"
    assert client.post(url, data={"label": "No token"}).status_code == 400


# Empty states


def test_nothing_to_group_before_any_idea(client, auth, owner):
    session = make_session(owner, phase="collecting")
    auth.login(owner)
    response = client.get(board_url(session))
    assert response.status_code == 200
    assert "Nothing to group yet" in page_text(response)
    assert "Group ideas" not in [form.button for form in forms_in(response.text)]
    standards = page_text(client.get(f"/sessions/{session.id}/standards"))
    assert "No candidate standards yet" in standards


def test_never_grouped_explains_and_offers_a_big_button(client, auth, owner, themed):
    session, _ = themed
    auth.login(owner)
    page = page_text(client.get(board_url(session)))
    assert "Group 15 ideas into themes" in page
    assert "promote the best ones" in page
    assert 'class="btn btn-primary btn-big">Group ideas</button>' in page
    fragment = client.get(f"/sessions/{session.id}/themes/board")
    assert fragment.status_code == 200 and "Group 15 ideas into themes" in page_text(fragment)
    log_in_as(client, auth, make_user("manager"))
    page = client.get(board_url(session))
    assert "Not grouped yet" in page_text(page)
    assert "Group ideas" not in [form.button for form in forms_in(page.text)]


def test_grouping_with_no_visible_ideas_says_so(client, auth, owner):
    session = make_session(owner, phase="collecting")
    auth.login(owner)
    token = csrf_token_from(client, board_url(session))
    response = client.post(f"{board_url(session)}/run", data={"csrf_token": token})
    assert response.status_code == 303
    assert flashes(client.get(board_url(session))) == ["There are no visible ideas to group yet."]


# Labels that stay, suggestions, representative ideas


def _section(page: str, cluster_id: int) -> str:
    """The HTML of one theme's column."""
    found = re.search(
        rf'<section class="theme[^"]*"\s+id="theme-{cluster_id}".*?</section>', page, re.S
    )
    return found.group(0)


def _suggest_for_queue(client, session, ideas):
    """Move four greetings into the queue theme with the Move menus, as a facilitator would."""
    queue = column_of(session, ideas[5])
    for idea in ideas[10:14]:
        response = press(
            client,
            board_url(session),
            "Move",
            having={"idea_id": idea.public_id},
            cluster_id=queue.id,
        )
        assert response.status_code == 303
    return queue


def test_each_column_shows_its_representative_idea(client, grouped):
    session, ideas = grouped
    page = page_text(client.get(board_url(session)))
    for column in columns(session):
        expected = (
            f'title="{column.representative.text}">\n        '
            f'<span class="summary-tag">Representative idea:</span> “{column.summary}”</p>'
        )
        assert expected in page
    greet = column_of(session, ideas[10])
    assert greet.summary == "Greet customers warmly even when you are busy"


def test_a_moved_idea_leaves_the_label_and_offers_a_suggestion_to_accept(client, grouped):
    session, ideas = grouped
    queue = _suggest_for_queue(client, session, ideas)
    page = page_text(client.get(board_url(session)))
    assert column_of(session, ideas[5]).label == queue.label == "Expected queue waiting time"
    assert "The ideas changed. Suggested name: <strong>Wait in the queue</strong>" in page
    action = f"/sessions/{session.id}/themes/{queue.id}/label/accept"
    response = press(client, board_url(session), "Use suggested name", action=action)
    assert response.status_code == 303
    assert response.location.endswith(f"#theme-{queue.id}")
    page = client.get(board_url(session))
    assert flashes(page) == ["Theme renamed to “Wait in the queue”."]
    stored = column_of(session, ideas[5])
    assert (stored.label, stored.label_edited, stored.suggested_label) == (
        "Wait in the queue",
        True,
        None,
    )
    assert "Suggested name" not in _section(page.text, queue.id)
    press(
        client,
        board_url(session),
        "Move",
        having={"idea_id": ideas[10].public_id},
        cluster_id=(column_of(session, ideas[14]).id),
    )
    assert column_of(session, ideas[5]).label == "Wait in the queue"


def test_keep_current_name_through_its_form(client, grouped):
    session, ideas = grouped
    queue = _suggest_for_queue(client, session, ideas)
    action = f"/sessions/{session.id}/themes/{queue.id}/label/keep"
    press(client, board_url(session), "Keep current name", action=action)
    page = client.get(board_url(session))
    assert flashes(page) == ["Kept the name “Expected queue waiting time”."]
    stored = column_of(session, ideas[5])
    assert (stored.label, stored.label_edited, stored.suggested_label) == (
        "Expected queue waiting time",
        True,
        None,
    )
    assert 'class="badge named"' in page.text


def test_accepting_with_nothing_to_accept_says_so(client, grouped):
    session, ideas = grouped
    refund = column_of(session, ideas[0])
    token = csrf_token_from(client, board_url(session))
    client.post(
        f"/sessions/{session.id}/themes/{refund.id}/label/accept", data={"csrf_token": token}
    )
    assert flashes(client.get(board_url(session))) == [messages.NO_SUGGESTED_LABEL]
    assert column_of(session, ideas[0]).label == refund.label


def test_spelling_variants_are_offered_side_by_side(client, auth, owner):
    session = make_session(owner, phase="collecting")
    pair = (
        "Offer a callback when we can't solve it straight away",
        "Offer a call back when we cannot solve it straight away",
    )
    first, second = add_ideas(session, *THEME_TEXTS, *pair)[-2:]
    auth.login(owner)
    press(client, board_url(session), "Group ideas")
    page = client.get(board_url(session)).text
    item = re.search(r'<li class="duplicate-pair".*?</li>', page, re.S).group(0)
    quotes = re.findall(
        r'<blockquote class="idea-text" data-idea-id="([A-Za-z0-9_-]+)">(.*?)</blockquote>',
        item,
        re.S,
    )
    shown = [(i, " ".join(re.sub(r"<[^>]+>", " ", q).split())) for i, q in quotes]
    assert [(i, html.unescape(text)) for i, text in shown] == [
        (first.public_id, f"First idea: {pair[0]} 0 ▲"),
        (second.public_id, f"Second idea: {pair[1]} 0 ▲"),
    ]
    assert '<div class="duplicate-texts">' in item and "100% alike" in item
