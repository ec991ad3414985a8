"""A product edited in one process (a real second Python process) shows on the page another process serves.

These catch the two invalidations a single process cannot: the generation counter that empties every
other process's memory (L1), and the forget after commit that drops a page some process rendered from
the old rows while the edit's transaction was still open.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from products import page_cache
from scale.database import url_of
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clean_cache", "pages")]

BASE_DIR = Path(settings.BASE_DIR)

# Renames a product through the staff service inside a transaction; with PAUSE it stops before the
# commit until told to go on, so the test can read the page while the edit is not yet visible.
EDIT_SCRIPT = """
import sys
import django

django.setup()
from django.db import transaction
from products import services
from products.models import Product

product_id, name, pause = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "pause"
with transaction.atomic():
    product = Product.objects.get(pk=product_id)
    product.name = name
    services.save_product(product)
    if pause:
        print("edited", flush=True)
        sys.stdin.readline()
print("committed", flush=True)
"""


@pytest.fixture
def product(unit):
    return ProductFactory(producer=ProducerFactory(commune=unit("13696")), name="Quất cảnh chậu")


def other_process(product, name: str, *, pause: bool) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outreach.settings",
        "DATABASE_URL": url_of(db),
        "REDIS_URL": settings.REDIS_URL,
    }
    args = [sys.executable, "-c", EDIT_SCRIPT, str(product.pk), name, "pause" if pause else "go"]
    return subprocess.Popen(
        args, cwd=BASE_DIR, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def page(client, product) -> str:
    response = client.get(f"/p/{product.code}/")
    assert response.status_code == 200
    return response.content.decode()


def wait_for(process: subprocess.Popen, line: str) -> None:
    got = process.stdout.readline().strip()
    assert got == line, process.stderr.read()


def test_an_edit_committed_in_another_process_reaches_this_processs_memory(client, product, pages, clock):
    assert "Quất cảnh chậu" in page(client, product)
    assert (product.code, "vi") in pages.local  # served from this process's memory from now on

    editor = other_process(product, "Quất Tết sai quả", pause=False)
    wait_for(editor, "committed")
    assert editor.wait(timeout=60) == 0

    clock.advance(page_cache.GENERATION_CHECK_SECONDS)  # the next generation check is due
    body = page(client, product)
    assert "Quất Tết sai quả" in body and "Quất cảnh chậu" not in body


def test_a_page_read_while_another_process_edits_is_dropped_when_the_edit_commits(client, product, pages, clock):
    editor = other_process(product, "Quất Tết sai quả", pause=True)
    wait_for(editor, "edited")
    # The edit is not committed: this process renders the old rows and caches them (Redis and memory).
    clock.advance(page_cache.GENERATION_CHECK_SECONDS)
    assert "Quất cảnh chậu" in page(client, product)

    editor.communicate("go\n", timeout=60)
    assert editor.returncode == 0

    clock.advance(page_cache.GENERATION_CHECK_SECONDS)
    body = page(client, product)
    assert "Quất Tết sai quả" in body and "Quất cảnh chậu" not in body
