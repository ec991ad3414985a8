"""The API's interactive documentation (Swagger UI) from vendored files under static/vendor/swagger-ui/.

ninja's own page loads Swagger UI from a CDN unless ninja is an installed app; this one never
leaves the portal, so it works on an offline network and under a strict Content-Security-Policy.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True}
        context = {"swagger_settings": settings, "title": api.title}
        return render(request, "visits/api_docs.html", context)
