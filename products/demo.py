"""Demo producers of Xã Nam Phong with products and generated photos; "large" adds benchmark volumes."""

import io
import random
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from core.images import make_thumbnail
from core.pdf import FONT_BOLD, font_path
from core.text import fold
from units.models import AdministrativeUnit

from . import services
from .models import Category, Certification, Lot, Producer, Product, ProductPhoto, gtin_check_digit_ok, normalise_gtin

NAM_PHONG = "13696"
# Vendored with the label sheets; Pillow's default font has no Vietnamese letters.
LABEL_FONT = font_path(FONT_BOLD)
LARGE_PRODUCER_PREFIX = "Cơ sở sản xuất mẫu"
LARGE_PRODUCTS_PER_PRODUCER = 10

FLOWER, PLANT = Category.FLOWERS, Category.ORNAMENTAL_PLANTS
# producer name, kind, phone, address, [(product, category, price min, max, unit, season, description)]
NAM_PHONG_PRODUCERS = [
    (
        "HTX Hoa cây cảnh Nam Phong",
        Producer.Kind.COOPERATIVE,
        "0228 3 123 456",
        "Thôn Phù Long, xã Nam Phong",
        [
            ("Đào phai Nam Phong", FLOWER, 800_000, 5_000_000, "cây", "Tháng Chạp – tháng Giêng", "Đào phai, nụ dày."),
            ("Quất cảnh chậu", PLANT, 600_000, 3_500_000, "chậu", "Tết Nguyên đán", "Quất chậu sai quả, dáng tròn."),
            ("Cúc vàng chậu", FLOWER, 60_000, 120_000, "chậu", "Quanh năm", "Cúc vàng chậu nhỏ bày bàn thờ."),
        ],
    ),
    (
        "Hộ ông Trần Văn Bình – vườn đào",
        Producer.Kind.HOUSEHOLD,
        "0912 345 678",
        "Xóm 3, thôn Phù Nghĩa",
        [
            ("Đào bích thế", FLOWER, 1_500_000, 15_000_000, "cây", "Tết Nguyên đán", "Đào bích hoa đỏ thắm."),
            ("Đào cành", FLOWER, 150_000, 600_000, "cành", "Tháng Chạp", ""),
        ],
    ),
    (
        "Hộ bà Nguyễn Thị Lan – hoa lan",
        Producer.Kind.HOUSEHOLD,
        "0987 654 321",
        "Thôn Vị Khê",
        [
            ("Lan hồ điệp 5 cành", FLOWER, 900_000, 2_000_000, "chậu", "Quanh năm", "Lan hồ điệp ghép chậu sứ."),
            ("Lan kiếm", FLOWER, 300_000, 1_200_000, "chậu", "Tết Nguyên đán", ""),
        ],
    ),
    (
        "Hộ ông Phạm Văn Thế – cây thế",
        Producer.Kind.HOUSEHOLD,
        "0903 222 111",
        "Thôn Vị Khê",
        [
            ("Cây thế sanh", PLANT, 2_000_000, 30_000_000, "cây", "Quanh năm", "Sanh dáng trực, tuổi 15 năm."),
            ("Tùng la hán bonsai", PLANT, 1_000_000, 8_000_000, "cây", "Quanh năm", ""),
        ],
    ),
    (
        "Hộ bà Vũ Thị Cúc – hoa cúc",
        Producer.Kind.HOUSEHOLD,
        "0977 888 999",
        "Thôn Phong Lộc",
        [
            ("Cúc mâm xôi", FLOWER, 80_000, 250_000, "chậu", "Tháng 10 – tháng 1", "Cúc mâm xôi vàng, nở đều."),
            ("Cúc họa mi", FLOWER, 40_000, 90_000, "bó", "Tháng 11 – tháng 12", ""),
        ],
    ),
]
GTIN_PRODUCT = "Quất cảnh chậu"
PALETTE = {FLOWER: ("#fde2e4", "#e5383b"), PLANT: ("#e9f5db", "#2d6a4f")}


def gtin_from_body(body: str) -> str:
    """Complete a GTIN body with its check digit."""
    return next(body + str(d) for d in range(10) if gtin_check_digit_ok(body + str(d)))


