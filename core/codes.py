"""Short unguessable codes that people read off paper, type or hear: product QR codes, later
certificate numbers and invitation codes."""

import secrets

# Upper-case letters and digits only, so a QR of the code uses the compact alphanumeric mode;
# 0/O and 1/I/L are left out so a code read aloud or typed from a label is not misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(length: int) -> str:
    """length characters from CODE_ALPHABET, from the OS's cryptographic random source.

    8 characters give 31**8 ≈ 8.5e11 codes: with a million in use, a guess hits one in 850,000.
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
