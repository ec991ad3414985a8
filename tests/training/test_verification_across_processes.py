"""A certificate revoked in another process (a real second Python process) is never shown as valid
here once that revocation has answered, although this process keeps certificates in memory."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from scale.database import url_of
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, answers, course_with
from training import services, verification
from training.models import Certificate, Lesson

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clean_cache")]

BASE_DIR = Path(settings.BASE_DIR)

# Revokes the certificate through the staff service once told to go, and says when it has answered.
REVOKE_SCRIPT = """
import sys
import django

django.setup()
from training import services
from training.models import Certificate

certificate = Certificate.objects.get(pk=int(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
services.revoke_certificate(certificate, "Cấp nhầm người")
print("revoked", flush=True)
"""


@pytest.fixture
def certificate():
    enrolment = EnrolmentFactory(course=course_with(), user=UserFactory(first_name="Trần Văn", last_name="Bình"))
    for lesson in Lesson.objects.filter(module__course=enrolment.course):
        services.complete_lesson(enrolment, lesson)
    attempt = services.start_attempt(enrolment, enrolment.course.quizzes.get())
    services.submit_attempt(attempt, answers(attempt))
    return Certificate.objects.get(learner=enrolment.user)


def other_process(certificate) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "DATABASE_URL": url_of(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
    }
    return subprocess.Popen(
        [sys.executable, "-c", REVOKE_SCRIPT, str(certificate.pk)],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen, line: str) -> None:
    got = process.stdout.readline().strip()
    assert got == line, process.stderr.read()


def test_a_revocation_in_another_process_shows_here_as_soon_as_it_has_answered(client, certificate):
    revoker = other_process(certificate)
    wait_for(revoker, "ready")
    assert "alert-success" in client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert (certificate.code,) in verification.certificates.local  # kept in this process's memory

    revoker.stdin.write("go\n")
    revoker.stdin.flush()
    wait_for(revoker, "revoked")  # its answer comes after every process's next generation check is due

    page = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "Cấp nhầm người" in page and "alert-success" not in page
    assert client.get(f"/certificates/verify/{certificate.code}.json").json()["status"] == "revoked"
    assert revoker.wait(timeout=60) == 0
