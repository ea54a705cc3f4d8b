"""Event streams held open by the live front: events arrive at once, for the right audience."""

import time

from tests.live.sse import EventStream


def events_url(base: str, session_id: int, **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"{base}/api/v1/sessions/{session_id}/events" + (f"?{params}" if params else "")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def add_idea(api, room, who: str, text: str) -> int:
    status, body = api.call(
        "POST", f"/api/v1/sessions/{room['id']}/ideas", room[who], {"text": text}
    )
    assert status == 201, body
    return body["id"]


def test_an_idea_reaches_open_streams_within_a_second(live, room):
    base, api, _, _ = live
    staff = EventStream(events_url(base, room["id"]), bearer(room["staff"]))
    phone = EventStream(events_url(base, room["id"]), bearer(room["bob"]))
    assert staff.next("state").data["phase"] == "collecting"
    assert phone.next("state").data["phase"] == "collecting"
    started = time.monotonic()
    idea_id = add_idea(api, room, "alice", "Greet every customer within ten seconds")
    for stream in (staff, phone):
        frame = stream.next("idea.added", timeout=1.0)
        assert frame.data == {"id": idea_id, "text": "Greet every customer within ten seconds"}
    assert time.monotonic() - started < 1.0
    assert not staff.ended.is_set() and not phone.ended.is_set()  # held open, not one-shot


def test_participants_never_hear_of_pending_ideas_or_tallies(live, room):
    base, api, _, _ = live
    api.call("PATCH", f"/api/v1/sessions/{room['id']}", room["staff"], {"moderation": "pre"})
    staff = EventStream(events_url(base, room["id"]), bearer(room["staff"]))
    phone = EventStream(events_url(base, room["id"]), bearer(room["bob"]))
    staff.next("state"), phone.next("state")
    idea_id = add_idea(api, room, "alice", "Offer a seat to anyone waiting")
    assert staff.next("idea.pending").data == {
        "id": idea_id,
        "text": "Offer a seat to anyone waiting",
    }
    api.call("PATCH", f"/api/v1/ideas/{idea_id}", room["staff"], {"status": "visible"})
    assert phone.next("idea.added").data["id"] == idea_id  # appears once approved
    api.call("POST", f"/api/v1/sessions/{room['id']}/phase", room["staff"], {"phase": "voting"})
    assert phone.next("phase").data["phase"] == "voting"
    assert api.call("POST", f"/api/v1/ideas/{idea_id}/vote", room["bob"])[0] == 201
    tally = staff.next("tally")
    assert tally.data == {"votes_cast": 1, "ideas": {idea_id: 1}}
    seen = {frame.event for frame in phone.drain(0.6)}
    assert "tally" not in seen and "idea.pending" not in seen and "idea.status" not in seen


def test_a_burst_of_votes_is_coalesced_into_few_tallies(live, room):
    base, api, app, _ = live
    ideas = [
        add_idea(api, room, who, f"Idea number {n} from {who}")
        for n, who in enumerate(("alice", "bob"))
    ]
    api.call("POST", f"/api/v1/sessions/{room['id']}/phase", room["staff"], {"phase": "voting"})
    # Voting closed joining; the facilitator lets the latecomers in.
    reopened = api.call(
        "PATCH", f"/api/v1/sessions/{room['id']}", room["staff"], {"joining_open": True}
    )
    assert reopened[0] == 200
    projector = EventStream(events_url(base, room["id"], view="projector"), bearer(room["staff"]))
    projector.next("state")
    voters = [
        api.call("POST", "/api/v1/join", body={"code": room["code"]})[1]["participant_token"]
        for _ in range(20)
    ]
    for token in voters:
        for idea_id in ideas:
            assert api.call("POST", f"/api/v1/ideas/{idea_id}/vote", token)[0] == 201
    frames = [frame for frame in projector.drain(1.0) if frame.event == "tally"]
    assert 1 <= len(frames) <= 12  # 40 votes, a handful of coalesced tallies
    assert frames[-1].data == {"votes_cast": 40}  # the projector: the total only


def test_a_reconnect_with_last_event_id_replays_what_was_missed(live, room):
    base, api, _, _ = live
    first = EventStream(events_url(base, room["id"]), bearer(room["staff"]))
    last_id = first.next("state").id
    first.close()
    missed = [add_idea(api, room, "alice", f"Missed idea {n}") for n in range(3)]
    again = EventStream(
        events_url(base, room["id"]), bearer(room["staff"]) | {"Last-Event-ID": last_id}
    )
    replayed = [again.next("idea.added").data["id"] for _ in missed]
    assert replayed == missed
    assert int(again.next("state").id) == int(last_id) + 3


def test_one_shot_answers_at_once_even_behind_the_front(live, room):
    base, _, _, _ = live
    stream = EventStream(events_url(base, room["id"], once=1), bearer(room["staff"]))
    assert stream.next("state").data["participants"] == 2
    assert stream.ended.wait(2)


def test_keep_alive_comments_keep_idle_streams_open(live, room, monkeypatch):
    from feedback_app.live import hub

    monkeypatch.setattr(hub, "KEEPALIVE_S", 0.2)  # the hub's timer picks it up within 1 s
    base, _, _, _ = live
    stream = EventStream(events_url(base, room["id"]), bearer(room["staff"]))
    stream.next("state")
    frames = stream.drain(2.0)
    assert len(frames) >= 3 and all(frame.comment for frame in frames)
    assert not stream.ended.is_set()


def test_a_stream_whose_client_hangs_up_is_let_go(live, room):
    from feedback_app.live.server import _live_app

    base, _, _, server = live
    hub = _live_app(server.config.loaded_app).hub
    streams = [EventStream(events_url(base, room["id"]), bearer(room["bob"])) for _ in range(3)]
    for stream in streams:
        stream.next("state")
    assert hub.stream_count() == 3
    for stream in streams[:2]:
        stream.close()
    deadline = time.monotonic() + 3
    while hub.stream_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hub.stream_count() == 1  # the two hung up; the third is still held
    assert not streams[2].ended.is_set()


def test_shutdown_ends_streams_cleanly(live, room):
    base, _, _, server = live
    stream = EventStream(events_url(base, room["id"]), bearer(room["staff"]))
    stream.next("state")
    server.should_exit = True
    assert stream.ended.wait(5)  # the body ended: the browser reconnects elsewhere


def test_refused_streams_answer_with_the_error_envelope(live, room):
    base, _, _, _ = live
    nobody = EventStream(events_url(base, room["id"]))
    assert nobody.status == 401
    stranger = EventStream(events_url(base, room["id"] + 1000), bearer(room["staff"]))
    assert stranger.status == 404


def test_the_themes_board_hears_a_grouping_move_on_and_participants_do_not(live, room):
    base, api, _, _ = live
    for n, who in enumerate(("alice", "bob", "alice", "bob")):
        add_idea(api, room, who, f"Greet every customer at the door, variant {n}")
    board = EventStream(events_url(base, room["id"], view="console"), bearer(room["staff"]))
    phone = EventStream(events_url(base, room["id"]), bearer(room["bob"]))
    assert board.next("state").data["held"] is True  # signals come through a held stream
    phone.next("state")
    status, run = api.call("POST", f"/api/v1/sessions/{room['id']}/clusters", room["staff"], {})
    assert status == 201
    progress = [board.next("clustering").data for _ in range(3)]
    assert [step["progress"] for step in progress] == [20, 80, 100]
    assert {step["run_id"] for step in progress} == {run["run_id"]}
    assert "clustering" not in {frame.event for frame in phone.drain(0.5)}


def _broker(app):
    from feedback_app.services.events import BROKER_KEY

    return app.extensions[BROKER_KEY]


def test_an_event_published_late_still_reaches_streams_in_order(live, room, monkeypatch):
    """Two requests commit ideas 1 then 2, but the second publishes first (threads race)."""
    base, api, app, _ = live
    broker, held = _broker(app), []
    publish = broker.publish

    def first_idea_publishes_last(message):
        if message["name"] == "idea.added" and not held:
            held.append(message)  # the first request is slow to publish
            return
        publish(message)
        if message["name"] == "idea.added":
            publish(held.pop())

    monkeypatch.setattr(broker, "publish", first_idea_publishes_last)
    phone = EventStream(events_url(base, room["id"]), bearer(room["bob"]))
    first_id = int(phone.next("state").id)
    ideas = [add_idea(api, room, "alice", f"Thank the customer by name, take {n}") for n in (1, 2)]
    frames = [phone.next("idea.added", timeout=2.0) for _ in ideas]
    assert [frame.data["id"] for frame in frames] == ideas  # both, in their order
    assert [int(frame.id) for frame in frames] == [first_id + 1, first_id + 2]


def test_an_event_whose_publish_was_lost_is_read_from_the_log(live, room, monkeypatch):
    base, api, app, _ = live
    broker, lost = _broker(app), []
    publish = broker.publish

    def lose_the_first_idea(message):
        if message["name"] == "idea.added" and not lost:
            lost.append(message)
            return
        publish(message)

    monkeypatch.setattr(broker, "publish", lose_the_first_idea)
    phone = EventStream(events_url(base, room["id"]), bearer(room["bob"]))
    phone.next("state")
    ideas = [add_idea(api, room, "alice", f"Follow up within a day, take {n}") for n in (1, 2)]
    frames = [phone.next("idea.added", timeout=2.0) for _ in ideas]
    assert [frame.data["id"] for frame in frames] == ideas
