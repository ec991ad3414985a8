import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from products.models import Certification, Lot, Producer, ProducerPhoto, Product, ProductPhoto
from tests.factories import DistrictOfficerFactory, UserFactory, VolunteerFactory
from tests.products.factories import OcopCertificationFactory, ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]


@pytest.fixture
def producer(unit):
    return ProducerFactory(commune=unit("13696"), name="HTX Hoa cây cảnh Nam Phong")


def image_upload(width=1200, height=800, orientation=None, name="anh.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), "#2d6a4f")
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


PRODUCER_DATA = {
    "commune": "",
    "name": "Hộ bà Vũ Thị Cúc",
    "kind": Producer.Kind.HOUSEHOLD,
    "phone": "0977 888 999",
    "zalo_url": "https://zalo.me/0977888999",
    "address": "Thôn Phong Lộc",
    "description": "",
}
PRODUCT_DATA = {
    "name": "Cúc mâm xôi",
    "category": "flowers",
    "description": "Cúc vàng nở đều.",
    "price_min": "80000",
    "price_max": "250000",
    "price_unit": "chậu",
    "season": "Tháng 10 – tháng 1",
    "gtin": "",
}


def test_anonymous_is_sent_to_login_and_non_staff_get_403(client, unit):
    assert client.get("/producers/").status_code == 302
    for user in (UserFactory(), VolunteerFactory(unit=unit("13696"))):
        client.force_login(user)
        assert client.get("/producers/").status_code == 403


def test_commune_officer_lists_only_producers_of_the_commune(officer_client, unit, producer):
    elsewhere = ProducerFactory(commune=unit("14155"))
    response = officer_client.get("/producers/")
    assert response.status_code == 200
    ids = [p.pk for p in response.context["page"]]
    assert producer.pk in ids and elsewhere.pk not in ids


def test_district_officer_sees_its_communes_only(client, unit, producer):
    inside = ProducerFactory(commune=unit("14155"))
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    ids = [p.pk for p in client.get("/producers/").context["page"]]
    assert ids == [inside.pk]
    assert client.get(f"/producers/{producer.pk}/").status_code == 404


def test_producer_list_query_count_does_not_grow(officer_client, unit, producer, django_assert_num_queries):
    ProductFactory(producer=producer)
    officer_client.get("/producers/")  # warm the session and user lookups
    with django_assert_num_queries(8):  # session, user, unit, menu (vessels?), emergency banner, bell, count, page
        officer_client.get("/producers/")
    for _ in range(10):
        ProductFactory(producer=ProducerFactory(commune=unit("13696")))
    with django_assert_num_queries(8):
        assert officer_client.get("/producers/").status_code == 200


def test_producer_detail_query_count_does_not_grow(officer_client, producer, django_assert_num_queries):
    officer_client.get(f"/producers/{producer.pk}/")
    # session, user, unit, menu (vessels?), emergency banner, bell, producer, certifications, products, photos
    with django_assert_num_queries(10):
        officer_client.get(f"/producers/{producer.pk}/")
    for _ in range(5):
        ProductFactory(producer=producer)
        OcopCertificationFactory(producer=producer)
        officer_client.post(f"/producers/{producer.pk}/photos/", {"image": image_upload(60, 40)})
    with django_assert_num_queries(10):
        assert officer_client.get(f"/producers/{producer.pk}/").status_code == 200


def test_officer_creates_a_producer_in_the_commune(officer_client, unit, officer):
    response = officer_client.post("/producers/new/", {**PRODUCER_DATA, "commune": unit("13696").pk})
    producer = Producer.objects.get(name="Hộ bà Vũ Thị Cúc")
    assert response.status_code == 302
    assert producer.commune.code == "13696" and producer.created_by == officer


def test_officer_cannot_create_a_producer_in_another_commune(officer_client, unit):
    response = officer_client.post("/producers/new/", {**PRODUCER_DATA, "commune": unit("14155").pk})
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not Producer.objects.exists()


def test_district_officer_manages_producers_and_products_of_its_communes_only(client, unit):
    client.force_login(DistrictOfficerFactory(unit=unit("365")))
    outside = client.post("/producers/new/", {**PRODUCER_DATA, "commune": unit("13696").pk})
    assert "commune" in outside.context["form"].errors and not Producer.objects.exists()
    assert client.post("/producers/new/", {**PRODUCER_DATA, "commune": unit("14161").pk}).status_code == 302
    producer = Producer.objects.get(commune__code="14161")
    assert client.post(f"/producers/{producer.pk}/products/new/", PRODUCT_DATA).status_code == 302
    product = producer.products.get()
    assert client.post(f"/producers/products/{product.pk}/active/", {"active": "0"}).status_code == 302
    product.refresh_from_db()
    assert not product.is_active


@pytest.mark.parametrize(("field", "value"), [("zalo_url", "https://evil.example/zalo"), ("phone", "call me")])
def test_bad_contact_details_are_form_errors(officer_client, unit, field, value):
    data = {**PRODUCER_DATA, "commune": unit("13696").pk, field: value}
    response = officer_client.post("/producers/new/", data)
    assert field in response.context["form"].errors


def test_producer_outside_scope_is_404_for_every_page(officer_client, unit):
    other = ProducerFactory(commune=unit("14155"))
    product = ProductFactory(producer=other)
    assert officer_client.get(f"/producers/{other.pk}/").status_code == 404
    assert officer_client.get(f"/producers/{other.pk}/edit/").status_code == 404
    assert officer_client.get(f"/producers/products/{product.pk}/").status_code == 404
    assert officer_client.post(f"/producers/products/{product.pk}/active/", {"active": "0"}).status_code == 404
    product.refresh_from_db()
    assert product.is_active


def test_officer_edits_a_producer(officer_client, unit, producer):
    data = {**PRODUCER_DATA, "commune": unit("13696").pk, "name": "HTX Hoa Nam Phong"}
    assert officer_client.post(f"/producers/{producer.pk}/edit/", data).status_code == 302
    producer.refresh_from_db()
    assert producer.name == "HTX Hoa Nam Phong"


def test_ocop_certification_needs_3_to_5_stars(officer_client, producer):
    url = f"/producers/{producer.pk}/certifications/new/"
    for stars in ("", "2", "6"):
        response = officer_client.post(url, {"kind": "ocop", "stars": stars, "expires_on": "2028-06-30"})
        assert "stars" in response.context["form"].errors
    assert officer_client.post(url, {"kind": "vietgap", "stars": "4"}).context["form"].errors
    response = officer_client.post(url, {"kind": "ocop", "stars": "4", "expires_on": "2028-06-30"})
    assert response.status_code == 302
    cert = producer.certifications.get()
    assert (cert.kind, cert.stars, cert.expires_on.isoformat()) == ("ocop", 4, "2028-06-30")


def test_certification_edit_and_delete(officer_client, producer):
    cert = OcopCertificationFactory(producer=producer, stars=3)
    data = {"kind": "ocop", "stars": "5", "expires_on": "2029-01-01"}
    assert officer_client.post(f"/producers/certifications/{cert.pk}/edit/", data).status_code == 302
    cert.refresh_from_db()
    assert cert.stars == 5
    assert officer_client.post(f"/producers/certifications/{cert.pk}/delete/").status_code == 302
    assert not Certification.objects.exists()


def test_officer_creates_a_product_with_a_gtin_stored_as_14_digits(officer_client, producer):
    response = officer_client.post(f"/producers/{producer.pk}/products/new/", {**PRODUCT_DATA, "gtin": "8938500123450"})
    product = Product.objects.get(name="Cúc mâm xôi")
    assert response.status_code == 302
    assert product.gtin == "08938500123450" and product.producer == producer and product.is_active
    assert len(product.code) == 8 and product.code.isupper()


@pytest.mark.parametrize("gtin", ["8938500123451", "12345", "abcdefghijklm"])
def test_gtin_with_a_wrong_check_digit_or_length_is_refused(officer_client, producer, gtin):
    response = officer_client.post(f"/producers/{producer.pk}/products/new/", {**PRODUCT_DATA, "gtin": gtin})
    assert "gtin" in response.context["form"].errors
    assert not Product.objects.exists()


def test_the_same_gtin_twice_is_refused_whatever_its_length(officer_client, producer):
    ProductFactory(producer=producer, gtin="08938500123450")
    response = officer_client.post(f"/producers/{producer.pk}/products/new/", {**PRODUCT_DATA, "gtin": "8938500123450"})
    assert "gtin" in response.context["form"].errors


def test_price_range_must_be_ordered(officer_client, producer):
    data = {**PRODUCT_DATA, "price_min": "300000", "price_max": "100000"}
    response = officer_client.post(f"/producers/{producer.pk}/products/new/", data)
    assert "price_max" in response.context["form"].errors


def test_product_edit_shows_up_on_the_cached_public_page(officer_client, client, producer):
    product = ProductFactory(producer=producer, name="Đào cành")
    officer_client.get(f"/p/{product.code}/")
    data = {**PRODUCT_DATA, "name": "Đào cành Tết"}
    assert officer_client.post(f"/producers/products/{product.pk}/", data).status_code == 302
    assert "Đào cành Tết" in officer_client.get(f"/p/{product.code}/").content.decode()


def test_deactivate_and_reactivate_a_product(officer_client, producer):
    product = ProductFactory(producer=producer)
    assert officer_client.get(f"/p/{product.code}/").status_code == 200
    officer_client.post(f"/producers/products/{product.pk}/active/", {"active": "0"})
    product.refresh_from_db()
    assert not product.is_active
    assert officer_client.get(f"/p/{product.code}/").status_code == 410
    officer_client.post(f"/producers/products/{product.pk}/active/", {"active": "1"})
    assert officer_client.get(f"/p/{product.code}/").status_code == 200


def test_photo_upload_makes_a_thumbnail_once(officer_client, producer):
    product = ProductFactory(producer=producer)
    response = officer_client.post(
        f"/producers/products/{product.pk}/photos/", {"image": image_upload(1200, 800), "alt": "Chậu cúc"}
    )
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product=product)
    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (480, 320)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (480, 320)
    with Image.open(photo.image.path) as original:
        assert original.size == (1200, 800)


