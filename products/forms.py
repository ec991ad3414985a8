from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import units_visible_to
from accounts.models import User
from core.images import validate_photo
from units.models import AdministrativeUnit

from .models import Certification, Lot, Producer, Product, normalise_gtin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProducerForm(forms.ModelForm):
    zalo_url = forms.URLField(label=_("Zalo link"), required=False, assume_scheme="https")

    class Meta:
        model = Producer
        fields = ["commune", "name", "kind", "phone", "zalo_url", "address", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        communes = units_visible_to(user).current().filter(level=AdministrativeUnit.Level.COMMUNE)
        self.fields["commune"].queryset = communes.order_by("name_folded")
        if user.unit_id and user.unit.level == AdministrativeUnit.Level.COMMUNE and not self.instance.pk:
            self.fields["commune"].initial = user.unit_id
        self.fields["zalo_url"].help_text = _("e.g. https://zalo.me/0912345678")

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = "".join(ch for ch in phone if ch.isdigit())
        if phone and not (8 <= len(digits) <= 15 and set(phone) <= set("0123456789 +.-()")):
            raise forms.ValidationError(_("Enter a phone number, e.g. 0912 345 678."))
        return phone

    def clean_zalo_url(self) -> str:
        url = self.cleaned_data["zalo_url"].strip()
        host = urlsplit(url).hostname or ""
        if url and not (host == "zalo.me" or host.endswith(".zalo.me")):
            raise forms.ValidationError(_("A Zalo link starts with https://zalo.me/."))
        return url


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "stars", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE_WIDGET, "expires_on": DATE_WIDGET}

    def clean(self):
        cleaned = super().clean()
        kind, stars = cleaned.get("kind"), cleaned.get("stars")
        if kind == Certification.Kind.OCOP and stars is None:
            self.add_error("stars", _("An OCOP certification has 3, 4 or 5 stars."))
        if kind and kind != Certification.Kind.OCOP and stars is not None:
            self.add_error("stars", _("Only OCOP certifications have stars."))
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", _("The expiry date must come after the issue date."))
        return cleaned


class ProductForm(forms.ModelForm):
    gtin = forms.CharField(
        label=_("GTIN (barcode number)"),
        required=False,
        max_length=20,
        help_text=_("Optional: 8, 12, 13 or 14 digits, stored as 14 digits."),
    )

    class Meta:
        model = Product
        fields = ["name", "category", "description", "price_min", "price_max", "price_unit", "season", "gtin"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_gtin(self) -> str | None:
        raw = "".join(self.cleaned_data["gtin"].split())
        if not raw:
            return None
        gtin = normalise_gtin(raw)
        if gtin is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)."),
                params={"value": raw},
            )
        return gtin

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", _("The highest price cannot be below the lowest price."))
        return cleaned


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["code", "produced_on"]
        widgets = {"produced_on": DATE_WIDGET}

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isascii() or not code.isprintable() or " " in code:
            raise forms.ValidationError(_("Use letters, digits and punctuation only, without spaces."))
        if self.product.lots.filter(code=code).exists():
            raise forms.ValidationError(_("This product already has a lot with that code."))
        return code


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))
    alt = forms.CharField(label=_("Description of the photo"), max_length=150, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_photo(image)
        return image


class LabelSheetForm(forms.Form):
    """How many labels of each product to print; one number field per product offered."""

    fill_page = forms.BooleanField(
        label=_("Fill the rest of the last A4 page with more copies of the chosen products"), required=False
    )

    def __init__(self, *args, products: list[Product], max_labels: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.products, self.max_labels = products, max_labels
        for product in products:
            self.fields[self.field_name(product)] = forms.IntegerField(
                label=product.name, min_value=0, max_value=max_labels, required=False, initial=0
            )

    @staticmethod
    def field_name(product: Product) -> str:
        return f"copies_{product.code}"

    def rows(self):
        """(product, its copies field) for the template's table."""
        return [(product, self[self.field_name(product)]) for product in self.products]

    def clean(self):
        data = super().clean()
        total = sum(data.get(self.field_name(p)) or 0 for p in self.products)
        if not self.errors and total == 0:
            raise forms.ValidationError(_("Choose at least one label: set a number of copies."), code="empty")
        if total > self.max_labels:
            raise forms.ValidationError(
                _("At most %(max)d labels at a time (you chose %(total)d).") % {"max": self.max_labels, "total": total},
                code="too_many",
            )
        return data

    def labels(self) -> list[Product]:
        """Each product as many times as asked, in the order offered."""
        chosen = []
        for product in self.products:
            chosen += [product] * (self.cleaned_data.get(self.field_name(product)) or 0)
        return chosen
