"""The URLconf as the portal builds it in each way of running (DEBUG, `make run` with DEBUG off, a
production server behind nginx), for tests of what /media/ serves."""

import importlib
from contextlib import contextmanager

from django.test import override_settings
from django.urls import clear_url_caches, set_urlconf

MODES = {
    "debug": {"DEBUG": True, "OUTREACH_LOCAL_HTTP": False},
    "make_run": {"DEBUG": False, "OUTREACH_LOCAL_HTTP": True},
    "production": {"DEBUG": False, "OUTREACH_LOCAL_HTTP": False},
}


def _reload_urls() -> None:
    import outreach.urls

    importlib.reload(outreach.urls)
    clear_url_caches()
    set_urlconf(None)


@contextmanager
def urls_as_in(mode: str):
    """outreach.urls rebuilt under the settings of `mode`, and rebuilt as it was afterwards."""
    try:
        with override_settings(**MODES[mode]):
            _reload_urls()
            yield
    finally:
        _reload_urls()
