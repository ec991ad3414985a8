"""Is the configured SECRET_KEY one an attacker could know? Too short, Django's insecure default, or
published anywhere in this repository (the development key in settings, an example in .env.example,
one in a test): sessions, password-reset links and CSRF tokens would all be forgeable."""

import os
from pathlib import Path

MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
# Directories that are not the published repository (local data, the virtualenv) or hold no keys.
_SKIPPED_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
_MAX_FILE_BYTES = 2_000_000


def secret_key_problem(key: str, repository: Path) -> str | None:
    """Why the key is unsafe for a served portal, or None."""
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"DJANGO_SECRET_KEY is too weak: use {MIN_LENGTH}+ random characters."
    if key.startswith("django-insecure-"):
        return "DJANGO_SECRET_KEY is Django's insecure development key."
    published = _file_containing(key.encode(), repository)
    if published is not None:
        where = published.relative_to(repository)
        return f"DJANGO_SECRET_KEY is published in the repository ({where}): generate a new one."
    return None


def _file_containing(needle: bytes, root: Path) -> Path | None:
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS]
        for name in files:
            path = Path(directory) / name
            try:
                if path.stat().st_size <= _MAX_FILE_BYTES and needle in path.read_bytes():
                    return path
            except OSError:
                continue
    return None
