from importlib import import_module

from celery import shared_task
from django.conf import settings

from core.ledger import claim

from .throttle import delete_expired_failures


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Scheduled by accounts.schedules: expired sessions are otherwise kept in the database for ever."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@shared_task(ignore_result=True)
def send_set_password_link(change_id: int, base_url: str) -> None:
    """E-mails the link of one LINK_ISSUED change to the account's address, at most once."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import AccountChange, SentMail
    from .services import set_password_path

    change = AccountChange.objects.select_related("user").filter(pk=change_id).first()
    if change is None or not change.user.email or not change.user.is_active:
        return
    if not claim(SentMail, key=f"set-password-link:{change_id}"):
        return
    user = change.user
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "link": base_url.rstrip("/") + set_password_path(user)}
        send_mail(
            render_to_string("accounts/set_password_email_subject.txt", context).strip(),
            render_to_string("accounts/set_password_email.txt", context),
            None,
            [user.email],
        )
    # Failed logins outside their window count for nothing: removed on the same schedule.
    delete_expired_failures()
