"""`get_token()` exactly as Django's, masked with one read of the OS's random source instead of 32.

Django masks the CSRF secret afresh for every response (against BREACH), drawing each of the 32 mask
characters with its own `secrets.choice`: on a page served from a cache that was most of its cost.
Here the mask is drawn from one `secrets.token_bytes` call by rejection sampling (bytes below 248
map evenly onto the 62 allowed characters), so it is as uniform and as unpredictable; the token has
Django's format and CsrfViewMiddleware checks it as any other. A request without a CSRF cookie yet
goes to Django's own get_token (it makes the cookie).
"""

import secrets

from django.middleware import csrf

_CHARS = csrf.CSRF_ALLOWED_CHARS
_N = len(_CHARS)
_INDEX = {char: index for index, char in enumerate(_CHARS)}
_LIMIT = 256 - 256 % _N  # bytes at or above this would favour the first characters


def mask(secret: str) -> str:
    """A fresh masked token for this CSRF secret (Django's `_mask_cipher_secret`)."""
    digits: list[int] = []
    while len(digits) < csrf.CSRF_SECRET_LENGTH:
        digits += [byte % _N for byte in secrets.token_bytes(2 * csrf.CSRF_SECRET_LENGTH) if byte < _LIMIT]
    digits = digits[: csrf.CSRF_SECRET_LENGTH]
    cipher = "".join(_CHARS[(_INDEX[char] + digit) % _N] for char, digit in zip(secret, digits, strict=True))
    return "".join(_CHARS[digit] for digit in digits) + cipher


def get_token(request) -> str:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return csrf.get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as Django: the cookie's expiry is renewed
    return mask(secret)
