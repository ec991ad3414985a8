"""A photo upload's memory is bounded: at most 24 MP is accepted, and a JPEG is decoded at reduced
size (Pillow's draft) for both the kept original and the thumbnail. Before: a 50 MP JPEG took about
400 MB and 5 s, a 24 MP one 190 MB; now a 24 MP JPEG takes about 60 MB and under a second."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from core.images import MAX_PHOTO_PIXELS, STORED_MAX_PX, make_thumbnail, strip_metadata, validate_photo

ROOT = Path(__file__).resolve().parents[2]
# Runs in a fresh interpreter so the peak resident size is this upload's alone.
MEASURE = """
import resource, sys
from core.images import make_thumbnail, strip_metadata
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
make_thumbnail(data)
strip_metadata(data)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def near_limit_jpeg() -> bytes:
    """A noisy (so realistically large) JPEG just under the pixel limit: 5984 × 4000 px."""
    out = io.BytesIO()
    Image.effect_noise((748, 500), 60).convert("RGB").resize((5984, 4000)).save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.mark.slow  # a fresh interpreter
def test_a_near_limit_jpeg_is_processed_in_bounded_memory():
    data = near_limit_jpeg()
    assert MAX_PHOTO_PIXELS >= 5984 * 4000
    peak = subprocess.run(
        [sys.executable, "-c", MEASURE], input=data, capture_output=True, check=True, cwd=ROOT
    ).stdout.decode()
    assert int(peak) < 110, f"peak +{peak} MB"  # a full-size decode alone is 72 MB, with copies 190 MB


def test_the_kept_original_is_at_most_the_stored_size_and_the_thumbnail_upright():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: the phone was held upright
    Image.new("RGB", (4000, 3000), "red").save(out, "JPEG", exif=exif.tobytes())
    clean, _extension = strip_metadata(out.getvalue())
    with Image.open(io.BytesIO(clean)) as kept:
        assert kept.size == (STORED_MAX_PX * 3 // 4, STORED_MAX_PX)
    _thumb, width, height = make_thumbnail(out.getvalue())
    assert (width, height) == (360, 480)


def test_a_photo_over_24_megapixels_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (6000, 4001)).save(out, "PNG")
    with pytest.raises(ValidationError) as refused:
        validate_photo(ContentFile(out.getvalue(), name="anh.png"))
    assert refused.value.code == "pixels"