def test_thumbnail_follows_the_exif_orientation(officer_client, producer):
    product = ProductFactory(producer=producer)
    # Orientation 6: the camera held upright stored the picture on its side.
    officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": image_upload(1200, 800, orientation=6)})
    photo = ProductPhoto.objects.get(product=product)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (320, 480)


def test_png_with_transparency_becomes_a_jpeg_thumbnail(officer_client, producer):
    product = ProductFactory(producer=producer)
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (255, 0, 0, 0)).save(out, "PNG")
    upload = SimpleUploadedFile("hoa.png", out.getvalue(), content_type="image/png")
    assert officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": upload}).status_code == 302
    photo = ProductPhoto.objects.get(product=product)
    assert photo.thumbnail.name.endswith(".jpg") and (photo.thumbnail_width, photo.thumbnail_height) == (300, 200)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("not-a-photo.jpg", b"%PDF-1.4 this is not an image", content_type="image/jpeg"),
        SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg"),
    ],
)
def test_non_images_are_refused_with_a_form_error(officer_client, producer, upload):
    product = ProductFactory(producer=producer)
    response = officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": upload})
    assert response.status_code == 200
    assert "image" in response.context["photo_form"].errors
    assert not ProductPhoto.objects.exists()


def test_photo_delete_removes_the_row(officer_client, producer, django_capture_on_commit_callbacks):
    product = ProductFactory(producer=producer)
    officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": image_upload()})
    photo = ProductPhoto.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(f"/producers/photos/{photo.pk}/delete/").status_code == 302
    assert not ProductPhoto.objects.exists()
    assert not photo.thumbnail.storage.exists(photo.thumbnail.name)


