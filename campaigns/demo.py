"""Demo campaign work (idempotent), after the province's 2023 communication plan: the provincial campaign
"Tuyên truyền chuyển đổi số 2023" with district sub-campaigns, activities of every channel, guidance
documents with acknowledgements, and loudspeaker bulletins of each level with airings (some overdue).
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from units.models import AdministrativeUnit

from . import rollups
from .models import (
    Activity,
    Bulletin,
    BulletinAiring,
    BulletinTarget,
    Campaign,
    CampaignTarget,
    Channel,
    DocumentRecipient,
    GuidanceDocument,
)
from .services import set_airing_rules

CAMPAIGN_NAME = "Tuyên truyền chuyển đổi số 2023"
PROVINCE, GIAO_THUY, VU_BAN, TRUC_NINH, NAM_DINH_CITY = "36", "365", "359", "363", "356"
NAM_PHONG, GIAO_THIEN = "13696", "14161"


def _pdf(title: str) -> bytes:
    """A one-page PDF naming the document (ASCII: the demo file only stands in for the real scan)."""
    text = title.encode("ascii", "ignore").decode()[:60]
    stream = f"BT /F1 14 Tf 50 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def seed(scale: str, stdout) -> None:
    if Campaign.objects.filter(name=CAMPAIGN_NAME).exists() or not AdministrativeUnit.objects.filter(code="36"):
        return
    units = {u.code: u for u in AdministrativeUnit.objects.filter(level__lte=2)}
    communes = {
        code: list(AdministrativeUnit.objects.filter(parent__code=code).current().order_by("code")[:4])
        for code in (GIAO_THUY, VU_BAN, TRUC_NINH)
    }
    commune_by_code = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[NAM_PHONG, GIAO_THIEN])}
    admin = User.objects.filter(username="province_admin").first()
    officer = User.objects.filter(username="district_officer").first()
    province = units[PROVINCE]
    campaign = _campaigns(units, communes, admin)
    children = {c.unit.code: c for c in campaign.children.select_related("unit")}
    activities = _activities(campaign, children, province, communes, commune_by_code, admin, officer)
    documents = _documents(province, units, communes, commune_by_code, admin)
    bulletins = _bulletins(province, units, communes, commune_by_code, admin, officer)
    rollups.rebuild_all()  # bulk inserts and updates send no signal
    stdout.write(f"campaigns: {activities} activities, {documents} documents, {bulletins} bulletins")


def _campaigns(units, communes, admin) -> Campaign:
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        unit=units[PROVINCE],
        name=CAMPAIGN_NAME,
        goal="Nâng cao nhận thức về chuyển đổi số cho cán bộ, người dân và doanh nghiệp toàn tỉnh.",
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(today.year, 12, 31),
        status=Campaign.Status.ACTIVE,
        lead_agency="Sở Thông tin và Truyền thông",
        partners="Bưu điện tỉnh, VNPT Nam Định, Báo Nam Định, Đài Phát thanh và Truyền hình Nam Định",
        audiences=["officials", "citizens", "businesses", "fishermen", "youth", "elderly"],
        created_by=admin,
    )
    targets = [
        CampaignTarget(
            campaign=campaign,
            unit=units[code],
            activities=20,
            participants=3000,
            households_reached=500,
            services={"vneid_level2": 800, "cashless_account": 300},
        )
        for code in (GIAO_THUY, VU_BAN, TRUC_NINH, NAM_DINH_CITY)
    ]
    CampaignTarget.objects.bulk_create(targets)
    for code, name in ((GIAO_THUY, "Giao Thủy"), (VU_BAN, "Vụ Bản"), (TRUC_NINH, "Trực Ninh")):
        child = Campaign.objects.create(
            unit=units[code],
            parent=campaign,
            name=f"Tuyên truyền chuyển đổi số 2023 — huyện {name}",
            goal="Triển khai kế hoạch của tỉnh tại huyện.",
            starts_on=datetime.date(2023, 4, 1),
            ends_on=datetime.date(today.year, 12, 31),
            status=Campaign.Status.ACTIVE,
            lead_agency=f"UBND huyện {name}",
            partners="Bưu điện huyện, VNPT",
            audiences=["citizens", "fishermen"] if code == GIAO_THUY else ["citizens", "elderly"],
            created_by=admin,
        )
        CampaignTarget.objects.bulk_create(
            [
                CampaignTarget(
                    campaign=child,
                    unit=c,
                    activities=4,
                    participants=400,
                    households_reached=120,
                    services={"vneid_level2": 150},
                )
                for c in communes[code]
            ]
        )
    return campaign


def _activity(campaign, unit, channel, title, when, **fields) -> Activity:
    hours = fields.pop("hours", 3)
    return Activity(
        campaign=campaign,
        unit=unit,
        channel=channel,
        title=title,
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=hours),
        organiser=fields.pop("organiser", "Sở Thông tin và Truyền thông"),
        **fields,
    )


def _activities(campaign, children, province, communes, commune_by_code, admin, officer) -> int:
    tz = timezone.get_current_timezone()
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)

    def on(y, m, d, h=8):
        return datetime.datetime(y, m, d, h, 0, tzinfo=tz)

    rows = []
    agencies = [
        "Sở, ban, ngành",
        "Khối doanh nghiệp",
        "Khối Đảng",
        "Mặt trận Tổ quốc",
        "Khối nội chính",
        "Khối giáo dục",
        "Khối y tế",
        "Khối văn hóa",
        "Hội Nông dân",
    ]
    for number, agency in enumerate(agencies, start=1):
        rows.append(
            _activity(
                campaign,
                province,
                Channel.CONFERENCE,
                f"Hội nghị tuyên truyền CĐS số {number}: {agency}",
                on(2023, 4, 3 * number),
                place="Hội trường Sở TT&TT",
                participants_in_person=120 + 7 * number,
                audiences=["officials"],
                status="done",
                result_report=f"{120 + 7 * number} đại biểu dự.",
                publish_on_news=number in (1, 9),
            )
        )
    rows.append(
        _activity(
            campaign,
            province,
            Channel.TRAINING,
            "Tập huấn nền tảng Onetouch cho cán bộ 226 xã, phường, thị trấn",
            on(2023, 6, 15),
            place="Trường Chính trị tỉnh",
            participants_in_person=452,
            participants_online=226,
            audiences=["officials"],
            status="done",
            result_report="452 cán bộ dự trực tiếp, 226 điểm cầu.",
            publish_on_news=True,
        )
    )
    rows.append(
        _activity(
            campaign,
            province,
            Channel.EVENT,
            "Trại hè “Tuổi trẻ Thành Nam tiên phong CĐS”",
            on(2023, 7, 20),
            hours=48,
            place="Quảng trường 3/2",
            organiser="Tỉnh đoàn Nam Định",
            participants_in_person=600,
            audiences=["youth"],
            status="done",
            result_report="600 đoàn viên, 40 đội thi.",
            publish_on_news=True,
        )
    )
    rows.append(
        _activity(
            campaign,
            province,
            Channel.ARTICLE,
            "Nam Định đẩy mạnh chuyển đổi số cộng đồng",
            on(2023, 8, 2),
            hours=1,
            outlet="newspaper",
            outlet_name="Báo Nam Định",
            audiences=["citizens"],
            status="done",
            result_report="Bài đăng trang 1.",
            publish_on_news=True,
        )
    )
    rows.append(
        _activity(
            campaign,
            province,
            Channel.ARTICLE,
            "Chuyên mục Chuyển đổi số: ví điện tử an toàn",
            now - datetime.timedelta(days=5),
            hours=1,
            outlet="portal_column",
            outlet_name="Cổng TTĐT tỉnh — chuyên mục CĐS",
            audiences=["citizens"],
            status="done",
            result_report="Đăng chuyên mục kỳ 12.",
            publish_on_news=True,
        )
    )
    rows.append(
        _activity(
            campaign,
            province,
            Channel.ONLINE,
            "Cuộc thi trực tuyến “Tìm hiểu chuyển đổi số”",
            on(2023, 10, 10),
            hours=24 * 14,
            participants_online=52_000,
            outlet_name="Nền tảng thi trực tuyến",
            audiences=["citizens", "youth"],
            status="done",
            result_report="52.000 lượt thi.",
            publish_on_news=True,
        )
    )
    rows.append(
        _activity(
            campaign,
            province,
            Channel.ONLINE,
            "Livestream hướng dẫn cài đặt VNeID mức 2",
            now + datetime.timedelta(days=6, hours=2),
            hours=2,
            participants_online=30_000,
            organiser="Công an tỉnh, Sở TT&TT",
            audiences=["citizens"],
        )
    )
    giao_thuy = children.get(GIAO_THUY, campaign)
    giao_thien = commune_by_code.get(GIAO_THIEN) or communes[GIAO_THUY][0]
    rows.append(
        _activity(
            giao_thuy,
            giao_thien,
            Channel.DOOR_TO_DOOR,
            "Ra quân hỗ trợ ngư dân khi tàu cập cảng: VNeID, giám sát hành trình",
            now - datetime.timedelta(days=3),
            hours=6,
            organiser="Tổ CNS cộng đồng xã",
            visits_from=(now - datetime.timedelta(days=3)).date(),
            visits_until=now.date(),
            audiences=["fishermen"],
            status="done",
            result_report="Hỗ trợ 35 chủ tàu.",
            publish_on_news=True,
        )
    )
    for commune in communes[GIAO_THUY][:2]:
        rows.append(
            _activity(
                giao_thuy,
                commune,
                Channel.DOOR_TO_DOOR,
                f"Ra quân từng hộ tại {commune.name}",
                now + datetime.timedelta(days=4),
                hours=8,
                organiser="Đoàn thanh niên xã",
                audiences=["citizens"],
            )
        )
        rows.append(
            _activity(
                giao_thuy,
                commune,
                Channel.LOUDSPEAKER,
                f"Phát thanh chuyên đề CĐS tại {commune.name}",
                now - datetime.timedelta(days=1),
                hours=1,
                organiser="Đài truyền thanh xã",
                audiences=["citizens"],
                status="done",
                result_report="Phát 3 buổi sáng.",
            )
        )
        rows.append(
            _activity(
                giao_thuy,
                commune,
                Channel.DOCUMENTS,
                f"Phát tờ rơi “5 kỹ năng số” tại {commune.name}",
                now - datetime.timedelta(days=8),
                organiser="UBND xã",
                copies=1200,
                audiences=["citizens"],
                status="done",
                result_report="1.200 tờ rơi.",
            )
        )
    for code in (VU_BAN, TRUC_NINH):
        child = children.get(code, campaign)
        for offset, commune in enumerate(communes[code][:2]):
            rows.append(
                _activity(
                    child,
                    commune,
                    Channel.HANDS_ON,
                    f"“Cầm tay chỉ việc” cùng Bưu điện và VNPT tại {commune.name}",
                    now + datetime.timedelta(days=offset * 7 - 10),
                    place=f"Nhà văn hóa {commune.name}",
                    organiser="Bưu điện huyện, VNPT",
                    participants_in_person=80 + offset * 15,
                    audiences=["elderly", "citizens"],
                    **({"status": "done", "result_report": "Hướng dẫn 95 người."} if offset == 0 else {}),
                )
            )
    rows.append(
        _activity(
            children.get(GIAO_THUY, campaign),
            communes[GIAO_THUY][0].parent,
            Channel.CONFERENCE,
            "Hội nghị triển khai kế hoạch CĐS huyện Giao Thủy",
            now + datetime.timedelta(days=2),
            place="Hội trường UBND huyện",
            organiser="UBND huyện Giao Thủy",
            audiences=["officials"],
        )
    )
    for activity in rows:
        activity.created_by = officer if activity.unit.level > 1 and officer else admin
    Activity.objects.bulk_create(rows)
    return len(rows)


def _documents(province, units, communes, commune_by_code, admin) -> int:
    today = timezone.localdate()
    now = timezone.now()
    specs = [
        (
            "Kế hoạch tuyên truyền chuyển đổi số năm 2023",
            "45/KH-UBND",
            province,
            [units[c] for c in (GIAO_THUY, VU_BAN, TRUC_NINH, NAM_DINH_CITY)],
            today - datetime.timedelta(days=5),
        ),
        (
            "Hướng dẫn triển khai Tổ công nghệ số cộng đồng",
            "112/HD-STTTT",
            province,
            [units[GIAO_THUY], units[VU_BAN]],
            None,
        ),
        (
            "Hướng dẫn hỗ trợ ngư dân cài đặt VNeID",
            "27/HD-UBND",
            units[GIAO_THUY],
            communes[GIAO_THUY],
            today + datetime.timedelta(days=10),
        ),
    ]
    for number, (title, doc_number, issuer, recipients, due) in enumerate(specs):
        document = GuidanceDocument(
            unit=issuer,
            title=title,
            number=doc_number,
            issued_on=today - datetime.timedelta(days=20 - number),
            summary="Văn bản chỉ đạo triển khai nhiệm vụ chuyển đổi số.",
            report_due_on=due,
            created_by=admin,
        )
        document.file.save("file.pdf", ContentFile(_pdf(doc_number)), save=False)
        document.save()
        rows = []
        for index, unit in enumerate(recipients):
            acknowledged = now - datetime.timedelta(days=3) if index % 3 != 2 else None
            reported = now - datetime.timedelta(days=1) if acknowledged and due and index % 2 == 0 else None
            rows.append(
                DocumentRecipient(
                    document=document,
                    unit=unit,
                    acknowledged_at=acknowledged,
                    reported_at=reported,
                    report="Đã tổ chức hội nghị quán triệt." if reported else "",
                )
            )
        DocumentRecipient.objects.bulk_create(rows)
    return len(specs)


def _bulletins(province, units, communes, commune_by_code, admin, officer) -> int:
    now = timezone.now()
    nam_phong = commune_by_code.get(NAM_PHONG)
    giao = communes[GIAO_THUY]
    specs = [
        # level, issuer, title, communes, hours since sent, aired communes
        ("emergency", units[GIAO_THUY], "Khẩn: áp thấp nhiệt đới, tàu thuyền vào nơi trú ẩn", giao, 2, giao[:2]),
        (
            "priority",
            province,
            "Hướng dẫn kích hoạt tài khoản định danh điện tử mức 2",
            giao + ([nam_phong] if nam_phong else []),
            30,
            giao[:1],
        ),
        (
            "normal",
            province,
            "Chuyên đề: mua sắm trực tuyến an toàn",
            giao + ([nam_phong] if nam_phong else []),
            6,
            giao[1:3],
        ),
        ("priority", units[GIAO_THUY], "Lịch tiêm chủng và khám sức khỏe điện tử", giao, 3, []),
    ]
    for level, issuer, title, targets, hours, aired in specs:
        sent = now - datetime.timedelta(hours=hours)
        bulletin = Bulletin(
            unit=issuer,
            level=level,
            title=title,
            text=f"{title}. Đề nghị các xã phát trên hệ thống truyền thanh cơ sở.",
            valid_from=sent,
            valid_until=sent + datetime.timedelta(days=5),
            created_by=officer if issuer.level == 2 and officer else admin,
        )
        set_airing_rules(bulletin, sent)  # as if sent then: some are overdue now
        bulletin.save()
        BulletinTarget.objects.bulk_create([BulletinTarget(bulletin=bulletin, commune=c) for c in targets])
        for target in BulletinTarget.objects.filter(bulletin=bulletin, commune__in=aired):
            aired_at = sent + datetime.timedelta(minutes=40)
            BulletinAiring.objects.create(
                target=target,
                aired_at=aired_at,
                times_aired=2,
                clusters_reached=14,
                aired_by="Cán bộ đài truyền thanh xã",
            )
            BulletinTarget.objects.filter(pk=target.pk).update(first_aired_at=aired_at)
    return len(specs)
