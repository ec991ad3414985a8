"""Activity attachments: type decided by content, size limited, photos re-encoded without metadata."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaigns import uploads
from campaigns.models import ActivityAttachment
from tests.campaigns.conftest import GIAO_HUONG
from tests.campaigns.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (20.0, 25.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def activity(unit):
    return ActivityFactory(unit=unit(GIAO_HUONG))


def _upload(client, activity, name, data, content_type="application/octet-stream"):
    return client.post(
        f"/activities/{activity.pk}/attachments/", {"file": SimpleUploadedFile(name, data, content_type=content_type)}
    )


def test_a_photo_is_stored_without_its_metadata(client_for, commune_officer, activity, media_and_cache):
    original = _jpeg_with_gps()
    assert dict(Image.open(io.BytesIO(original)).getexif())  # the upload does carry camera and GPS data
    response = _upload(client_for(commune_officer), activity, "anh.jpg", original, "image/jpeg")
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get()
    assert attachment.kind == "photo"
    with Image.open(attachment.file.path) as stored:
        assert dict(stored.getexif()) == {}


def test_a_pdf_and_a_word_file_are_accepted(client_for, commune_officer, activity, media_and_cache):
    import zipfile

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    client = client_for(commune_officer)
    _upload(client, activity, "bao-cao.pdf", b"%PDF-1.5\n%...")
    _upload(client, activity, "ke-hoach.docx", docx.getvalue())
    assert sorted(ActivityAttachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.jpg", b"<script>alert(1)</script>"),  # a name and type that lie
        ("bao-cao.pdf", b"MZ\x90\x00\x03"),  # an executable
        ("tai-lieu.zip", b"PK\x03\x04not-an-office-file"),  # a zip that is no Office document
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"broken"),  # a PNG header over garbage
    ],
)
def test_files_are_refused_by_content_not_name(client_for, commune_officer, activity, media_and_cache, name, data):
    response = _upload(client_for(commune_officer), activity, name, data, "image/jpeg")
    assert response.status_code == 302
    assert not ActivityAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(client_for, commune_officer, activity, media_and_cache):
    too_big = b"%PDF-1.5" + b"0" * uploads.MAX_ATTACHMENT_BYTES
    response = _upload(client_for(commune_officer), activity, "lon.pdf", too_big)
    assert response.status_code == 302
    assert not ActivityAttachment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("10 MB" in m for m in messages)


def test_attachments_are_served_only_in_scope(
    client_for, commune_officer, other_commune_officer, activity, media_and_cache
):
    client = client_for(commune_officer)
    _upload(client, activity, "bao-cao.pdf", b"%PDF-1.5\n%...")
    attachment = ActivityAttachment.objects.get()
    url = f"/activities/{activity.pk}/attachments/{attachment.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other_commune_officer)
    assert client.get(url).status_code == 404
