"""Vietnamese phone numbers in one spelling: households' contacts and the phone a volunteer logs in with."""

import re

MOBILE_OR_LANDLINE = re.compile(r"^0\d{9}$")


def normalize_phone(raw: str) -> str:
    """'+84 912.345.678' -> '0912345678'; validation happens on the result (is_valid_phone)."""
    phone = re.sub(r"[\s.\-()]", "", raw or "")
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    return phone


def is_valid_phone(phone: str) -> bool:
    """10 digits starting with 0, after normalize_phone."""
    return bool(MOBILE_OR_LANDLINE.match(phone))