def test_producer_photo_upload_shows_on_every_product_page_of_the_producer(officer_client, producer, client):
    products = [ProductFactory(producer=producer), ProductFactory(producer=producer)]
    for product in products:
        assert client.get(f"/p/{product.code}/").status_code == 200  # cached without the photo
    response = officer_client.post(
        f"/producers/{producer.pk}/photos/", {"image": image_upload(900, 600), "alt": "Vườn"}
    )
    assert response.status_code == 302
    photo = ProducerPhoto.objects.get(producer=producer)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (480, 320)
    assert photo.image.name.startswith("producers/") and photo.thumbnail.name.startswith("producers/thumbs/")
    for product in products:
        page = client.get(f"/p/{product.code}/").content.decode()
        assert 'data-testid="producer-photos"' in page and photo.thumbnail.url in page


def test_producer_photo_must_be_an_image_and_can_be_removed(
    officer_client, producer, django_capture_on_commit_callbacks
):
    bad = SimpleUploadedFile("vuon.jpg", b"not an image", content_type="image/jpeg")
    response = officer_client.post(f"/producers/{producer.pk}/photos/", {"image": bad})
    assert response.status_code == 200 and "image" in response.context["photo_form"].errors
    assert not ProducerPhoto.objects.exists()
    officer_client.post(f"/producers/{producer.pk}/photos/", {"image": image_upload()})
    photo = ProducerPhoto.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert officer_client.post(f"/producers/photos/producer/{photo.pk}/delete/").status_code == 302
    assert not ProducerPhoto.objects.exists()
    assert not photo.image.storage.exists(photo.image.name)


