"""core.images checks a photo by its content wherever it comes from; core.codes makes readable codes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from core.codes import CODE_ALPHABET, new_code
from core.images import make_thumbnail, strip_metadata, validate_photo


def image_file(kind: str, size=(60, 40), mode="RGB", name="anh") -> ContentFile:
    out = io.BytesIO()
    Image.new(mode, size).save(out, kind)
    return ContentFile(out.getvalue(), name=f"{name}.{kind.lower()}")


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_plain_file_of_an_accepted_format_passes_and_is_left_rewound(kind):
    upload = image_file(kind)
    validate_photo(upload)
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (ContentFile(b"GIF89a not really", name="anh.jpg"), "format"),
        (ContentFile(b"\x00" * 100, name="anh.png"), "format"),
        (image_file("GIF", mode="P"), "format"),
        (image_file("PNG", size=(8000, 7000), mode="1"), "pixels"),
        (ContentFile(b"\x00" * (10 * 1024 * 1024 + 1), name="anh.jpg"), "size"),
    ],
)
def test_a_file_that_is_not_a_sane_photo_is_refused_by_its_content(upload, code):
    with pytest.raises(ValidationError) as refused:
        validate_photo(upload)
    assert refused.value.code == code


def test_thumbnail_and_stripped_original_keep_no_exif():
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # camera maker
    out = io.BytesIO()
    Image.new("RGB", (1200, 800)).save(out, "JPEG", exif=exif.tobytes())
    thumb, width, height = make_thumbnail(out.getvalue())
    clean, extension = strip_metadata(out.getvalue())
    assert (width, height, extension) == (480, 320, "jpg")
    for data in (thumb, clean):
        assert b"Samsung" not in data
        assert not Image.open(io.BytesIO(data)).getexif()


def test_codes_use_only_the_readable_alphabet_and_differ():
    codes = {new_code(8) for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01ILO") & set(CODE_ALPHABET)
