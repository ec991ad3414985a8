"""Where a message goes besides the in-app centre: e-mail, and a pluggable SMS/Zalo backend."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from accounts.models import User
from core.qr import public_base_url

from .kinds import Message

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return (public_base_url(None) or settings.NOTIFICATIONS_SITE_URL).rstrip("/") + path


def send_email(recipient: User, message: Message) -> None:
    """One e-mail, HTML and text, in the active language (the caller overrides it); its footer links
    to the opt-out page."""
    context = {
        "recipient": recipient,
        "message": message,
        "action_url": absolute(message.url) if message.url else "",
        "settings_url": absolute(reverse("notifications:settings")),
        "LANGUAGE_CODE": translation.get_language(),
    }
    text = render_to_string("notifications/email/message.txt", context)
    html = render_to_string("notifications/email/message.html", context)
    email = EmailMultiAlternatives(message.title, text, to=[recipient.email])
    email.attach_alternative(html, "text/html")
    email.send()


class LoggingTextBackend:
    """The only SMS/Zalo backend: logs what a real provider would send (no provider is contracted)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("text message to %s: %s", phone[-3:].rjust(len(phone), "*"), text)


def text_backend():
    """settings.NOTIFICATIONS_TEXT_BACKEND: a class with send(phone, text); raise OSError when transient."""
    return import_string(settings.NOTIFICATIONS_TEXT_BACKEND)()


def send_text(recipient: User, message: Message) -> None:
    text_backend().send(recipient.phone, f"{message.title} {absolute(message.url)}".strip())
