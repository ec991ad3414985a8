"""Provincial reports built by the Celery task: figures equal the dashboard's, Vietnamese text in
the PDF, a second request while one builds joins it, failures say so and can be retried, scope."""

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.indicators import all_indicators
from coverage import report_services, reports, selectors
from coverage.models import Report
from tests.coverage.factories import households_in, visit
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory

pytestmark = pytest.mark.django_db
LIST = reverse("coverage_reports:list")
GIAO_THUY, HAI_HAU = "365", "366"
NGO_DONG, YEN_DINH = "14149", "14215"  # Thị trấn Ngô Đồng (Giao Thủy), Thị trấn Yên Định (Hải Hậu)


@pytest.fixture
def eager(media_and_cache):
    """Tasks run in the process (the real-worker test is test_reports_worker.py)."""
    from outreach.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def province_admin(nam_dinh):
    return ProvinceAdminFactory(unit=nam_dinh)


@pytest.fixture
def visited(unit):
    """Households and visits this week in two districts."""
    ngo_dong, yen_dinh = unit(NGO_DONG), unit(YEN_DINH)
    first, second, _third = households_in(ngo_dong, 3)
    visit(first, reached=True, services=["vneid_level2"])
    visit(second, outcome="not_home")
    (fourth,) = households_in(yen_dinh, 1)
    visit(fourth, reached=True)
    return ngo_dong, yen_dinh


def request(client, django_capture_on_commit_callbacks, *, scope="36", kind="xlsx", period_kind="week", day=None):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            LIST,
            {
                "scope": scope,
                "kind": kind,
                "period_kind": period_kind,
                "day": (day or timezone.localdate()).isoformat(),
            },
        )


def built(report: Report) -> bytes:
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    with report.file.open("rb") as handle:
        return handle.read()


def test_the_task_builds_an_xlsx_whose_figures_equal_the_dashboards(
    client, province_admin, nam_dinh, visited, eager, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)

    response = request(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.scope, report.kind, report.requested_by) == (nam_dinh, "xlsx", province_admin)
    workbook = load_workbook(io.BytesIO(built(report)), read_only=True)
    districts = selectors.tree_of(nam_dinh).children(nam_dinh)
    assert workbook.sheetnames == ["Tóm tắt", *[d.name for d in districts]]
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    dashboard = {
        row.unit.code: row for row in selectors.commune_table(nam_dinh, report_services.period_of("week", monday))
    }
    codes = [i.code for i in all_indicators()]
    in_sheets = {}
    for district in districts:
        header, *rows = workbook[district.name].iter_rows(values_only=True)
        assert header[:3] == ("gso_code", "district", "commune")
        in_sheets |= {row[0]: dict(zip(header, row, strict=False)) for row in rows}  # empty trailing cells trimmed
    assert set(in_sheets) == set(dashboard)  # all 226 communes, each in its district's sheet
    assert len(in_sheets) == 226
    for code, row in dashboard.items():
        assert {c: in_sheets[code][c] for c in codes} == {c: row.values[c] for c in codes}
    assert in_sheets[NGO_DONG]["households_reached"] == 1 and in_sheets[NGO_DONG]["visits"] == 2
    assert in_sheets[NGO_DONG]["reached_of_register_pct"] == pytest.approx(33.3)
    assert in_sheets[YEN_DINH]["district"] == "Huyện Hải Hậu"
    assert report.progress == 100 and report.finished_at is not None


def test_the_pdf_has_the_province_and_commune_names_with_diacritics(
    client, province_admin, visited, eager, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)

    request(client, django_capture_on_commit_callbacks, kind="pdf", period_kind="month")

    report = Report.objects.get()
    assert (report.period_start, report.period_end.month) == (
        timezone.localdate().replace(day=1),
        timezone.localdate().month,
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(built(report))).pages)
    for name in ["Tỉnh Nam Định", "Huyện Giao Thủy", "Thị trấn Ngô Đồng", "Thị trấn Yên Định", "Xã Giao Thiện"]:
        assert name in text


