"""Printable A4 QR label sheets: every QR on the sheet decodes, is at least 2 cm wide, and is in scope."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tests.factories import DistrictOfficerFactory, UserFactory, VolunteerFactory
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]
A4_POINTS = (595.2756, 841.8898)
POINTS_PER_CM = 72 / 2.54


@pytest.fixture
def nam_phong_producer(unit):
    return ProducerFactory(commune=unit("13696"), name="Hợp tác xã hoa cây cảnh Nam Phong")


def drawn_image_widths(page) -> list[float]:
    """Width, in points, of every image drawn on the page (the `cm` matrix in force at each `Do`)."""
    widths, stack, matrix = [], [], None
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            matrix = [float(v) for v in operands]
        elif operator == b"Do":
            widths.append(matrix[0])
    return widths


def read_sheet(pdf: bytes) -> tuple[list[str], list[float], str]:
    """Decoded QR texts and drawn QR widths of every page, and the text of the sheet."""
    reader = PdfReader(io.BytesIO(pdf))
    texts, widths, words = [], [], []
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.5)
        for image in page.images:
            decoded = [r.text for r in zxingcpp.read_barcodes(image.image.convert("L"))]
            assert len(decoded) == 1, image.name
            texts.extend(decoded)
        widths.extend(drawn_image_widths(page))
        words.append(page.extract_text())
    return texts, widths, "\n".join(words)


def test_producer_sheet_has_every_active_product_as_a_decodable_qr_at_least_2_cm_wide(
    officer_client, nam_phong_producer
):
    products = ProductFactory.create_batch(26, producer=nam_phong_producer)  # 24 a page: two pages
    ProductFactory(producer=nam_phong_producer, is_active=False)
    response = officer_client.get(f"/labels/producer/{nam_phong_producer.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

    texts, widths, text = read_sheet(response.content)
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2
    assert sorted(texts) == sorted(f"HTTP://TESTSERVER/P/{p.code}/" for p in products)
    assert len(widths) == 26
    assert min(widths) / POINTS_PER_CM >= 2.0
    for product in products:
        assert product.code in text
    assert "Hợp tác xã hoa cây cảnh" in text  # the producer, in a font that has Vietnamese letters


def test_selection_sheet_prints_the_chosen_products(officer_client, nam_phong_producer):
    first, second, _not_chosen = ProductFactory.create_batch(3, producer=nam_phong_producer)
    response = officer_client.get("/labels/", {"products": f"{second.code.lower()}, {first.code}"})
    assert response.status_code == 200
    texts, widths, _ = read_sheet(response.content)
    assert sorted(texts) == sorted([f"HTTP://TESTSERVER/P/{second.code}/", f"HTTP://TESTSERVER/P/{first.code}/"])
    assert all(w / POINTS_PER_CM >= 2.0 for w in widths)


def test_sheet_uses_the_public_base_url(officer_client, nam_phong_producer, settings):
    settings.PUBLIC_BASE_URL = "https://sanpham.namdinh.gov.vn"
    product = ProductFactory(producer=nam_phong_producer)
    texts, _, _ = read_sheet(officer_client.get("/labels/", {"products": product.code}).content)
    assert texts == [f"HTTPS://SANPHAM.NAMDINH.GOV.VN/P/{product.code}/"]


def test_producer_without_active_products_gets_an_empty_sheet(officer_client, nam_phong_producer):
    response = officer_client.get(f"/labels/producer/{nam_phong_producer.pk}.pdf")
    assert response.status_code == 200
    assert read_sheet(response.content)[0] == []


def test_commune_officer_cannot_print_another_communes_labels(officer_client, nam_phong_producer, unit):
    elsewhere = ProducerFactory(commune=unit("14155"))
    theirs = ProductFactory(producer=elsewhere)
    mine = ProductFactory(producer=nam_phong_producer)
    assert officer_client.get(f"/labels/producer/{elsewhere.pk}.pdf").status_code == 404
    assert officer_client.get("/labels/", {"products": theirs.code}).status_code == 404
    assert officer_client.get("/labels/", {"products": f"{mine.code},{theirs.code}"}).status_code == 404


def test_district_officer_prints_labels_of_communes_in_the_district(client, unit):
    giao_thuy_product = ProductFactory(producer=ProducerFactory(commune=unit("14161")))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    assert client.get("/labels/", {"products": giao_thuy_product.code}).status_code == 200
    assert client.get(f"/labels/producer/{giao_thuy_product.producer_id}.pdf").status_code == 200


@pytest.mark.parametrize("products", ["", ",,", "AB$%", "x" * 40, ",".join(f"AAAA{n:04d}" for n in range(241))])
def test_malformed_selection_is_400(officer_client, products):
    assert officer_client.get("/labels/", {"products": products}).status_code == 400


def test_unknown_or_deactivated_code_in_selection_is_404(officer_client, nam_phong_producer):
    product = ProductFactory(producer=nam_phong_producer)
    inactive = ProductFactory(producer=nam_phong_producer, is_active=False)
    assert officer_client.get("/labels/", {"products": f"{product.code},ZZZZ2345"}).status_code == 404
    assert officer_client.get("/labels/", {"products": inactive.code}).status_code == 404
    assert officer_client.get("/labels/producer/999999999.pdf").status_code == 404


def test_labels_are_for_staff_only(client, nam_phong_producer, unit):
    product = ProductFactory(producer=nam_phong_producer)
    url = f"/labels/producer/{nam_phong_producer.pk}.pdf"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(VolunteerFactory(unit=unit("13696")))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get("/labels/", {"products": product.code}).status_code == 403


def test_producer_page_links_to_its_label_sheet(officer_client, nam_phong_producer):
    ProductFactory(producer=nam_phong_producer)
    page = officer_client.get(reverse("products_staff:producer_detail", args=[nam_phong_producer.pk]))
    labels_url = reverse("products_qr:producer_labels", args=[nam_phong_producer.pk])
    assert f'href="{labels_url}"'.encode() in page.content
    assert officer_client.get(labels_url).status_code == 200


# ---------------------------------------------------------------- choosing products and copies

SHEET = reverse("products_qr:label_sheet")


def copies(**by_code) -> dict:
    return {f"copies_{code}": n for code, n in by_code.items()} | {"print": "1"}


def test_the_form_offers_the_producers_active_products(officer_client, nam_phong_producer):
    first, second = ProductFactory.create_batch(2, producer=nam_phong_producer)
    ProductFactory(producer=nam_phong_producer, is_active=False)
    response = officer_client.get(SHEET, {"producer": nam_phong_producer.pk})
    assert response.status_code == 200
    assert {p.code for p in response.context["form"].products} == {first.code, second.code}
    body = response.content.decode()
    assert f'name="copies_{first.code}"' in body and 'name="fill_page"' in body


def test_copies_per_product_print_that_many_decodable_labels_with_a_scan_line(officer_client, nam_phong_producer):
    first, second, _none = ProductFactory.create_batch(3, producer=nam_phong_producer)
    response = officer_client.get(
        SHEET, {"producer": nam_phong_producer.pk} | copies(**{first.code: 3, second.code: 2})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    texts, widths, text = read_sheet(response.content)
    # The PDF stores each product's QR image once and draws it as many times as there are copies.
    assert sorted(texts) == sorted([f"HTTP://TESTSERVER/P/{first.code}/", f"HTTP://TESTSERVER/P/{second.code}/"])
    assert len(widths) == 5 and min(widths) / POINTS_PER_CM >= 2.0
    assert text.count(first.code) == 3 and text.count(second.code) == 2
    assert text.count("Quét để xem sản phẩm") == 5  # under each QR, in the officer's Vietnamese


def test_fill_page_completes_the_a4_sheet_with_copies_of_the_chosen_products(officer_client, nam_phong_producer):
    first, second = ProductFactory.create_batch(2, producer=nam_phong_producer)
    query = copies(**{first.code: 1, second.code: 1}) | {"fill_page": "on"}
    _texts, widths, text = read_sheet(officer_client.get(SHEET, query).content)
    assert len(widths) == 24
    assert text.count(first.code) == text.count(second.code) == 12


@pytest.mark.parametrize(
    "bad",
    [{}, {"n": -1}, {"n": "many"}, {"n": 241}, {"n": 200, "m": 41}],
    ids=["nothing-chosen", "negative", "not-a-number", "too-many", "too-many-together"],
)
def test_a_bad_choice_is_a_form_error_not_a_pdf(officer_client, nam_phong_producer, bad):
    first, second = ProductFactory.create_batch(2, producer=nam_phong_producer)
    query = {"print": "1"}
    if "n" in bad:
        query[f"copies_{first.code}"] = bad["n"]
    if "m" in bad:
        query[f"copies_{second.code}"] = bad["m"]
    response = officer_client.get(SHEET, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not response.context["form"].is_valid()


def test_the_form_offers_only_products_in_scope(officer_client, nam_phong_producer, unit):
    theirs = ProductFactory(producer=ProducerFactory(commune=unit("14155")))
    mine = ProductFactory(producer=nam_phong_producer)
    response = officer_client.get(SHEET)
    assert [p.code for p in response.context["form"].products] == [mine.code]
    assert officer_client.get(SHEET, {"producer": theirs.producer_id}).status_code == 404
    assert officer_client.get(SHEET, {"producer": "x1"}).status_code == 404
    printed = officer_client.get(SHEET, copies(**{theirs.code: 2, mine.code: 1}))  # a hand-made query
    assert sorted(read_sheet(printed.content)[0]) == [f"HTTP://TESTSERVER/P/{mine.code}/"]


def test_the_producer_page_links_to_the_copies_form(officer_client, nam_phong_producer):
    page = officer_client.get(reverse("products_staff:producer_detail", args=[nam_phong_producer.pk])).content.decode()
    assert f"{SHEET}?producer={nam_phong_producer.pk}" in page
