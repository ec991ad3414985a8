"""The lesson page without the general machinery: one statement per request.

A learner reads lesson after lesson, and each page is mostly what every learner of the course sees.
So once Django has authenticated a learner's session in this process (the view's full path), the
next lesson pages of that session are answered with
- one statement (services.open_lesson_as, prepared once per connection, standing in for Django's
  per-request "SELECT 1" health check) instead of reading the session, the user, the enrolment
  and then the progress: it checks that the session row still holds exactly the data Django verified
  (so a logout, a flush, an expiry or a message put in the session sends the request the full way),
  that the user is active with the password hash the session hash was verified against (a password
  change logs other sessions out, as Django's check does), the enrolment and course visibility; it
  moves the resume point and says whether the lesson is complete;
- the page rendered once per process for (lesson, course content key, language, complete or not),
  with the CSRF token put in per request; the content key changes with every edit of the course, a
  module or a lesson (training.signals), so an edit shows at once;
- the notification bell without its count in the HTML: bell.js, on every page, fetches it on load.

A session not yet seen here, a messages cookie, a commune officer (whose pages carry the emergency
banner), a sessions engine other than core.sessions (which keeps the stored text), anything
unexpected: the full path answers, with Django's own checks.
"""

import threading

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.csrf import get_token
from core.prepared import ConnectionLost

from . import lesson_cache, services

MAX_SESSIONS = 20_000  # remembered sessions: ~500 bytes each
MAX_PAGES = 5_000  # rendered pages: a few KB each
# The emergency banner (campaigns) is shown on every page to commune officers: their pages take the full path.
FULL_PATH_ROLES = frozenset({"commune_officer"})
_CSRF_PLACEHOLDER = "lesson-page-csrf-placeholder"

_sessions: dict[str, services.KnownSession] = {}  # by session key (the cookie's secret value)
_pages: dict[tuple, str] = {}
_lock = threading.Lock()


def remember(request) -> None:
    """After Django authenticated this request: its session, as stored, belongs to this user and password."""
    session = request.session
    stored = getattr(session, "stored_data", None)
    if not stored or session.modified or not session.get(HASH_SESSION_KEY) or not session.session_key:
        return
    known = services.KnownSession(session.session_key, stored, request.user.pk, request.user.password)
    with _lock:
        if len(_sessions) >= MAX_SESSIONS:
            _sessions.clear()
        _sessions[known.session_key] = known


def serve(request, slug: str, pk: int) -> HttpResponse | None:
    """The page for a session this process knows, else None (the full path answers)."""
    known = _sessions.get(request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""))
    if known is None or CookieStorage.cookie_name in request.COOKIES:
        return None
    try:
        opened = services.open_lesson_as(known, slug, pk)
    except ConnectionLost:  # the page's one statement found the connection broken: Django reconnects
        return None
    if opened is None or opened.role in FULL_PATH_ROLES:
        return None  # logged out, not enrolled, not visible, password changed, inactive…: Django's path decides
    lesson = lesson_cache.lesson_page(opened, pk)
    if lesson is None:
        return None
    html = _page(opened, lesson).replace(_CSRF_PLACEHOLDER, get_token(request))
    # Made for this learner; and what SessionMiddleware adds when a view reads the session (a new response:
    # set directly, patching would parse headers that are not there).
    return HttpResponse(html, headers={"Cache-Control": "no-store, private", "Vary": "Cookie"})


def _page(opened: services.OpenedLesson, lesson: lesson_cache.LessonPage) -> str:
    key = (opened.course_id, opened.content_key, lesson.pk, get_language(), opened.is_done)
    html = _pages.get(key)
    if html is None:
        course = {"slug": opened.slug, "title": opened.title}
        context = {"course": course, "lesson": lesson, "is_done": opened.is_done, "csrf_token": _CSRF_PLACEHOLDER}
        html = render_to_string("training/lesson.html", context)
        with _lock:
            if len(_pages) >= MAX_PAGES:
                _pages.clear()
            _pages[key] = html
    return html


def clear_local() -> None:
    with _lock:
        _sessions.clear()
        _pages.clear()
