"""Certificates: the learner's PDF and credential, public verification, the issuer's public key."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from accounts.access import is_staff_role, staff_required
from core.qr import public_base_url

from . import credentials, services, verify_page
from .access import access_certificate
from .certificate_pdf import render_certificate
from .models import Certificate


def public_url(request, path: str) -> str:
    """An absolute URL on settings.PUBLIC_BASE_URL (printed into QR codes), else on the request's host."""
    return public_base_url(request) + path


def verify_url(request, certificate: Certificate) -> str:
    return public_url(request, reverse("training:verify", args=[certificate.code]))


@login_required
@require_GET
def certificate_pdf(request, pk):
    certificate = access_certificate(request.user, pk)
    response = HttpResponse(render_certificate(certificate, verify_url(request, certificate)), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
@require_GET
def certificate_credential(request, pk):
    certificate = access_certificate(request.user, pk)
    vc = credentials.credential(
        certificate,
        verify_url=verify_url(request, certificate),
        course_url=public_url(request, reverse("training:course_detail", args=[certificate.course.slug])),
        issuer_url=public_url(request, reverse("training:issuer")),
    )
    response = HttpResponse(credentials.sign(vc), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.jwt"'
    return response


def _public(fields: dict) -> dict:
    """The fields as published: what the PDF prints and the status, not the database id."""
    return {name: value for name, value in fields.items() if name != "id"}


@require_GET
@cache_control(no_cache=True)
def verify(request, code):
    fields = services.verify_and_count(code)
    if fields is None:
        return render(request, "training/verify_unknown.html", {"code": code}, status=404)
    context = {"fields": _public(fields), "certificate_id": fields["id"], "can_revoke": False}
    if verify_page.is_shared(request):
        return HttpResponse(verify_page.render_shared(request, context))
    context["can_revoke"] = _can_revoke(request.user, fields)
    return render(request, "training/verify.html", context)


def _can_revoke(user, fields: dict) -> bool:
    if fields["status"] == "revoked" or not is_staff_role(user):
        return False
    try:
        access_certificate(user, fields["id"], manage=True)
    except Http404:
        return False
    return True


@require_GET
@cache_control(no_cache=True)
def verify_json(request, code):
    fields = services.verify_and_count(code)
    if fields is None:
        return JsonResponse({"code": code, "status": "unknown"}, status=404)
    return JsonResponse(_public(fields), json_dumps_params={"ensure_ascii": False})


@require_GET
def jwks(request):
    return JsonResponse(credentials.jwks())


@require_GET
def issuer(request):
    """The issuer profile credentials name, with the key that signs them."""
    return JsonResponse(
        {
            "@context": credentials.OB_CONTEXT,
            "id": public_url(request, reverse("training:issuer")),
            "type": ["Profile"],
            "name": "Sở Thông tin và Truyền thông tỉnh Nam Định",
            "publicKey": credentials.public_jwk(),
            "jwks_uri": public_url(request, reverse("training:jwks")),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@staff_required
@require_POST
def revoke(request, pk):
    certificate = access_certificate(request.user, pk, manage=True)
    try:
        services.revoke_certificate(certificate, request.POST.get("reason", ""))
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The certificate is revoked; its verification page says so."))
    return redirect("training:verify", code=certificate.code)
