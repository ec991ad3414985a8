"""Producer and product photos: only JPEG/PNG/WebP of a sane pixel count; no metadata is published."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from products.models import ProducerPhoto, ProductPhoto
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]

GPS_IFD = 0x8825
CAMERA_SERIAL = 0xA431
SECRET = b"PhongLoc-20.4388N-106.1621E"


@pytest.fixture
def product(unit):
    return ProductFactory(producer=ProducerFactory(commune=unit("13696")))


def phone_jpeg(orientation: int | None = None) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: GPS position, camera serial, XMP and a comment."""
    exif = Image.Exif()
    exif[0x010F] = "Samsung"
    exif[CAMERA_SERIAL] = SECRET.decode()
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 26.0, 19.0), 3: "E", 4: (106.0, 9.0, 43.0)})
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>' + SECRET + b"</exif:GPSLatitude></x:xmpmeta>"
    Image.new("RGB", (600, 400), "#2d6a4f").save(out, "JPEG", exif=exif.tobytes(), xmp=xmp, comment=SECRET)
    return SimpleUploadedFile("IMG_2041.jpg", out.getvalue(), content_type="image/jpeg")


def encoded(kind: str, size=(60, 40), **options) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, "#2d6a4f").save(out, kind, **options)
    return SimpleUploadedFile(f"anh.{kind.lower()}", out.getvalue(), content_type=f"image/{kind.lower()}")


def assert_no_metadata(path) -> None:
    with open(path, "rb") as handle:
        data = handle.read()
    assert SECRET not in data and b"Samsung" not in data
    with Image.open(path) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD) and CAMERA_SERIAL not in exif


def test_the_stored_original_and_thumbnail_of_a_product_photo_carry_no_gps_or_camera_data(officer_client, product):
    response = officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": phone_jpeg()})
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product=product)
    assert_no_metadata(photo.image.path)
    assert_no_metadata(photo.thumbnail.path)
    with Image.open(photo.image.path) as original:
        assert original.format == "JPEG" and original.size == (600, 400)


def test_producer_photos_are_stripped_too(officer_client, product):
    producer = product.producer
    response = officer_client.post(f"/producers/{producer.pk}/photos/", {"image": phone_jpeg()})
    assert response.status_code == 302
    photo = ProducerPhoto.objects.get(producer=producer)
    assert_no_metadata(photo.image.path)
    # The public page links the original: the link points at the stripped file.
    assert photo.image.url in officer_client.get(f"/p/{product.code}/").content.decode()


def test_the_original_is_stored_upright_once_its_orientation_tag_is_gone(officer_client, product):
    officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": phone_jpeg(orientation=6)})
    with Image.open(ProductPhoto.objects.get().image.path) as original:
        assert original.size == (400, 600)


def test_a_png_keeps_its_format_but_loses_its_text_chunks(officer_client, product):
    text = PngImagePlugin.PngInfo()
    text.add_text("Location", SECRET.decode())
    upload = encoded("PNG", pnginfo=text)
    assert officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": upload}).status_code == 302
    photo = ProductPhoto.objects.get()
    assert photo.image.name.endswith(".png")
    assert_no_metadata(photo.image.path)


@pytest.mark.parametrize("kind", ["GIF", "BMP", "TIFF"])
def test_formats_other_than_jpeg_png_webp_are_refused(officer_client, product, kind):
    response = officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": encoded(kind)})
    assert response.status_code == 200
    assert response.context["photo_form"].has_error("image")
    assert not ProductPhoto.objects.exists()


def test_webp_is_accepted(officer_client, product):
    response = officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": encoded("WEBP")})
    assert response.status_code == 302
    assert ProductPhoto.objects.get().image.name.endswith(".webp")


def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(officer_client, product):
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, "PNG")  # 56 megapixels in a few kilobytes
    huge = SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")
    response = officer_client.post(f"/producers/products/{product.pk}/photos/", {"image": huge})
    assert response.status_code == 200
    assert response.context["photo_form"].has_error("image", "pixels")
    assert not ProductPhoto.objects.exists()