def placeholder_jpeg(label: str, category: str, seed: int, size: tuple[int, int] = (800, 600)) -> bytes:
    """A drawn stand-in photo: a few flowers or leaves and the product name."""
    background, accent = PALETTE.get(category, ("#e7f1ff", "#0d6efd"))
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for _ in range(14):
        x, y, r = rng.randint(40, size[0] - 40), rng.randint(40, size[1] - 140), rng.randint(18, 46)
        for dx, dy in ((r, 0), (-r, 0), (0, r), (0, -r)):
            draw.ellipse((x + dx - r, y + dy - r, x + dx + r, y + dy + r), fill=accent)
        draw.ellipse((x - r // 2, y - r // 2, x + r // 2, y + r // 2), fill="#ffd60a")
    draw.rectangle((0, size[1] - 90, size[0], size[1]), fill="#ffffff")
    draw.text((30, size[1] - 64), label, fill="#212529", font=ImageFont.truetype(str(LABEL_FONT), 36))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def seed(scale: str, stdout) -> None:
    seed_nam_phong(stdout)
    if scale == "large":
        seed_large(2000, stdout)


def seed_nam_phong(stdout) -> None:
    commune = AdministrativeUnit.objects.filter(code=NAM_PHONG).first()
    if commune is None:
        stdout.write("products demo: Xã Nam Phong is not imported, skipped")
        return
    today = timezone.localdate()
    for index, (name, kind, phone, address, products) in enumerate(NAM_PHONG_PRODUCERS):
        producer, created = Producer.objects.get_or_create(
            commune=commune,
            name=name,
            defaults={
                "kind": kind,
                "phone": phone,
                "zalo_url": "https://zalo.me/" + "".join(ch for ch in phone if ch.isdigit()),
                "address": address,
            },
        )
        if created:
            stdout.write(f"demo producer {name} created")
        if not producer.photos.exists():
            data = placeholder_jpeg(name, products[0][1], seed=index * 100 + 99)
            services.add_photo(producer, ContentFile(data, name=f"{fold(name).replace(' ', '-')}.jpg"))
        if index == 0:
            Certification.objects.get_or_create(
                producer=producer,
                kind=Certification.Kind.OCOP,
                defaults={
                    "stars": 4,
                    "number": "OCOP-ND-2025-014",
                    "issued_on": today - timedelta(days=300),
                    "expires_on": date(today.year + 2, 6, 30),
                },
            )
            Certification.objects.get_or_create(producer=producer, kind=Certification.Kind.VIETGAP)
        for position, (pname, category, low, high, unit, season, description) in enumerate(products):
            product, _created = Product.objects.get_or_create(
                producer=producer,
                name=pname,
                defaults={
                    "category": category,
                    "price_min": low,
                    "price_max": high,
                    "price_unit": unit,
                    "season": season,
                    "description": description,
                    "gtin": normalise_gtin(gtin_from_body("893850012345")) if pname == GTIN_PRODUCT else None,
                },
            )
            if not product.photos.exists():
                for n in range(2 if position == 0 else 1):
                    data = placeholder_jpeg(pname, category, seed=index * 100 + position * 10 + n)
                    services.add_photo(product, ContentFile(data, name=f"{fold(pname).replace(' ', '-')}-{n}.jpg"))
            if pname == GTIN_PRODUCT:
                for lot_index, code in enumerate(("L2025-11", "L2025-12")):
                    produced_on = today - timedelta(days=60 - 30 * lot_index)
                    Lot.objects.get_or_create(product=product, code=code, defaults={"produced_on": produced_on})


def seed_large(count: int, stdout) -> list[str]:
    """At least `count` active products spread over every commune, sharing a few generated photos."""
    existing = list(
        Product.objects.filter(producer__name__startswith=LARGE_PRODUCER_PREFIX, is_active=True).values_list(
            "code", flat=True
        )
    )
    if len(existing) >= count:
        return existing
    communes = list(AdministrativeUnit.objects.current().filter(level=AdministrativeUnit.Level.COMMUNE))
    start = Producer.objects.filter(name__startswith=LARGE_PRODUCER_PREFIX).count()
    producers_needed = -(-(count - len(existing)) // LARGE_PRODUCTS_PER_PRODUCER)
    producers = Producer.objects.bulk_create(
        [
            Producer(
                commune=communes[(start + i) % len(communes)],
                name=f"{LARGE_PRODUCER_PREFIX} {start + i + 1}",
                phone="0912 000 " + f"{(start + i) % 1000:03d}",
                zalo_url="https://zalo.me/0912000000",
                address="Thôn mẫu",
            )
            for i in range(producers_needed)
        ]
    )
    shared_photos = {category: _shared_photo(category) for category in (FLOWER, PLANT)}
    products = []
    for producer in producers:
        for n in range(LARGE_PRODUCTS_PER_PRODUCER):
            category = FLOWER if n % 2 == 0 else PLANT
            name = f"{'Hoa' if category == FLOWER else 'Cây cảnh'} mẫu {producer.pk}-{n + 1}"
            products.append(
                Product(
                    producer=producer,
                    name=name,
                    category=category,
                    price_min=100_000 + 10_000 * n,
                    price_max=500_000 + 10_000 * n,
                    price_unit="chậu",
                    season="Tết Nguyên đán",
                    description="Sản phẩm mẫu cho đo hiệu năng.",
                )
            )
    products = Product.objects.bulk_create(products, batch_size=1000)
    ProductPhoto.objects.bulk_create(
        [ProductPhoto(product=p, position=0, **shared_photos[p.category]) for p in products], batch_size=1000
    )
    stdout.write(f"large products demo: {len(products)} products for {len(producers)} producers created")
    return existing + [p.code for p in products]


def _shared_photo(category: str) -> dict:
    """One stored image + thumbnail per category, referenced by many benchmark products."""
    data = placeholder_jpeg("Sản phẩm mẫu", category, seed=7)
    thumb, width, height = make_thumbnail(data)
    photo = ProductPhoto()
    photo.image.save(f"bench-{category}.jpg", ContentFile(data), save=False)
    photo.thumbnail.save(f"bench-{category}-thumb.jpg", ContentFile(thumb), save=False)
    return {
        "image": photo.image.name,
        "thumbnail": photo.thumbnail.name,
        "thumbnail_width": width,
        "thumbnail_height": height,
    }
