"""The Redis broker: requests hand messages to a sending thread; every message arrives, in order."""

import asyncio
import os
import secrets
import threading
from contextlib import contextmanager

from feedback_app.live.broker import RedisBroker, channel_for
from tests.conftest import redis_or_skip

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def a_channel() -> str:
    """A channel of this test alone (tests on other workers share the Redis server)."""
    return channel_for(secrets.token_hex(8))


@contextmanager
def receiving(broker: RedisBroker):
    """Run the broker's receiver on a loop of its own; yields the messages it receives (from
    its subscription on), and stops once the last pipelined messages have had time to come."""
    received, subscribed, done = [], threading.Event(), threading.Event()

    def on_message(message):
        if message["name"] == "resync":  # the receiver is subscribed from here on
            subscribed.set()
        else:
            received.append(message)

    broker.subscribe(on_message)

    async def receive_until_done():
        task = asyncio.create_task(broker.run())
        while not done.is_set():
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)
        task.cancel()

    loop_thread = threading.Thread(target=lambda: asyncio.run(receive_until_done()))
    loop_thread.start()
    try:
        assert subscribed.wait(5)
        yield received
    finally:
        done.set()
        loop_thread.join(10)


def message(data: dict, session_id: int = 1, seq: int | None = None) -> dict:
    return {"session_id": session_id, "seq": seq, "name": "x", "audience": "all", "data": data}


def test_messages_from_many_threads_all_arrive_each_thread_in_its_order():
    url = redis_or_skip(REDIS_URL)
    channel = a_channel()
    sender, receiver = RedisBroker(url, channel), RedisBroker(url, channel)

    def request_thread(thread: int):
        for n in range(200):
            sender.publish(message({"thread": thread, "n": n}))

    with receiving(receiver) as received:
        threads = [threading.Thread(target=request_thread, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sender.flush(5)  # everything handed over has been sent
    pairs = [(m["data"]["thread"], m["data"]["n"]) for m in received]
    assert len(pairs) == 800
    for thread in range(4):
        assert [n for t, n in pairs if t == thread] == list(range(200))


def test_two_installations_on_one_redis_server_never_hear_each_other():
    """Each installation's channel comes from its SECRET_KEY. A database number in the URL
    does not separate pub/sub, so this is what keeps another company's ideas off our wall
    (and its event numbers from making our hub skip our own events)."""
    url = redis_or_skip(REDIS_URL)
    ours, theirs = channel_for(secrets.token_hex(8)), channel_for(secrets.token_hex(8))
    other_database = url.rsplit("/", 1)[0] + "/14"
    our_worker, their_worker = RedisBroker(url, ours), RedisBroker(other_database, theirs)
    with receiving(RedisBroker(url, ours)) as received:
        for seq in range(1, 4):
            their_worker.publish(message({"text": "their idea"}, seq=seq + 100))
            our_worker.publish(message({"text": "our idea"}, seq=seq))
        assert our_worker.flush(5) and their_worker.flush(5)
    assert [(m["seq"], m["data"]["text"]) for m in received] == [
        (1, "our idea"),
        (2, "our idea"),
        (3, "our idea"),
    ]


def test_a_redis_that_cannot_be_reached_loses_messages_with_a_warning_and_the_sender_lives_on(
    caplog,
):
    broker = RedisBroker("redis://127.0.0.1:1/0", a_channel())  # nothing listens there
    for seq in (1, 2):
        broker.publish({"session_id": 1, "seq": seq, "name": "x", "audience": "all", "data": {}})
        assert broker.flush(10)  # handled (and lost), and the sender takes the next one
    assert caplog.text.count("message(s) lost") == 2
