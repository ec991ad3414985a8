"""`get_token()` exactly as Django's, with its random characters drawn from one read of the OS's random source.

Django masks the CSRF secret afresh for every response (against BREACH), drawing each of the 32 mask
characters with its own `secrets.choice`, and a visitor without a CSRF cookie (a QR scanned for the
first time, any client that keeps no cookies) first gets a new 32-character secret drawn the same way:
64 reads of the random source, 0.13 ms, more than a page served from a cache costs otherwise. Here
both are drawn from `secrets.token_bytes` calls by rejection sampling (bytes below 248 map evenly onto
the 62 allowed characters), so they are as uniform and as unpredictable; the secret goes where
Django's `_add_new_csrf_cookie` puts it (request.META, for CsrfViewMiddleware to set the cookie), and
the token has Django's format and is checked as any other.
"""

import secrets

from django.middleware import csrf

_CHARS = csrf.CSRF_ALLOWED_CHARS
_N = len(_CHARS)
_INDEX = {char: index for index, char in enumerate(_CHARS)}
_LIMIT = 256 - 256 % _N  # bytes at or above this would favour the first characters


def _random_digits(count: int) -> list[int]:
    """`count` independent, uniform indexes into the allowed characters."""
    digits: list[int] = []
    while len(digits) < count:
        digits += [byte % _N for byte in secrets.token_bytes(2 * count) if byte < _LIMIT]
    return digits[:count]


def new_secret() -> str:
    """A new CSRF secret (Django's `_get_new_csrf_string`)."""
    return "".join(_CHARS[digit] for digit in _random_digits(csrf.CSRF_SECRET_LENGTH))


def mask(secret: str) -> str:
    """A fresh masked token for this CSRF secret (Django's `_mask_cipher_secret`)."""
    digits = _random_digits(csrf.CSRF_SECRET_LENGTH)
    cipher = "".join(_CHARS[(_INDEX[char] + digit) % _N] for char, digit in zip(secret, digits, strict=True))
    return "".join(_CHARS[digit] for digit in digits) + cipher


def get_token(request) -> str:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:  # as Django's _add_new_csrf_cookie: CsrfViewMiddleware sets the cookie (or session)
        secret = request.META["CSRF_COOKIE"] = new_secret()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as Django: the cookie is set or its expiry renewed
    return mask(secret)
