"""Failed-login counter per username, shared by every way in: the login page, the admin and the API token.

Counting per username (not per address) keeps guessing one account's password slow from any number of
machines; a locked username is refused before its password is even checked.
"""

import hashlib

from django.core.cache import cache

LOGIN_FAILURES_ALLOWED = 10
LOGIN_FAILURE_WINDOW = 15 * 60  # seconds from the first failure


def _key(username: str) -> str:
    # Same key as the API token endpoint has always used, so existing counters carry over.
    return f"api-token-failures:{hashlib.sha256(username.lower().encode()).hexdigest()}"


def is_locked(username: str) -> bool:
    return bool(username) and cache.get(_key(username), 0) >= LOGIN_FAILURES_ALLOWED


def record_failure(username: str) -> None:
    if not username:
        return
    key = _key(username)
    try:
        count = cache.incr(key)
    except ValueError:  # first failure, or the window just ended
        cache.set(key, 1, LOGIN_FAILURE_WINDOW)
        return
    if count == 1:  # the key expired between incr's existence check and INCRBY: a count with no end
        cache.touch(key, LOGIN_FAILURE_WINDOW)


def clear_failures(username: str) -> None:
    if username:
        cache.delete(_key(username))
