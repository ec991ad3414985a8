import datetime

import pytest

from core.text import fold

pytestmark = pytest.mark.django_db


def test_fold_strips_vietnamese_diacritics_and_case():
    assert fold("Huyện Giao Thủy") == "huyen giao thuy"
    assert fold("ĐỒNG  Đình") == "dong dinh"
    assert fold("  Xã   Nam Phong ") == "xa nam phong"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("nam phong", "Xã Nam Phong"), ("NAM PHÔNG", "Xã Nam Phong"), ("dinh", "Phường Phan Đình Phùng")],
)
def test_search_ignores_case_and_diacritics(client, units_imported, query, expected):
    response = client.get("/units/", {"q": query})
    assert response.status_code == 200
    names = [c.name for d in response.context["districts"] for c in d.matching_communes]
    assert expected in names


def test_search_by_district_name_lists_the_district_and_its_communes(client, units_imported):
    response = client.get("/units/", {"q": "giao thuy"})
    districts = response.context["districts"]
    assert [d.name for d in districts] == ["Huyện Giao Thủy"]
    assert len(districts[0].matching_communes) == 22


def test_d_and_dj_match_alike(client, units_imported):
    with_d = client.get("/units/", {"q": "dinh"}).context["match_count"]
    with_dj = client.get("/units/", {"q": "đình"}).context["match_count"]
    assert with_d == with_dj > 0


def test_search_without_match_says_so(client, units_imported):
    response = client.get("/units/", {"q": "zzzz"})
    assert response.status_code == 200
    assert response.context["districts"] == []


def test_unit_list_shows_all_10_districts_in_constant_queries(client, units_imported, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/units/")
    assert len(response.context["districts"]) == 10
    assert sum(len(d.matching_communes) for d in response.context["districts"]) == 226


def test_unit_page_shows_parent_chain_and_children(client, units_imported):
    response = client.get("/units/356/")
    assert response.status_code == 200
    assert [a.name for a in response.context["ancestors"]] == ["Tỉnh Nam Định"]
    assert len(response.context["children"]) == 25
    page = client.get("/units/13696/").content.decode()
    assert "Thành phố Nam Định" in page and "Tỉnh Nam Định" in page


def test_unknown_unit_is_404(client, units_imported):
    assert client.get("/units/99999999/").status_code == 404


def test_unit_directory_shows_province_counts(client, units_imported):
    response = client.get("/units/")
    assert response.status_code == 200
    assert response.context["overview"].districts == 10
    assert response.context["overview"].communes == 226


def test_a_commune_closed_by_a_reform_leaves_the_lists_but_keeps_its_page_and_history(client, unit):
    # A merger closes the old commune with valid_until / replaced_by instead of deleting it.
    old, merged_into = unit("13696"), unit("13699")
    old.valid_until = datetime.date.today()
    old.replaced_by = merged_into
    old.save()
    assert client.get("/units/").context["overview"].communes == 225
    listed = [c.code for d in client.get("/units/").context["districts"] for c in d.matching_communes]
    assert "13696" not in listed and "13699" in listed
    assert "13696" not in [c.code for c in client.get("/units/356/").context["children"]]
    response = client.get("/units/13696/")
    assert response.status_code == 200
    assert [a.code for a in response.context["ancestors"]] == ["36", "356"]
