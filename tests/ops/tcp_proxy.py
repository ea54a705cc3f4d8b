"""A TCP proxy in front of PostgreSQL that a test can cut, blackhole and restore.

- cut: close every connection and stop listening (new connections are refused);
- blackhole: accept new connections and keep existing ones, but forward nothing either way
  (a database that accepts connections and never answers);
- restore: close whatever the outage left half-open and forward again.

Threads, not asyncio, so it runs beside the synchronous app and gunicorn alike. It listens on
127.0.0.1 only and stops with the test.
"""

import contextlib
import socket
import threading


class TcpProxy:
    """Forward 127.0.0.1:<port> to a target address, with switches for outages."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._flowing = threading.Event()
        self._flowing.set()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._closed = False

    def start(self) -> "TcpProxy":
        """Listen (on a free port the first time, on the same port after a cut)."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed (cut or close)
            self._track(client)
            if not self._flowing.is_set():
                continue  # blackhole: accepted, never answered
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                self._drop(client)
                continue
            upstream.settimeout(None)
            self._track(upstream)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self._flowing.wait()  # blackhole: hold the bytes, forward nothing
                if source not in self._sockets:
                    break  # dropped while held (cut, or restore after a blackhole)
                target.sendall(data)
        except OSError:
            pass
        self._drop(source)
        self._drop(target)

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _drop(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def _drop_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._drop(sock)

    def cut(self) -> None:
        """Close every connection and refuse new ones."""
        if self._listener is not None:
            with contextlib.suppress(OSError):  # wakes the thread blocked in accept()
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        self._drop_all()

    def blackhole(self) -> None:
        """Keep accepting, forward nothing: connections hang until their own timeouts."""
        self._flowing.clear()

    def restore(self) -> None:
        """End the outage: drop half-open connections, forward again, listen again."""
        self._drop_all()
        self._flowing.set()
        if self._listener is None and not self._closed:
            self.start()

    def close(self) -> None:
        """Stop for good."""
        self._closed = True
        self._flowing.set()
        self.cut()
