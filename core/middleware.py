from django.http import HttpResponseBadRequest


class RejectNulCharactersMiddleware:
    """A NUL character can never be stored in PostgreSQL text, so a URL carrying one is a bad
    request here, answered 400, rather than a database error (500) in whichever view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("NUL characters are not allowed in addresses.\n", content_type="text/plain")
        return self.get_response(request)
