"""Vietnamese by default, English on request, and a complete, compiled Vietnamese catalogue.

Unlike the feature tests, these assert on translated text on purpose: that text is what they test.
"""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import VolunteerFactory
from tests.products.factories import CertificationFactory, ProductFactory
from tests.visits.factories import HamletFactory, HouseholdFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]

NAM_PHONG = "13696"
PO_PATH = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@pytest.fixture
def pages(unit, officer):
    """Key pages: (path, user to log in or None, Vietnamese phrases, English phrases)."""
    nam_phong = unit(NAM_PHONG)
    HouseholdFactory(hamlet=HamletFactory(commune=nam_phong))
    product = ProductFactory(producer__commune=nam_phong, season="Tết")
    CertificationFactory(producer=product.producer)
    return [
        ("/", None, ["Đi từng ngõ, gõ từng nhà", "Sản phẩm địa phương"], ["Every alley, every door", "Local products"]),
        ("/units/", None, ["Huyện và xã, phường", "Tìm kiếm"], ["Districts and communes", "Search"]),
        (reverse("login"), None, ["Đăng nhập", "Quên mật khẩu?"], ["Log in", "Forgot your password?"]),
        (
            reverse("visits_staff:household_list"),
            officer,
            ["Danh sách hộ gia đình", "Chủ hộ", "Thêm hộ"],
            ["Household register", "Head of household", "Add household"],
        ),
        (f"/p/{product.code}/", None, ["Mùa vụ", "Chứng nhận"], ["Season", "Certifications"]),
        (
            "/field/",
            VolunteerFactory(unit=nam_phong),
            ["Hộ được giao", "Lưu lượt thăm"],
            ["My households", "Save visit"],
        ),
    ]


def test_key_pages_render_in_vietnamese_by_default(client, pages):
    for path, user, vietnamese, english in pages:
        if user:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert 'lang="vi"' in html, path
        for phrase in vietnamese:
            assert phrase in html, (path, phrase)
        for phrase in english:
            assert phrase not in html, (path, phrase)
        client.logout()


def test_switching_to_english_shows_the_same_pages_in_english(client, pages):
    for path, user, vietnamese, english in pages:
        if user:
            client.force_login(user)
        # The test client's logout() drops every cookie, the language cookie too: switch per page.
        response = client.post("/i18n/setlang/", {"language": "en", "next": path})
        assert response.status_code == 302
        assert response["Location"] == path
        html = client.get(path).content.decode()
        assert 'lang="en"' in html, path
        for phrase in english:
            assert phrase in html, (path, phrase)
        assert vietnamese[0] not in html, path
        client.logout()


def test_switching_back_to_vietnamese(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đi từng ngõ, gõ từng nhà" in client.get("/").content.decode()


def test_unknown_language_keeps_vietnamese(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert 'lang="vi"' in client.get("/").content.decode()


# A tiny reader for the .po that makemessages writes: enough to find empty or fuzzy entries.
# A .po string is escaped as a JSON string is, so json.loads unquotes it.
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def read_po(path: Path) -> list[dict]:
    """Entries as {"msgid": ..., "msgid_plural"?: ..., "msgstr": {"msgstr" or "msgstr[n]": ...}, "fuzzy": bool}."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry = None
        elif line.startswith("#~"):
            continue  # obsolete
        else:
            entry = entry if entry is not None else {"fuzzy": False, "msgstr": {}}
            if line.startswith("#,"):
                entry["fuzzy"] |= "fuzzy" in line
            elif match := _LINE.match(line):
                keyword, value = match.group(1), json.loads(match.group(2))
                field = (entry["msgstr"], keyword) if keyword.startswith("msgstr") else (entry, keyword)
                field[0][field[1]] = value
            elif line.startswith('"'):
                field[0][field[1]] += json.loads(line)
    return entries


def test_po_reader_reads_multiline_plural_and_escaped_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, fuzzy\nmsgid ""\n"Long "\n"text"\nmsgstr "Dài"\n\n'
        'msgid "%(n)s lot"\nmsgid_plural "%(n)s lots"\nmsgstr[0] ""\n\n'
        'msgid "Say \\"hi\\""\nmsgstr ""\n"Chào \\"bạn\\""\n',
        encoding="utf-8",
    )
    header, long, plural, quoted = read_po(po)
    assert (long["msgid"], long["msgstr"], long["fuzzy"]) == ("Long text", {"msgstr": "Dài"}, True)
    assert plural["msgid_plural"] == "%(n)s lots" and plural["msgstr"] == {"msgstr[0]": ""}
    assert (quoted["msgid"], quoted["msgstr"]["msgstr"]) == ('Say "hi"', 'Chào "bạn"')


def test_vietnamese_catalogue_is_complete():
    entries = read_po(PO_PATH)
    header, messages = entries[0], entries[1:]
    assert "nplurals=1; plural=0;" in header["msgstr"]["msgstr"]
    assert len(messages) > 400
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in messages if e["fuzzy"]]
    assert untranslated == [], "run makemessages and translate these"
    assert fuzzy == [], "check these translations and remove their fuzzy flag"
    # Vietnamese has one plural form: a msgstr[1] would never be shown.
    assert all(set(e["msgstr"]) == {"msgstr[0]"} for e in messages if "msgid_plural" in e)


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in read_po(PO_PATH)[1:]:
        for translated in entry["msgstr"].values():
            assert sorted(placeholder.findall(translated)) == sorted(placeholder.findall(entry["msgid"])), entry


def test_compiled_catalogue_matches_the_po():
    """The .mo is committed (a fresh machine has no gettext): it must be recompiled after every .po change."""
    with MO_PATH.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in read_po(PO_PATH)[1:]:
        if "msgid_plural" in entry:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            assert got == entry["msgstr"]["msgstr[0]"], f"{entry['msgid']!r}: run compilemessages"
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"]["msgstr"], f"{entry['msgid']!r}: compile"
