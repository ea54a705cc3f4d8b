"""A small Server-Sent Events client for tests: reads frames from a real socket in a thread."""

import http.client
import json
import queue
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Frame:
    """One event as a browser's EventSource would see it."""

    id: str
    event: str
    data: dict | None
    comment: bool = False


class EventStream:
    """Open a stream and collect its frames; `next(name)` waits for the next frame so named."""

    def __init__(self, url: str, headers: dict | None = None, timeout: float = 10) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.connection.request("GET", path, headers=headers or {})
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.frames: queue.Queue = queue.Queue()
        self.ended = threading.Event()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        block: list[str] = []
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\r\n")
                if line:
                    block.append(line)
                    continue
                if block:
                    self.frames.put(_parse(block))
                    block = []
        except (OSError, ValueError):
            pass
        finally:
            self.connection.close()
            self.ended.set()

    def next(self, event: str | None = None, timeout: float = 5.0) -> Frame:
        """The next frame (of this event name, skipping others), or AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {event or 'frame'} within {timeout} s")
            try:
                frame = self.frames.get(timeout=left)
            except queue.Empty:
                continue
            if event is None or frame.event == event:
                return frame

    def drain(self, wait: float = 0.5) -> list[Frame]:
        """Every frame that arrives within `wait` seconds."""
        time.sleep(wait)
        frames = []
        while not self.frames.empty():
            frames.append(self.frames.get_nowait())
        return frames

    def close(self) -> None:
        """Hang up at once: the reader's blocked read ends, and the reader closes the rest."""
        if self.status != 200:
            self.connection.close()
        elif self.connection.sock is not None:
            self.connection.sock.shutdown(socket.SHUT_RDWR)
            self.ended.wait(5)


def _parse(lines: list[str]) -> Frame:
    fields = {"id": "", "event": "message", "data": ""}
    if all(line.startswith(":") for line in lines):
        return Frame("", "", None, comment=True)
    for line in lines:
        name, _, value = line.partition(":")
        if name in fields:
            fields[name] = value[1:] if value.startswith(" ") else value
    data = json.loads(fields["data"]) if fields["data"] else None
    return Frame(fields["id"], fields["event"], data)
