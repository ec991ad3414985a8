"""QR images of product pages: what they encode, their quiet zone, caching and answers."""

import io
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.core.cache import cache
from PIL import Image, ImageOps
from qrcode.util import MODE_ALPHA_NUM

from core import qr as core_qr
from products import qr
from tests.products.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]
SVG_NS = "{http://www.w3.org/2000/svg}"


def decode_qr_texts(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png)).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_png_decodes_to_the_absolute_url_of_the_product_page(client):
    product = ProductFactory(name="Đào thế Nhật Tân")
    response = client.get(f"/p/{product.code}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"]
    assert decode_qr_texts(response.content) == [f"HTTP://TESTSERVER/P/{product.code}/"]

    # The encoded URL itself opens the product page (no redirect on a phone's slow network).
    page = client.get(urlsplit(f"HTTP://TESTSERVER/P/{product.code}/").path)
    assert page.status_code == 200
    assert product.name in page.content.decode()


def test_public_base_url_setting_is_what_the_qr_encodes_in_alphanumeric_mode(client, settings):
    settings.PUBLIC_BASE_URL = "https://sanpham.namdinh.gov.vn/"
    product = ProductFactory()
    response = client.get(f"/p/{product.code}/qr.png")
    expected = f"HTTPS://SANPHAM.NAMDINH.GOV.VN/P/{product.code}/"
    assert decode_qr_texts(response.content) == [expected]
    symbol = core_qr.build_qr(expected)
    assert [chunk.mode for chunk in symbol.data_list] == [MODE_ALPHA_NUM]
    assert symbol.error_correction == core_qr.ERROR_CORRECTION == 3  # qrcode's constant for level Q


@pytest.mark.parametrize("size", ["128", "300", "512", "1000"])
def test_png_has_a_white_quiet_zone_of_four_modules(client, size):
    product = ProductFactory()
    png = client.get(f"/p/{product.code}/qr.png", {"size": size}).content
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    assert width == height <= int(size)

    left, top, right, bottom = ImageOps.invert(image).getbbox()  # the box around every dark pixel
    # The top-left finder pattern starts the symbol: its first row is 7 dark modules wide.
    run = 0
    while image.getpixel((left + run, top)) < 128:
        run += 1
    assert run % 7 == 0
    module = run // 7
    assert left == top == 4 * module
    assert width - right == height - bottom == 4 * module
    symbol_modules = (right - left) // module
    assert (symbol_modules - 17) % 4 == 0  # 21, 25, 29… modules: a real QR version
    assert width == (symbol_modules + 8) * module


def test_svg_is_xml_with_a_view_box_of_the_symbol_plus_quiet_zone(client):
    product = ProductFactory()
    response = client.get(f"/p/{product.code}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{SVG_NS}svg"
    version = core_qr.build_qr(f"HTTP://TESTSERVER/P/{product.code}/").version
    side = 4 * version + 17 + 2 * 4
    assert root.get("viewBox") == f"0 0 {side} {side}"
    path = root.find(f"{SVG_NS}path").get("d")
    starts = [tuple(map(int, move.split("h")[0].split())) for move in path.split("M")[1:]]
    assert min(x for x, _ in starts) == 4 and min(y for _, y in starts) == 4
    assert max(y for _, y in starts) == side - 5


def test_second_request_is_served_from_the_cache_without_sql_or_rendering(
    client, monkeypatch, django_assert_num_queries
):
    product = ProductFactory()
    renders = []
    real_render = qr.render_png
    monkeypatch.setattr(qr, "render_png", lambda *a: renders.append(a) or real_render(*a))

    first = client.get(f"/p/{product.code}/qr.png", {"size": 400})
    with django_assert_num_queries(0):
        second = client.get(f"/p/{product.code}/qr.png", {"size": 400})
    assert len(renders) == 1
    assert second.content == first.content
    box_size = core_qr.box_size_for(f"HTTP://TESTSERVER/P/{product.code}/", 400)
    assert cache.get(qr._image_key(product.code, "png", box_size, "http://testserver")) == first.content


def test_matching_etag_answers_304(client):
    product = ProductFactory()
    first = client.get(f"/p/{product.code}/qr.svg")
    again = client.get(f"/p/{product.code}/qr.svg", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_lower_case_code_serves_the_same_qr(client):
    product = ProductFactory()
    response = client.get(f"/p/{product.code.lower()}/qr.png")
    assert decode_qr_texts(response.content) == [f"HTTP://TESTSERVER/P/{product.code}/"]


@pytest.mark.parametrize("path", ["/p/ZZZZ2345/qr.png", "/p/ZZZZ2345/qr.svg", "/p/ab$%25/qr.png", "/p/x/qr.svg"])
def test_unknown_or_malformed_code_is_404(client, path):
    ProductFactory()
    assert client.get(path).status_code == 404


def test_deactivated_product_is_410_even_after_its_qr_was_cached(client):
    product = ProductFactory()
    assert client.get(f"/p/{product.code}/qr.png").status_code == 200
    product.is_active = False
    product.save()
    assert client.get(f"/p/{product.code}/qr.png").status_code == 410
    assert client.get(f"/p/{product.code}/qr.svg").status_code == 410
    product.is_active = True
    product.save()
    assert client.get(f"/p/{product.code}/qr.svg").status_code == 200


@pytest.mark.parametrize(
    ("size", "status", "max_width", "min_width"),
    [("abc", 400, None, None), ("-5", 400, None, None), ("1e3", 400, None, None), ("5", 200, 128, 90),
     ("99999999999", 200, 2048, 1900), ("", 200, 512, 470)],
)  # fmt: skip
def test_png_size_is_validated_and_clamped(client, size, status, max_width, min_width):
    product = ProductFactory()
    response = client.get(f"/p/{product.code}/qr.png", {"size": size})
    assert response.status_code == status
    if status == 200:
        width = Image.open(io.BytesIO(response.content)).size[0]
        assert min_width <= width <= max_width


def test_qr_images_are_public_but_not_writable(client):
    product = ProductFactory()
    assert client.get(f"/p/{product.code}/qr.svg").status_code == 200
    assert client.post(f"/p/{product.code}/qr.svg").status_code == 405
