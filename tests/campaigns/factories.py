"""Factories for campaigns, activities, guidance documents and bulletins (on the real Nam Định units)."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns.models import (
    Activity,
    Bulletin,
    BulletinTarget,
    Campaign,
    CampaignTarget,
    Channel,
    DocumentRecipient,
    GuidanceDocument,
)
from units.models import AdministrativeUnit


def province():
    return AdministrativeUnit.objects.get(code="36")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    unit = factory.LazyFunction(province)
    name = factory.Sequence(lambda n: f"Tuyên truyền CĐS {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = Campaign.Status.ACTIVE
    lead_agency = "Sở Thông tin và Truyền thông"
    audiences = factory.LazyFunction(lambda: ["citizens"])


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTarget

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.LazyFunction(province)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.LazyFunction(province)
    channel = Channel.CONFERENCE
    title = factory.Sequence(lambda n: f"Hội nghị tuyên truyền {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + datetime.timedelta(hours=2))
    place = "Hội trường UBND"
    organiser = "Sở TT&TT"
    participants_in_person = 50


class GuidanceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceDocument

    unit = factory.LazyFunction(province)
    title = factory.Sequence(lambda n: f"Hướng dẫn triển khai {n}")
    number = factory.Sequence(lambda n: f"{n}/HD-STTTT")
    issued_on = factory.LazyFunction(timezone.localdate)
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="file.pdf"))


class DocumentRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRecipient

    document = factory.SubFactory(GuidanceDocumentFactory)


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    unit = factory.LazyFunction(province)
    level = Bulletin.Level.NORMAL
    rank = 2
    source_level = Bulletin.SourceLevel.PROVINCE
    title = factory.Sequence(lambda n: f"Thông báo {n}")
    text = "Nội dung thông báo."
    valid_from = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    valid_until = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))


class BulletinTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinTarget

    bulletin = factory.SubFactory(BulletinFactory)