def test_a_district_report_covers_its_communes_only(unit, eager, client, django_capture_on_commit_callbacks, visited):
    client.force_login(DistrictOfficerFactory(unit=unit(GIAO_THUY)))

    request(client, django_capture_on_commit_callbacks, scope=GIAO_THUY)

    workbook = load_workbook(io.BytesIO(built(Report.objects.get())), read_only=True)
    assert workbook.sheetnames == ["Tóm tắt", "Huyện Giao Thủy"]
    codes = [row[0] for row in workbook["Huyện Giao Thủy"].iter_rows(min_row=2, values_only=True)]
    assert NGO_DONG in codes and YEN_DINH not in codes
    assert len(codes) == len(selectors.tree_of(unit(GIAO_THUY)).leaves())


def test_a_second_request_while_one_builds_joins_it(client, province_admin, django_capture_on_commit_callbacks):
    client.force_login(province_admin)
    with django_capture_on_commit_callbacks() as first_tasks:
        client.post(LIST, {"scope": "36", "kind": "pdf", "period_kind": "week", "day": timezone.localdate()})
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED and len(first_tasks) == 1

    with django_capture_on_commit_callbacks() as second_tasks:
        response = client.post(LIST, {"scope": "36", "kind": "pdf", "period_kind": "week", "day": timezone.localdate()})
    Report.objects.filter(pk=report.pk).update(status=Report.Status.BUILDING, progress=40)
    joined, was_joined = report_services.request_report(province_admin, report.scope, "pdf", "week", report.period_end)

    assert response.status_code == 302 and response.url.endswith(f"#report-{report.pk}")
    assert second_tasks == []  # no second build started
    assert (joined.pk, was_joined) == (report.pk, True)
    assert Report.objects.count() == 1
    other_format, joined_other = report_services.request_report(
        province_admin, report.scope, "xlsx", "week", report.period_end
    )
    assert other_format.pk != report.pk and not joined_other


