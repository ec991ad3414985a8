from django.urls import path, re_path

from . import views_certificates as certificates
from . import views_learning as learning
from . import views_records as records
from . import views_staff as staff

app_name = "training"

urlpatterns = [
    path("courses/", learning.course_list, name="course_list"),
    path("courses/<slug:slug>/", learning.course_detail, name="course_detail"),
    path("courses/<slug:slug>/enrol/", learning.enrol, name="enrol"),
    path("courses/<slug:slug>/lessons/<int:pk>/", learning.lesson, name="lesson"),
    path("courses/<slug:slug>/lessons/<int:pk>/complete/", learning.complete_lesson, name="complete_lesson"),
    path("courses/<slug:slug>/quizzes/<int:pk>/", learning.quiz, name="quiz"),
    path("courses/<slug:slug>/attempts/<int:pk>/", learning.attempt, name="attempt"),
    path("learning/", learning.learning, name="learning"),
    path("learning/certificates/<int:pk>.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    path("learning/certificates/<int:pk>.jwt", certificates.certificate_credential, name="certificate_credential"),
    re_path(r"^certificates/verify/(?P<code>[0-9A-Za-z]{1,64})\.json$", certificates.verify_json, name="verify_json"),
    re_path(r"^certificates/verify/(?P<code>[0-9A-Za-z]{1,64})/$", certificates.verify, name="verify"),
    path("certificates/<int:pk>/revoke/", certificates.revoke, name="revoke"),
    path("certificates/issuer/", certificates.issuer, name="issuer"),
    path(".well-known/jwks.json", certificates.jwks, name="jwks"),
    path("training/reports/", staff.report, name="report"),
    path("training/cohort/", staff.cohort_enrol, name="cohort"),
    path("training/sessions/", records.sessions, name="sessions"),
    path("training/national/", records.national, name="national"),
    path("training/national/<int:pk>/confirm/", records.confirm_national, name="confirm_national"),
    path("training/national/<int:pk>/evidence/", records.national_evidence, name="national_evidence"),
]
