import factory

from notifications.models import Notification
from tests.factories import VolunteerFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(VolunteerFactory)
    kind = "revisit_due"
    title = factory.Sequence(lambda n: f"Revisit due: Số {n}, ngõ 3")
    body = "You planned to come back."
    url = "/field/"