def test_a_task_delivered_twice_builds_once(
    province_admin, nam_dinh, media_and_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        report, _joined = report_services.request_report(province_admin, nam_dinh, "xlsx", "week", timezone.localdate())
    report_services.build(report.pk)
    first_file = Report.objects.get().file.name

    report_services.build(report.pk)

    assert Report.objects.get().file.name == first_file


def test_a_failed_build_says_so_and_can_be_retried(
    client, province_admin, eager, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    monkeypatch.setitem(reports.RENDERERS, "pdf", lambda data, progress: 1 / 0)
    request(client, django_capture_on_commit_callbacks, kind="pdf")
    failed = Report.objects.get()
    assert failed.status == Report.Status.FAILED and "ZeroDivisionError" in failed.error

    page = client.get(LIST)
    assert (
        "The report could not be built." in page.content.decode() or "Không tạo được báo cáo" in page.content.decode()
    )
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coverage_reports:retry", args=[failed.pk]))

    again = Report.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302 and response.url.endswith(f"#report-{again.pk}")
    assert built(again)[:4] == b"%PDF"
    assert Report.objects.get(pk=failed.pk).status == Report.Status.FAILED  # kept as it was


def test_status_json_shows_progress_then_the_download(client, province_admin, nam_dinh, media_and_cache):
    client.force_login(province_admin)
    report = Report.objects.create(
        scope=nam_dinh, kind="xlsx", period_kind="week", period_start=timezone.localdate(),
        period_end=timezone.localdate(), status=Report.Status.BUILDING, progress=55,
    )  # fmt: skip
    status_url = reverse("coverage_reports:status", args=[report.pk])

    building = client.get(status_url).json()
    report_services.build(report.pk)  # not queued: a building report is not claimed again
    Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
    report_services.build(report.pk)
    done = client.get(status_url).json()
    download = client.get(done["download_url"])

    assert (building["status"], building["progress"], building["download_url"]) == ("building", 55, "")
    assert (done["status"], done["progress"]) == ("done", 100)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="coverage-36-')
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a zip: XLSX


def test_reports_are_scoped_to_the_users_unit(client, unit, nam_dinh, media_and_cache):
    province_report = Report.objects.create(
        scope=nam_dinh, kind="xlsx", period_kind="week", period_start=timezone.localdate(),
        period_end=timezone.localdate(),
    )  # fmt: skip
    report_services.build(province_report.pk)
    district = DistrictOfficerFactory(unit=unit(GIAO_THUY))
    client.force_login(district)

    page = client.get(LIST)
    status = client.get(reverse("coverage_reports:status", args=[province_report.pk]))
    download = client.get(reverse("coverage_reports:download", args=[province_report.pk]))
    missing = client.get(reverse("coverage_reports:status", args=[province_report.pk + 1000]))
    other_scope = client.post(LIST, {"scope": "36", "kind": "pdf", "period_kind": "week", "day": timezone.localdate()})

    assert page.status_code == 200 and list(page.context["reports"]) == []
    assert [c[0] for c in page.context["form"].fields["scope"].choices] == [GIAO_THUY]
    assert status.status_code == download.status_code == missing.status_code == 404
    assert other_scope.status_code == 400 and Report.objects.count() == 1


def test_volunteers_and_anonymous_users_get_no_reports(client, unit):
    from tests.factories import VolunteerFactory

    assert client.get(LIST).status_code == 302  # to the login page
    client.force_login(VolunteerFactory(unit=unit(NGO_DONG)))
    assert client.get(LIST).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"scope": "36", "kind": "docx", "period_kind": "week", "day": "2026-01-05"},
        {"scope": "36", "kind": "pdf", "period_kind": "year", "day": "2026-01-05"},
        {"scope": "36", "kind": "pdf", "period_kind": "week", "day": "05/13/2026"},
        {"scope": "36", "kind": "pdf", "period_kind": "week", "day": "9999-01-01"},
        {"scope": "36\x00", "kind": "pdf", "period_kind": "week", "day": "2026-01-05"},
        {},
    ],
)
def test_bad_requests_say_what_is_wrong_and_queue_nothing(client, province_admin, data):
    client.force_login(province_admin)

    response = client.post(LIST, data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Report.objects.exists()


def test_a_future_day_is_refused(client, province_admin):
    client.force_login(province_admin)

    response = client.post(
        LIST, {"scope": "36", "kind": "pdf", "period_kind": "week", "day": timezone.localdate() + timedelta(days=8)}
    )

    assert response.status_code == 400 and "day" in response.context["form"].errors


def test_the_list_page_makes_the_same_number_of_queries_however_many_reports(client, province_admin, nam_dinh, unit):
    client.force_login(province_admin)

    def add(count: int) -> None:
        for n in range(count):
            Report.objects.create(
                scope=unit(GIAO_THUY) if n % 2 else nam_dinh, kind="pdf", period_kind="week",
                period_start=timezone.localdate() - timedelta(weeks=n), period_end=timezone.localdate(),
                status=Report.Status.DONE, requested_by=province_admin,
            )  # fmt: skip

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert len(response.context["reports"]) == 22
    assert len(many) == len(few)


def test_the_progress_script_is_a_static_file_not_inline(client, province_admin):
    client.force_login(province_admin)

    html = client.get(LIST).content.decode()

    assert re.search(r'<script src="[^"]*js/coverage/report-progress\.js"', html)
    assert not re.search(r"<script>(?!</script>)", html)


def test_the_commune_officer_asks_for_the_report_of_their_commune(client, unit):
    client.force_login(CommuneOfficerFactory(unit=unit(NGO_DONG)))

    page = client.get(LIST)

    assert [c[0] for c in page.context["form"].fields["scope"].choices] == [NGO_DONG]
