"""People pages (/users/): staff manage the accounts of their scope. Views parse, check access, call services."""

from django.contrib import messages
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import access_user, accounts_visible_to, grantable_roles, manageable_ids, staff_required
from .people_forms import AccountForm, PeopleSearchForm, VolunteerUploadForm
from .start import start_url
from .volunteer_import import COLUMNS, PURPOSE, VolunteerImport, template_csv

PAGE_SIZE = 50


def _account_data(form: AccountForm) -> services.AccountData:
    data = form.cleaned_data
    return services.AccountData(
        first_name=data["first_name"],
        last_name=data["last_name"],
        phone=data["phone"],
        email=data["email"],
        role=data["role"],
        unit=data["unit"],
        teams=tuple(data["teams"]),
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@staff_required
def people_list(request):
    search = PeopleSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    accounts = selectors.search_accounts(
        accounts_visible_to(request.user), filters.get("q", ""), filters.get("role", ""), filters.get("active", "")
    )
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "search": search,
        "page": page,
        "accounts": page,
        "query_string": query.urlencode(),
        "manageable_ids": manageable_ids(request.user, [account.pk for account in page]),
        "can_create": bool(grantable_roles(request.user)),
    }
    return render(request, "accounts/people_list.html", context)


@never_cache
@staff_required
def account_create(request):
    form = AccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        account = services.create_account(request.user, form.cleaned_data["username"], _account_data(form))
        link = services.issue_set_password_link(request.user, account, _base_url(request))
        return render(request, "accounts/set_password_link.html", {"account": account, "link": link, "created": True})
    return render(request, "accounts/account_form.html", {"form": form}, status=400 if form.errors else 200)


@staff_required
def account_detail(request, pk: int):
    account = access_user(request.user, pk)
    context = {
        "account": account,
        "teams": account.teams.select_related("commune"),
        "history": selectors.account_history(account),
        "can_manage": account.pk in manageable_ids(request.user, [account.pk]),
    }
    return render(request, "accounts/account_detail.html", context)


@staff_required
def account_edit(request, pk: int):
    account = access_user(request.user, pk, manage=True)
    form = AccountForm(request.POST or None, instance=account, actor=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_account(request.user, account, _account_data(form))
        messages.success(request, _("Account saved."))
        return redirect("people:detail", pk=account.pk)
    context = {"form": form, "account": account}
    return render(request, "accounts/account_form.html", context, status=400 if form.errors else 200)


@require_POST
@staff_required
def account_set_active(request, pk: int, active: bool):
    account = access_user(request.user, pk, manage=True)
    services.set_active(request.user, account, active)
    messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
    return redirect("people:detail", pk=account.pk)


@never_cache
@require_POST
@staff_required
def account_issue_link(request, pk: int):
    account = access_user(request.user, pk, manage=True)
    if not account.is_active:
        messages.error(request, _("Reactivate the account first."))
        return redirect("people:detail", pk=account.pk)
    link = services.issue_set_password_link(request.user, account, _base_url(request))
    return render(request, "accounts/set_password_link.html", {"account": account, "link": link})


class SetPasswordFromLinkView(PasswordResetConfirmView):
    """The owner of a new account (or one who forgot) chooses a password, is logged in and lands on
    their start page. The link works once: the new password ends its token."""

    template_name = "accounts/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "accounts.phone_login.UsernameOrPhoneBackend"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A link handed out before the account was deactivated must not bring it back.
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_set(form.user)
        return response

    def get_success_url(self) -> str:
        return start_url(self.user)


set_password_from_link = SetPasswordFromLinkView.as_view()


# ---------------------------------------------------------------- volunteer import (core.tabular)


@staff_required
def volunteer_import(request):
    form = VolunteerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # The file waits in the database until its confirm, which checks it again from scratch.
        preview, token = VolunteerImport(request.user).preview_upload(upload, request.user, PURPOSE)
        context = {"preview": preview, "token": token, "filename": upload.name}
        return render(request, "accounts/import_preview.html", context)
    context = {"form": form, "columns": COLUMNS.values()}
    return render(request, "accounts/import_upload.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
@staff_required
def volunteer_import_confirm(request):
    base_url = _base_url(request)
    result = VolunteerImport(request.user).confirm(
        request.POST.get("token", ""),
        request.user,
        PURPOSE,
        lambda preview: services.import_volunteers(request.user, preview.rows, base_url),
    )
    if result.expired:
        messages.error(request, _("That import has expired or was replaced; upload the file again."))
        return redirect("people:import")
    if not result.preview.can_import:
        context = {"preview": result.preview, "token": "", "filename": result.original_name}
        return render(request, "accounts/import_preview.html", context, status=400)
    return render(request, "accounts/import_done.html", {"created": result.saved})


@staff_required
def volunteer_import_template(request):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tinh-nguyen-vien.csv"'
    return response
