"""What a lesson page shows the same to every learner, kept in each process's memory.

A lesson page is read by every learner of a course, over and over, while the course changes rarely.
Each process keeps a course's lessons (title, module, sanitised body, files, the lessons before and
after) under (course id, Course.content_key), filled in one query on first use. training.signals gives
the course a new content_key whenever it, a module or a lesson is saved or deleted, and the lesson
page reads the course (with its key) in the enrolment query it makes anyway: an edit is seen by every
process at the next request, with no Redis round trip and no invalidation message. (A QuerySet.update()
of lessons sends no signal: call signals.course_changed(course_id) after one.)
"""

import threading
import uuid
from dataclasses import dataclass

from .models import Lesson

MAX_COURSES = 200  # a course's lessons are some tens of KB; an old key's entry goes when the dict is full


@dataclass(frozen=True)
class LessonPage:
    pk: int
    title: str
    module_title: str
    kind: str
    body: str
    video_file_url: str
    video_url: str
    pdf_file_url: str
    previous_id: int | None
    next_id: int | None


_courses: dict[tuple[int, uuid.UUID], dict[int, LessonPage]] = {}
_lock = threading.Lock()


def _load(course_id: int) -> dict[int, LessonPage]:
    lessons = list(Lesson.objects.filter(module__course_id=course_id).select_related("module"))
    pages = {}
    for index, lesson in enumerate(lessons):
        pages[lesson.pk] = LessonPage(
            pk=lesson.pk,
            title=lesson.title,
            module_title=lesson.module.title,
            kind=lesson.kind,
            body=lesson.body,
            video_file_url=lesson.video_file.url if lesson.video_file else "",
            video_url=lesson.video_url,
            pdf_file_url=lesson.pdf_file.url if lesson.pdf_file else "",
            previous_id=lessons[index - 1].pk if index else None,
            next_id=lessons[index + 1].pk if index + 1 < len(lessons) else None,
        )
    return pages


def lesson_page(course, pk: int) -> LessonPage | None:
    """The lesson `pk` of this course (a Course with its current content_key), None if not in it."""
    key = (course.pk, course.content_key)
    pages = _courses.get(key)
    if pages is None:
        pages = _load(course.pk)
        with _lock:
            if len(_courses) >= MAX_COURSES:
                _courses.clear()
            _courses[key] = pages
    return pages.get(pk)


def clear_local() -> None:
    with _lock:
        _courses.clear()
