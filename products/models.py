"""Local producers and their products, each reachable by a short code printed as a QR label."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codes import new_code
from core.models import FoldedSearchModel

CODE_LENGTH = 8


def new_product_code() -> str:
    return new_code(CODE_LENGTH)


def gtin_check_digit_ok(gtin: str) -> bool:
    """GS1 mod-10 check digit of a GTIN-8/12/13/14."""
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        return False
    digits = [int(d) for d in gtin]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def normalise_gtin(raw: str | None) -> str | None:
    """A valid GTIN-8/12/13/14 as its 14-digit form (left-padded with zeros), else None.

    GTINs are stored in this form (Product.save), so one item entered as GTIN-13 or GTIN-14 is one
    row and the GS1 Digital Link lookup is one exact match.
    """
    raw = (raw or "").strip()
    if not gtin_check_digit_ok(raw):
        return None
    return raw.zfill(14)


def validate_gtin(value: str) -> None:
    if not gtin_check_digit_ok(value):
        raise ValidationError(
            _("“%(value)s” is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)."),
            params={"value": value},
        )


class Category(models.TextChoices):
    FLOWERS = "flowers", _("Flowers")
    ORNAMENTAL_PLANTS = "ornamental_plants", _("Ornamental plants")
    RICE = "rice", _("Rice")
    SEAFOOD = "seafood", _("Seafood")
    HANDICRAFT = "handicraft", _("Handicraft")
    FOOD = "food", _("Processed food")
    OTHER = "other", _("Other")


class Producer(FoldedSearchModel):
    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Enterprise")

    commune = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="producers"
    )
    name = models.CharField(_("name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOUSEHOLD)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    zalo_url = models.URLField(_("Zalo link"), blank=True)
    address = models.CharField(_("address / location"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    folded_fields = {"name_folded": "name"}

    def __str__(self) -> str:
        return self.name


class Certification(models.Model):
    class Kind(models.TextChoices):
        OCOP = "ocop", "OCOP"
        VIETGAP = "vietgap", "VietGAP"
        GLOBALGAP = "globalgap", "GlobalG.A.P."
        ORGANIC = "organic", _("Organic")
        OTHER = "other", _("Other")

    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stars = models.PositiveSmallIntegerField(
        _("OCOP stars"), null=True, blank=True, validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-stars"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="ocop") & Q(stars__gte=3, stars__lte=5)) | (~Q(kind="ocop") & Q(stars__isnull=True)),
                name="certification_ocop_has_3_to_5_stars",
            )
        ]

    def __str__(self) -> str:
        return f"OCOP {self.stars}★" if self.kind == self.Kind.OCOP else self.get_kind_display()


class Product(FoldedSearchModel):
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="products"
    )
    code = models.CharField(_("QR code"), max_length=16, unique=True, default=new_product_code, editable=False)
    name = models.CharField(_("name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    price_min = models.PositiveIntegerField(_("lowest price (VND)"), null=True, blank=True)
    price_max = models.PositiveIntegerField(_("highest price (VND)"), null=True, blank=True)
    price_unit = models.CharField(_("price per"), max_length=30, blank=True, help_text=_("e.g. chậu, kg, bó"))
    season = models.CharField(_("season"), max_length=100, blank=True)
    gtin = models.CharField(_("GTIN"), max_length=14, null=True, blank=True, unique=True, validators=[validate_gtin])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [models.Index(fields=["category", "is_active"], name="product_category_active")]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=models.F("price_min")),
                name="product_price_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    folded_fields = {"name_folded": "name"}

    def clean(self) -> None:
        self.gtin = normalise_gtin(self.gtin) or self.gtin or None

    def save(self, *args, **kwargs):
        # However the product is saved (form, admin, shell), a GTIN is stored in its 14-digit form.
        self.gtin = normalise_gtin(self.gtin) or self.gtin or None
        super().save(*args, **kwargs)


def _photo_path(photo: "Photo", filename: str) -> str:
    return f"{photo.photo_folder}/{timezone.now():%Y/%m}/{filename}"


def _thumbnail_path(photo: "Photo", filename: str) -> str:
    return f"{photo.photo_folder}/thumbs/{timezone.now():%Y/%m}/{filename}"


class Photo(models.Model):
    """An uploaded photo with its thumbnail, made once at upload (Pillow), never per request."""

    photo_folder = "photos"
    owner_field = ""  # the foreign key to what the photo shows (a product, a producer)

    image = models.ImageField(_("photo"), upload_to=_photo_path)
    thumbnail = models.ImageField(upload_to=_thumbnail_path, blank=True, editable=False)
    # Stored with the thumbnail so the public page sets width/height without opening the file.
    thumbnail_width = models.PositiveSmallIntegerField(default=0, editable=False)
    thumbnail_height = models.PositiveSmallIntegerField(default=0, editable=False)
    alt = models.CharField(_("description of the photo"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.alt or self.image.name


class ProductPhoto(Photo):
    photo_folder = "products"
    owner_field = "product"

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos")


class ProducerPhoto(Photo):
    """The farm, the workshop, the growers: shown with the producer on every product page."""

    photo_folder = "producers"
    owner_field = "producer"

    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="photos")


class Lot(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="lots")
    code = models.CharField(_("lot / batch"), max_length=20)
    produced_on = models.DateField(_("production date"), null=True, blank=True)

    class Meta:
        ordering = ["-produced_on", "code"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="lot_unique_per_product")]

    def __str__(self) -> str:
        return self.code
