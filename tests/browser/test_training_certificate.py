"""A learner on a phone: enrols, completes the lessons, fails the final quiz once, passes it, downloads
the certificate and opens its verification page."""

from django.conf import settings
from django.urls import reverse

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.training.factories import course_with
from training.models import Certificate, Choice, Lesson

# Screenshots to look at after a run (var/ is git-ignored).
SHOTS = settings.BASE_DIR / "var" / "screenshots" / "training"


def _answer(page, *, right: bool) -> None:
    for question in page.locator("fieldset").all():
        inputs = question.locator("input").all()
        ids = [int(i.get_attribute("value")) for i in inputs]
        correct = set(Choice.objects.filter(pk__in=ids, is_correct=True).values_list("pk", flat=True))
        pick = next(pk for pk in ids if (pk in correct) == right)
        page.check(f"#c{pick}")


def test_learner_earns_and_verifies_a_certificate(phone_page, units_imported, tmp_path):
    page = phone_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    UserFactory(username="learner", first_name="Nguyễn Thị", last_name="Hường")
    course = course_with(lessons=2, questions=2, title="Kỹ năng số cơ bản")

    log_in(page, "learner", PASSWORD)
    page.goto(course.get_absolute_url())
    page.get_by_test_id("enrol").click()
    page.get_by_test_id("outline").get_by_role("link").first.click()
    page.screenshot(path=SHOTS / "lesson.png", full_page=True)
    page.get_by_test_id("complete-lesson").click()
    # The next lesson comes from the fast path (training.lesson_page): same page, light, phone-sized.
    second = Lesson.objects.filter(module__course=course)[1]
    page.wait_for_url(f"**{reverse('training:lesson', args=[course.slug, second.pk])}")
    assert page.get_by_test_id("lesson-body").is_visible()
    assert page.get_by_test_id("bell").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "lesson-next.png", full_page=True)
    page.get_by_test_id("complete-lesson").click()
    page.wait_for_url(f"**{course.get_absolute_url()}")
    page.go_back()
    page.reload()
    assert page.get_by_test_id("lesson-done").is_visible()  # completed, as the learner left it
    page.screenshot(path=SHOTS / "lesson-done.png", full_page=True)
    page.goto(course.get_absolute_url())

    page.get_by_test_id("final-quiz").click()
    page.get_by_test_id("start-attempt").click()
    _answer(page, right=False)
    page.get_by_test_id("submit-attempt").click()
    assert "0%" in page.get_by_test_id("result").inner_text()
    page.screenshot(path=SHOTS / "failed.png", full_page=True)

    page.get_by_role("link", name="Quay lại bài kiểm tra").click()
    page.get_by_test_id("start-attempt").click()
    _answer(page, right=True)
    page.get_by_test_id("submit-attempt").click()
    assert "100%" in page.get_by_test_id("result").inner_text()

    page.goto("/learning/")
    page.screenshot(path=SHOTS / "learning.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("certificate-pdf").click()
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.get_by_test_id("certificate-verify").click()
    certificate = Certificate.objects.get()
    page.wait_for_url(f"**/certificates/verify/{certificate.code}/")
    assert "Nguyễn Thị Hường" in page.get_by_test_id("fields").inner_text()
    assert "HỢP LỆ" in page.get_by_test_id("status").inner_text()
    page.screenshot(path=SHOTS / "verify.png", full_page=True)
