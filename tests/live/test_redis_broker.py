"""The Redis broker: requests hand messages to a sending thread; every message arrives, in order."""

import asyncio
import os
import threading

from feedback_app.live.broker import RedisBroker
from tests.conftest import redis_or_skip

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_messages_from_many_threads_all_arrive_each_thread_in_its_order():
    url = redis_or_skip(REDIS_URL)
    sender, receiver = RedisBroker(url), RedisBroker(url)
    received, subscribed = [], threading.Event()

    def on_message(message):
        if message["name"] == "resync":  # the receiver is subscribed from here on
            subscribed.set()
        else:
            received.append((message["data"]["thread"], message["data"]["n"]))

    receiver.subscribe(on_message)

    async def receive_until(done: threading.Event):
        task = asyncio.create_task(receiver.run())
        while not done.is_set():
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # the last pipelined messages
        task.cancel()

    done = threading.Event()
    loop_thread = threading.Thread(target=lambda: asyncio.run(receive_until(done)))
    loop_thread.start()
    assert subscribed.wait(5)

    def request_thread(thread: int):
        for n in range(200):
            message = {"thread": thread, "n": n}
            sender.publish(
                {"session_id": 1, "seq": None, "name": "x", "audience": "all", "data": message}
            )

    threads = [threading.Thread(target=request_thread, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sender.flush(5)  # everything handed over has been sent
    done.set()
    loop_thread.join(10)
    assert len(received) == 800
    for thread in range(4):
        assert [n for t, n in received if t == thread] == list(range(200))


def test_a_redis_that_cannot_be_reached_loses_messages_with_a_warning_and_the_sender_lives_on(
    caplog,
):
    broker = RedisBroker("redis://127.0.0.1:1/0")  # nothing listens there
    for seq in (1, 2):
        broker.publish({"session_id": 1, "seq": seq, "name": "x", "audience": "all", "data": {}})
        assert broker.flush(10)  # handled (and lost), and the sender takes the next one
    assert caplog.text.count("message(s) lost") == 2
