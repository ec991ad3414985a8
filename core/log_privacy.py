"""No personal data in logs or error reports.

Names cannot be recognised by a pattern, so they are kept out by construction: error reports carry
no POST values, no query-string values and no local variables of any view (PersonalDataReporterFilter
and PersonalDataExceptionReporter, the project's DEFAULT_EXCEPTION_REPORTER*). Phone numbers can be:
every log handler scrubs them from messages, arguments and tracebacks (ScrubPhoneNumbers), and error
reports are scrubbed the same way.
"""

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# A Vietnamese number in any spelling people type: 0912345678, 0912 345 678, +84 912.345.678, 84912345678.
PHONE_PATTERN = re.compile(r"(?<![\w])(?:\+?84|0)(?:[ .\-]?\d){8,10}(?![\w])")
PHONE_SUBSTITUTE = "[phone]"


def scrub(text: str) -> str:
    return PHONE_PATTERN.sub(PHONE_SUBSTITUTE, text)


class ScrubPhoneNumbers(logging.Filter):
    """A handler filter: the record's message (with its arguments) and traceback, phones replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call still gets logged, as its bare message
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Every view is treated as sensitive, with DEBUG on or off: a report shows which POST and query
    parameters and which local variables there were, never their values."""

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in ("QUERY_STRING", "HTTP_REFERER", "REQUEST_URI", "RAW_URI"):
            if meta.get(key):
                meta[key] = self.cleansed_substitute
        return meta


class PersonalDataExceptionReporter(ExceptionReporter):
    """Query values hidden, the user named by id (a login may be a phone number), phones scrubbed."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        substitute = self.filter.cleansed_substitute
        data["request_GET_items"] = [(key, substitute) for key in getattr(self.request, "GET", {})]
        user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            data["user_str"] = f"user #{user.pk}"
        return data

    def get_traceback_text(self):
        return scrub(super().get_traceback_text())

    def get_traceback_html(self):
        return scrub(super().get_traceback_html())
