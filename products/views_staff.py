"""Staff pages to manage producers, certifications, products, photos and lots, scoped to the user's units."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_required

from . import access, selectors, services
from .forms import CertificationForm, LotForm, PhotoForm, ProducerForm, ProductForm

PRODUCERS_PER_PAGE = 25


@staff_required
def producer_list(request):
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.producers_for(request.user, query), PRODUCERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "products/staff/producer_list.html", {"page": page, "query": query})


@staff_required
def producer_create(request):
    form = ProducerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        producer = services.save_producer(form.save(commit=False), by=request.user)
        messages.success(request, _("Producer saved."))
        return redirect("products_staff:producer_detail", producer.pk)
    return render(request, "products/staff/form.html", {"form": form, "title": _("New producer")})


@staff_required
def producer_edit(request, pk: int):
    producer = access.access_producer(request.user, pk, manage=True)
    form = ProducerForm(request.POST or None, instance=producer, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_producer(form.save(commit=False))
        messages.success(request, _("Producer saved."))
        return redirect("products_staff:producer_detail", producer.pk)
    return render(request, "products/staff/form.html", {"form": form, "title": producer.name, "producer": producer})


def _producer_page(request, producer, photo_form=None):
    context = {
        "producer": producer,
        "certifications": producer.certifications.all(),
        "products": selectors.producer_products(producer),
        "photos": producer.photos.all(),
        "photo_form": photo_form or PhotoForm(),
        "media_url": settings.MEDIA_URL,
    }
    return render(request, "products/staff/producer_detail.html", context)


@staff_required
def producer_detail(request, pk: int):
    return _producer_page(request, access.access_producer(request.user, pk, manage=True))


@staff_required
@require_POST
def producer_photo_add(request, pk: int):
    producer = access.access_producer(request.user, pk, manage=True)
    photo_form = PhotoForm(request.POST, request.FILES)
    if not photo_form.is_valid():
        return _producer_page(request, producer, photo_form=photo_form)
    services.add_photo(producer, photo_form.cleaned_data["image"], alt=photo_form.cleaned_data["alt"])
    return redirect("products_staff:producer_detail", producer.pk)


@staff_required
@require_POST
def producer_photo_delete(request, pk: int):
    photo = access.access_producer_photo(request.user, pk, manage=True)
    services.delete_photo(photo)
    return redirect("products_staff:producer_detail", photo.producer_id)


@staff_required
def certification_create(request, pk: int):
    producer = access.access_producer(request.user, pk, manage=True)
    form = CertificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        certification = form.save(commit=False)
        certification.producer = producer
        services.save_certification(certification)
        return redirect("products_staff:producer_detail", producer.pk)
    context = {"form": form, "title": _("Certification"), "producer": producer}
    return render(request, "products/staff/form.html", context)


@staff_required
def certification_edit(request, pk: int):
    certification = access.access_certification(request.user, pk, manage=True)
    form = CertificationForm(request.POST or None, instance=certification)
    if request.method == "POST" and form.is_valid():
        services.save_certification(form.save(commit=False))
        return redirect("products_staff:producer_detail", certification.producer_id)
    context = {"form": form, "title": _("Certification"), "producer": certification.producer}
    return render(request, "products/staff/form.html", context)


@staff_required
@require_POST
def certification_delete(request, pk: int):
    certification = access.access_certification(request.user, pk, manage=True)
    services.delete_certification(certification)
    return redirect("products_staff:producer_detail", certification.producer_id)


@staff_required
def product_create(request, pk: int):
    producer = access.access_producer(request.user, pk, manage=True)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = form.save(commit=False)
        product.producer = producer
        services.save_product(product)
        messages.success(request, _("Product saved. Add photos below."))
        return redirect("products_staff:product_edit", product.pk)
    return render(request, "products/staff/form.html", {"form": form, "title": _("New product"), "producer": producer})


def _product_page(request, product, form=None, photo_form=None, lot_form=None):
    context = {
        "product": product,
        "producer": product.producer,
        "form": form or ProductForm(instance=product),
        "photo_form": photo_form or PhotoForm(),
        "lot_form": lot_form or LotForm(product=product),
        "photos": product.photos.all(),
        "lots": product.lots.all(),
    }
    return render(request, "products/staff/product_edit.html", context)


@staff_required
def product_edit(request, pk: int):
    product = access.access_product(request.user, pk, manage=True)
    if request.method != "POST":
        return _product_page(request, product)
    form = ProductForm(request.POST, instance=product)
    if not form.is_valid():
        return _product_page(request, product, form=form)
    services.save_product(form.save(commit=False))
    messages.success(request, _("Product saved."))
    return redirect("products_staff:product_edit", product.pk)


@staff_required
@require_POST
def product_set_active(request, pk: int):
    product = access.access_product(request.user, pk, manage=True)
    services.set_product_active(product, request.POST.get("active") == "1")
    return redirect("products_staff:product_edit", product.pk)


@staff_required
@require_POST
def photo_add(request, pk: int):
    product = access.access_product(request.user, pk, manage=True)
    photo_form = PhotoForm(request.POST, request.FILES)
    if not photo_form.is_valid():
        return _product_page(request, product, photo_form=photo_form)
    services.add_photo(product, photo_form.cleaned_data["image"], alt=photo_form.cleaned_data["alt"])
    return redirect("products_staff:product_edit", product.pk)


@staff_required
@require_POST
def photo_delete(request, pk: int):
    photo = access.access_product_photo(request.user, pk, manage=True)
    services.delete_photo(photo)
    return redirect("products_staff:product_edit", photo.product_id)


@staff_required
@require_POST
def lot_add(request, pk: int):
    product = access.access_product(request.user, pk, manage=True)
    lot_form = LotForm(request.POST, product=product)
    if not lot_form.is_valid():
        return _product_page(request, product, lot_form=lot_form)
    services.add_lot(product, lot_form.save(commit=False))
    return redirect("products_staff:product_edit", product.pk)


@staff_required
@require_POST
def lot_delete(request, pk: int):
    lot = access.access_lot(request.user, pk, manage=True)
    services.delete_lot(lot)
    return redirect("products_staff:product_edit", lot.product_id)
