"""Two places and one account per role, for the URL × role access test: everything a URL can name,
once in the users' commune (Nam Phong, Thành phố Nam Định) and once out of their district's scope
(Giao Hương, Giao Thủy). Learners' own records are "in"; another learner's are "out"."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role
from campaigns.models import ActivityAttachment
from coverage.models import Report
from notifications.models import Notification
from products.models import ProductPhoto
from tests.campaigns.factories import (
    ActivityFactory,
    BulletinFactory,
    BulletinTargetFactory,
    CampaignFactory,
    DocumentRecipientFactory,
    GuidanceDocumentFactory,
)
from tests.factories import UserFactory
from tests.products.factories import CertificationFactory, LotFactory, ProducerFactory, ProductFactory
from tests.training.factories import EnrolmentFactory, NationalCompletionFactory, answers, course_with
from tests.visits.factories import HamletFactory, HouseholdFactory, TeamFactory, VisitFactory
from tests.visits.factories_staff import ConsentFactory, FishingVesselFactory
from training import services as training
from training.models import Lesson

ROLES = ["province_admin", "district_officer", "commune_officer", "volunteer", "learner", "anonymous"]
IN_COMMUNE, OUT_COMMUNE, PROVINCE = "13696", "14155", "36"


@dataclass
class World:
    users: dict
    sides: dict  # "in" / "out" -> SimpleNamespace of objects

    def __getitem__(self, side: str) -> SimpleNamespace:
        return self.sides[side]


def _learning(learner, commune):
    enrolment = EnrolmentFactory(course=course_with(), user=learner, unit=commune)
    lessons = list(Lesson.objects.filter(module__course=enrolment.course))
    for lesson in lessons:
        training.complete_lesson(enrolment, lesson)
    quiz = enrolment.course.quizzes.get()
    attempt = training.start_attempt(enrolment, quiz)
    training.submit_attempt(attempt, answers(attempt))
    enrolment.refresh_from_db()
    return SimpleNamespace(
        enrolment=enrolment,
        course=enrolment.course,
        lesson=lessons[0],
        quiz=quiz,
        attempt=attempt,
        certificate=enrolment.course.certificates.get(learner=learner),
    )


def campaign_work(commune) -> SimpleNamespace:
    """A campaign and activity of the commune, and a document and bulletin its district sent it."""
    campaign = CampaignFactory(unit=commune)
    activity = ActivityFactory(campaign=campaign, unit=commune, publish_on_news=True)
    attachment = ActivityAttachment(
        activity=activity, kind="document", original_name="a.pdf", content_type="application/pdf", size=10
    )
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    document = GuidanceDocumentFactory(unit=commune.parent)
    DocumentRecipientFactory(document=document, unit=commune)
    bulletin = BulletinFactory(unit=commune.parent)
    bulletin.audio.save("thong-bao.mp3", ContentFile(b"ID3 audio"), save=True)
    BulletinTargetFactory(bulletin=bulletin, commune=commune)
    return SimpleNamespace(
        campaign=campaign, activity=activity, attachment=attachment, document=document, bulletin=bulletin
    )


def national_with_evidence(commune, learner):
    """A national-platform completion of the side's learner, with its evidence file."""
    completion = NationalCompletionFactory(unit=commune, user=learner)
    completion.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    return completion


def _side(commune, volunteer, learner, name: str) -> SimpleNamespace:
    hamlet = HamletFactory(commune=commune, name=f"Thôn {name}")
    team = TeamFactory(commune=commune, members=[volunteer] if volunteer else [])
    household = HouseholdFactory(hamlet=hamlet, assigned_volunteer=volunteer, assigned_team=team)
    producer = ProducerFactory(commune=commune)
    product = ProductFactory(producer=producer)
    return SimpleNamespace(
        commune=commune,
        hamlet=hamlet,
        team=team,
        household=household,
        consent=ConsentFactory(household=household, purpose="contact"),
        visit=VisitFactory(household=household, volunteer=volunteer or UserFactory(role=Role.VOLUNTEER, unit=commune)),
        vessel=FishingVesselFactory(owner=household),
        account=UserFactory(role=Role.VOLUNTEER, unit=commune, username=f"tnv_{name}"),
        producer=producer,
        product=product,
        lot=LotFactory(product=product),
        certification=CertificationFactory(producer=producer),
        photo=ProductPhoto.objects.create(product=product, image="products/x.jpg"),
        producer_photo=producer.photos.create(image="producers/x.jpg"),
        national=national_with_evidence(commune, learner),
        learning=_learning(learner, commune),
        campaigns=campaign_work(commune),
        report=Report.objects.create(
            scope=commune,
            kind="xlsx",
            period_kind="week",
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
            status=Report.Status.FAILED,
        ),  # fmt: skip
        notification=Notification.objects.create(recipient=learner, kind="certificate_issued", title="Chứng chỉ"),
        now=timezone.now(),
    )


def build_world(unit) -> World:
    commune = unit(IN_COMMUNE)
    users = {
        "province_admin": UserFactory(role=Role.PROVINCE_ADMIN, unit=unit(PROVINCE), username="pa"),
        "district_officer": UserFactory(role=Role.DISTRICT_OFFICER, unit=commune.parent, username="do"),
        "commune_officer": UserFactory(role=Role.COMMUNE_OFFICER, unit=commune, username="co"),
        "volunteer": UserFactory(role=Role.VOLUNTEER, unit=commune, username="vo"),
        "learner": UserFactory(role=Role.LEARNER, username="le"),
        "anonymous": None,
    }
    other_learner = UserFactory(role=Role.LEARNER, username="le_khac")
    sides = {
        "in": _side(commune, users["volunteer"], users["learner"], "in"),
        "out": _side(unit(OUT_COMMUNE), None, other_learner, "out"),
    }
    return World(users=users, sides=sides)
