"""A mail server that drops the connection the first time (the SMTP boundary), then accepts mail."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

FAILURES_LEFT = {"count": 0}


class FlakyEmailBackend(EmailBackend):
    def send_messages(self, messages):
        if FAILURES_LEFT["count"] > 0:
            FAILURES_LEFT["count"] -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)
