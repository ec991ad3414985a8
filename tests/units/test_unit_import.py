import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from units.models import AdministrativeUnit
from units.services import import_units

pytestmark = pytest.mark.django_db

HEADER = "Tỉnh / Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\n"
GOOD = HEADER + (
    "Tỉnh Thử,80,Huyện Một,801,Xã An,80101,Xã\n"
    "Tỉnh Thử,80,Huyện Một,801,Thị trấn Bình,80102,Thị trấn\n"
    "Tỉnh Thử,80,Thành phố Hai,802,Phường Cầu,80201,Phường\n"
)


@pytest.fixture(autouse=True)
def english_messages():
    """These tests read the import's messages in their English source text; the portal's default is Vietnamese."""
    with translation.override("en"):
        yield


def run_import(path: str) -> str:
    out = io.StringIO()
    call_command("import_units", path, stdout=out)
    return out.getvalue()


def test_default_file_gives_one_province_10_districts_226_communes(units_imported):
    current = AdministrativeUnit.objects.current()
    assert current.filter(level=1).count() == 1
    assert current.filter(level=2).count() == 10
    assert current.filter(level=3).count() == 226
    nam_phong = current.get(code="13696")
    assert nam_phong.name == "Xã Nam Phong"
    assert nam_phong.parent.name == "Thành phố Nam Định"
    assert nam_phong.parent.kind == "Thành phố"
    assert nam_phong.path == "36/356/13696/"


def test_reimport_changes_nothing(units_imported):
    before = list(AdministrativeUnit.objects.order_by("code").values_list("id", "code", "name", "parent_id", "path"))
    output = run_import("units/data/nam-dinh-admin-units-2023.csv")
    assert "created 0 province(s), 0 district(s), 0 commune(s); 237 unchanged" in output
    after = list(AdministrativeUnit.objects.order_by("code").values_list("id", "code", "name", "parent_id", "path"))
    assert after == before


def test_another_province_file_is_accepted(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(GOOD, encoding="utf-8")
    output = run_import(str(path))
    assert "created 1 province(s), 2 district(s), 3 commune(s)" in output
    town = AdministrativeUnit.objects.get(code="80102")
    assert (town.kind, town.parent.code, town.parent.parent.code) == ("Thị trấn", "801", "80")
    assert AdministrativeUnit.objects.get(code="802").kind == "Thành phố"


def test_file_with_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    assert "3 commune(s)" in run_import(str(path))


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        ("Tỉnh Thử,80,Huyện Một,801,Xã Thiếu Mã,,Xã", "missing code"),
        ("Tỉnh Thử,80,Huyện Ma,,Xã Mồ Côi,80109,Xã", "unknown parent"),
        ("Tỉnh Thử,,Huyện Một,801,Xã Mồ Côi,80109,Xã", "unknown parent"),
        (
            "Tỉnh Thử,80,Huyện Một,801,Xã Tên Khác,80101,Xã",
            "code 80101 is used for both “Xã An” (line 2) and “Xã Tên Khác”",
        ),
        ("Tỉnh Thử,80,Huyện Đổi Tên,801,Xã Mới,80109,Xã", "code 801 is used for both “Huyện Một” (line 2)"),
        ("Tỉnh Thử,80,Huyện Một,801,Xã Lạ,80109,Làng", "Cấp must be one of"),
        ("Tỉnh Thử,80,Huyện Một,801,Xã Chữ,80A09,Xã", "is not a number"),
    ],
)
def test_bad_row_rejects_whole_file_with_line_and_reason(tmp_path, bad_row, reason):
    path = tmp_path / "units.csv"
    path.write_text(GOOD + bad_row + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run_import(str(path))
    message = str(excinfo.value)
    assert "line 5:" in message
    assert reason in message
    assert not AdministrativeUnit.objects.filter(code__startswith="80").exists()


def test_every_bad_row_is_reported(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        GOOD + "Tỉnh Thử,80,Huyện Một,801,Xã X,,Xã\nTỉnh Thử,80,Huyện Ma,,Xã Y,80110,Xã\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as excinfo:
        run_import(str(path))
    assert "line 5: missing code" in str(excinfo.value)
    assert "line 6: unknown parent" in str(excinfo.value)


def test_code_already_stored_under_another_name_is_rejected(units_imported):
    text = HEADER + "Tỉnh Nam Định,36,Thành phố Nam Định,356,Xã Nam Phong Mới,13696,Xã\n"
    with pytest.raises(Exception, match="line 2: code 13696 already exists as “Xã Nam Phong”"):
        import_units(io.StringIO(text))
    assert AdministrativeUnit.objects.get(code="13696").name == "Xã Nam Phong"


def test_missing_column_is_reported_on_line_1(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("Tỉnh,Mã TP\nTỉnh Thử,80\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: missing column"):
        run_import(str(path))


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run_import(str(tmp_path / "absent.csv"))
    binary = tmp_path / "units.xlsx"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8"):
        run_import(str(binary))
