"""Text rules every app shares: folding for diacritic-insensitive search, and what PostgreSQL can store.

The embedded PostgreSQL ships without the unaccent extension, so every searchable
model keeps a folded copy of its text, computed here, in an indexed column.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ counts as d) and collapse whitespace."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def is_storable_text(text: str) -> bool:
    """PostgreSQL text takes no NUL character, and JSON may smuggle in lone surrogates that are not UTF-8."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
