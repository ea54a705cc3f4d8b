"""A tiny HTTP client for tests against real servers (stdlib only), timing each request."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Answer:
    """What a server answered, and how long it took."""

    status: int
    headers: dict[str, str]
    text: str
    seconds: float

    @property
    def json(self):
        """The body as JSON."""
        return json.loads(self.text)


def call(method: str, url: str, body=None, headers=None, timeout: float = 60) -> Answer:
    """Send one request; 4xx and 5xx are answers too, not exceptions."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, head, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, head, raw = error.code, dict(error.headers), error.read()
    return Answer(status, head, raw.decode("utf-8", "replace"), time.monotonic() - started)


def wait_until(predicate, timeout: float, interval: float = 0.1):
    """Poll until predicate() returns something truthy; return it (or the last falsy value)."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)