def test_producer_photos_of_another_commune_are_out_of_reach(officer_client, unit):
    elsewhere = ProducerFactory(commune=unit("14161"))
    assert officer_client.post(f"/producers/{elsewhere.pk}/photos/", {"image": image_upload()}).status_code == 404
    assert not ProducerPhoto.objects.exists()


def test_lots_are_added_once_per_code_and_deleted(officer_client, producer):
    product = ProductFactory(producer=producer)
    url = f"/producers/products/{product.pk}/lots/"
    assert officer_client.post(url, {"code": "L2025-11", "produced_on": "2025-11-02"}).status_code == 302
    response = officer_client.post(url, {"code": "L2025-11", "produced_on": "2025-11-03"})
    assert "code" in response.context["lot_form"].errors
    assert "code" in officer_client.post(url, {"code": "L 1"}).context["lot_form"].errors
    lot = Lot.objects.get()
    assert lot.produced_on.isoformat() == "2025-11-02"
    assert officer_client.post(f"/producers/lots/{lot.pk}/delete/").status_code == 302
    assert not Lot.objects.exists()


def test_staff_pages_render(officer_client, producer):
    product = ProductFactory(producer=producer)
    for url in (
        "/producers/",
        "/producers/new/",
        f"/producers/{producer.pk}/",
        f"/producers/{producer.pk}/edit/",
        f"/producers/{producer.pk}/products/new/",
        f"/producers/{producer.pk}/certifications/new/",
        f"/producers/products/{product.pk}/",
    ):
        assert officer_client.get(url).status_code == 200, url


def test_staff_nav_links_to_producers_for_staff_only(officer_client, client):
    assert "/producers/" in [url for _label, url in officer_client.get("/producers/").context["nav_items"]]
    learner = UserFactory()
    client.force_login(learner)
    assert "/producers/" not in [url for _label, url in client.get("/").context["nav_items"]]
