"""Login throttling that slows password guessing without letting anyone lock staff out.

Only failed logins count, and a success clears the account's counts. Three layers, checked
before the password is:

1. per account *and* client address (LOGIN_RATE_LIMIT, moving window): a guesser is stopped
   at their own address, while the real user elsewhere is not affected;
2. per account from everywhere (LOGIN_ACCOUNT_SLOWDOWN): above that ceiling each further
   failure makes the next attempt wait twice as long as the last, up to LOGIN_MAX_DELAY
   seconds, so a distributed guesser is slowed to a crawl while the right password is
   only ever kept waiting for that long;
3. per client address over all accounts (LOGIN_RATE_LIMIT_PER_ADDRESS): a generous ceiling
   against one address spraying made-up emails; an office behind one NAT stays far below it.

Counts live in the `limits` storage named by RATELIMIT_STORAGE_URI (memory, or Redis to share
them between workers and instances); keys hold keyed hashes, never the email or address.
"""

import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter
from redis.exceptions import RedisError

from feedback_app import messages
from feedback_app.errors import TooManyAttempts

EXTENSION_KEY = "feedback_login_throttle"
STORAGE_ERRORS = (StorageError, RedisError, OSError)
# Redis answers within this many seconds or the login goes ahead unthrottled (and is logged).
REDIS_TIMEOUT_S = 2
logger = logging.getLogger(__name__)


@dataclass
class LoginThrottle:
    """The storage and the two strategies over it, one set per app."""

    storage: Storage
    moving: MovingWindowRateLimiter
    fixed: FixedWindowRateLimiter


def storage_options(uri: str) -> dict:
    """Connection timeouts for Redis storages, so a stalled Redis cannot hang a login."""
    if uri.startswith(("redis", "rediss")):
        return {"socket_connect_timeout": REDIS_TIMEOUT_S, "socket_timeout": REDIS_TIMEOUT_S}
    return {}


def init_app(app: Flask) -> None:
    """Open the storage once per app (memory:// is per process, redis:// is shared)."""
    uri = app.config["RATELIMIT_STORAGE_URI"]
    storage = storage_from_string(uri, **storage_options(uri))
    app.extensions[EXTENSION_KEY] = LoginThrottle(
        storage, MovingWindowRateLimiter(storage), FixedWindowRateLimiter(storage)
    )


def _throttle() -> LoginThrottle | None:
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    return current_app.extensions[EXTENSION_KEY]


def _key(kind: str, *parts: str) -> str:
    """A keyed hash: the storage never holds an email address or a client address."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, "\x1f".join((kind, *parts)).encode(), hashlib.sha256)
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    return f"{prefix}login-{kind}-{digest.hexdigest()[:32]}"


def _item(setting: str, namespace: str) -> RateLimitItem:
    item = parse(current_app.config[setting])
    return type(item)(item.amount, item.multiples, namespace=namespace)


def _over_item() -> RateLimitItem:
    """Counts failures beyond the account ceiling, over the same window as the ceiling."""
    ceiling = _item("LOGIN_ACCOUNT_SLOWDOWN", "LOGIN-ACCOUNT")
    return type(ceiling)(10**9, ceiling.multiples, namespace="LOGIN-OVER")


def slowdown_delay(failures_over: int) -> int:
    """Seconds the next attempt waits after this many failures above the account ceiling."""
    if failures_over <= 0:
        return 0
    return min(2 ** min(failures_over - 1, 30), current_app.config["LOGIN_MAX_DELAY"])


def _gate_item(delay: int) -> RateLimitItem:
    return RateLimitItemPerSecond(1, delay, namespace="LOGIN-GATE")


def _failures_over(throttle: LoginThrottle, account: str) -> int:
    item = _over_item()
    return item.amount - throttle.fixed.get_window_stats(item, account).remaining


def _wait_for(reset_time: float) -> int:
    return max(1, math.ceil(reset_time - time.time()))


def wait_text(seconds: int) -> str:
    """Say a wait the way people read it: '40 seconds', '5 minutes'."""
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def _refuse(message: str, reset_time: float):
    wait = _wait_for(reset_time)
    raise TooManyAttempts(message.format(wait=wait_text(wait)), retry_after=wait)


def check_login_allowed(email: str, address: str) -> None:
    """Raise TooManyAttempts (with the seconds to wait) before a password is even checked."""
    throttle = _throttle()
    if throttle is None:
        return
    email = (email or "").strip().lower()
    per_address = _item("LOGIN_RATE_LIMIT_PER_ADDRESS", "LOGIN-ADDRESS")
    per_pair = _item("LOGIN_RATE_LIMIT", "LOGIN-PAIR")
    address_key, pair_key, account = (
        _key("address", address),
        _key("pair", email, address),
        _key("account", email),
    )
    try:
        if not throttle.moving.test(per_address, address_key):
            stats = throttle.moving.get_window_stats(per_address, address_key)
            _refuse(messages.LOGIN_LIMIT_ADDRESS, stats.reset_time)
        if not throttle.moving.test(per_pair, pair_key):
            stats = throttle.moving.get_window_stats(per_pair, pair_key)
            _refuse(messages.LOGIN_LIMIT_ACCOUNT, stats.reset_time)
        delay = slowdown_delay(_failures_over(throttle, account))
        if delay and not throttle.fixed.test(_gate_item(delay), account):
            stats = throttle.fixed.get_window_stats(_gate_item(delay), account)
            _refuse(messages.LOGIN_SLOWED_DOWN, stats.reset_time)
    except STORAGE_ERRORS as error:
        logger.warning("login throttle storage unavailable, not throttling: %s", error)


def record_login_failure(email: str, address: str) -> None:
    """Count a failed login in every layer; above the account ceiling, close the gate."""
    throttle = _throttle()
    if throttle is None:
        return
    email = (email or "").strip().lower()
    account = _key("account", email)
    try:
        throttle.moving.hit(
            _item("LOGIN_RATE_LIMIT_PER_ADDRESS", "LOGIN-ADDRESS"), _key("address", address)
        )
        throttle.moving.hit(_item("LOGIN_RATE_LIMIT", "LOGIN-PAIR"), _key("pair", email, address))
        if not throttle.moving.hit(_item("LOGIN_ACCOUNT_SLOWDOWN", "LOGIN-ACCOUNT"), account):
            throttle.fixed.hit(_over_item(), account)
            throttle.fixed.hit(
                _gate_item(slowdown_delay(_failures_over(throttle, account))), account
            )
    except STORAGE_ERRORS as error:
        logger.warning("login throttle storage unavailable, failure not counted: %s", error)


def record_login_success(email: str, address: str) -> None:
    """Forget the account's failures: the right password resets the slowdown."""
    throttle = _throttle()
    if throttle is None:
        return
    email = (email or "").strip().lower()
    account = _key("account", email)
    try:
        throttle.moving.clear(_item("LOGIN_RATE_LIMIT", "LOGIN-PAIR"), _key("pair", email, address))
        throttle.moving.clear(_item("LOGIN_ACCOUNT_SLOWDOWN", "LOGIN-ACCOUNT"), account)
        throttle.fixed.clear(_over_item(), account)
    except STORAGE_ERRORS as error:
        logger.warning("login throttle storage unavailable, success not recorded: %s", error)
