"""Request logs that cannot identify a participant: no client address, no user agent.

The development server (`flask run`, werkzeug) starts each request line with the client's
address; together with the database that would lead from an address to a participant's
ideas and votes. A filter on werkzeug's logger replaces the address with "-" on every line.
Werkzeug never logs the user agent. gunicorn's access log format lives in gunicorn.conf.py.
"""

import logging
import re

from flask import Flask

# werkzeug's line: '<address> - - [<time>] "<request line>" <status> <size>'
ADDRESS_PREFIX = re.compile(r"^\S* - - \[")
ANONYMOUS_PREFIX = "- - - ["


class DropClientAddress(logging.Filter):
    """Rewrite werkzeug's request lines so they start with "-" instead of the address."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, without the address."""
        if isinstance(record.msg, str):
            record.msg = ADDRESS_PREFIX.sub(ANONYMOUS_PREFIX, record.msg, count=1)
        return True


def init_app(_app: Flask) -> None:
    """Install the filter once per process (werkzeug's logger is shared by every app)."""
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropClientAddress) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(DropClientAddress())
