"""Demo courses in Vietnamese, enrolments across communes, sessions and national-platform completions.
Idempotent: a course that exists is left as it is; certificates are never re-issued."""

import datetime

from django.utils import timezone

from accounts.models import Role, User
from core.demo import demo_password_hash
from units.models import AdministrativeUnit

from . import services
from .models import Choice, Course, Lesson, Module, NationalCompletion, PersonRole, Question, Quiz, TrainingSession

BASIC_SKILLS = [
    (
        "Dịch vụ công trực tuyến",
        [
            (
                "Tài khoản định danh điện tử VNeID",
                "Tài khoản VNeID mức 2 dùng để đăng nhập Cổng Dịch vụ công quốc gia.",
            ),
            ("Nộp hồ sơ trên Cổng Dịch vụ công", "Chọn thủ tục, điền tờ khai, đính kèm giấy tờ và theo dõi kết quả."),
        ],
        ("Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản nào?", ["VNeID", "Facebook", "Email cơ quan"]),
    ),
    (
        "Mua sắm trực tuyến",
        [
            ("Chọn sàn thương mại điện tử uy tín", "Xem đánh giá của người bán, chính sách đổi trả và bảo hành."),
            ("Đặt hàng và theo dõi đơn", "Kiểm tra địa chỉ nhận hàng; chỉ nhận hàng khi đúng sản phẩm đã đặt."),
        ],
        ("Trước khi mua hàng trực tuyến nên xem gì?", ["Đánh giá người bán", "Màu nền trang web", "Số lượt thích"]),
    ),
    (
        "Thanh toán trực tuyến",
        [
            ("Ví điện tử và ứng dụng ngân hàng", "Dùng ứng dụng chính thức của ngân hàng; bật xác thực sinh trắc học."),
            ("Thanh toán bằng mã QR", "Kiểm tra tên người nhận hiện ra trước khi xác nhận chuyển tiền."),
        ],
        ("Trước khi chuyển tiền qua mã QR cần kiểm tra gì?", ["Tên người nhận", "Giờ chuyển", "Màu mã QR"]),
    ),
    (
        "An toàn trên không gian mạng",
        [
            ("Nhận diện lừa đảo", "Không bấm vào đường link lạ; cơ quan công an không gọi điện yêu cầu chuyển tiền."),
            ("Mật khẩu và mã OTP", "Không bao giờ đọc mã OTP cho người khác, kể cả người xưng là nhân viên ngân hàng."),
        ],
        ("Có người gọi xin mã OTP để 'hoàn tiền', bạn làm gì?", ["Từ chối và gác máy", "Đọc mã OTP", "Gửi ảnh CCCD"]),
    ),
    (
        "Nền tảng số của địa phương",
        [
            ("Cổng thông tin tỉnh Nam Định", "Tra cứu tin tức, lịch tiếp dân và thủ tục hành chính của tỉnh."),
            ("Sản phẩm OCOP trên sàn số", "Quét mã QR trên nhãn để xem nguồn gốc sản phẩm địa phương."),
        ],
        ("Quét mã QR trên nhãn sản phẩm OCOP để biết gì?", ["Nguồn gốc sản phẩm", "Giá vàng", "Thời tiết"]),
    ),
]

LEARNERS = [
    ("hv_nam_phong_1", "Nguyễn Thị", "Lan", "13696"),
    ("hv_nam_phong_2", "Trần Văn", "Hùng", "13696"),
    ("hv_giao_thuy_1", "Phạm Thị", "Huệ", "14149"),
    ("hv_giao_thuy_2", "Vũ Đức", "Thắng", "14152"),
    ("hv_xuan_truong", "Đặng Thị", "Ngọc", "14119"),
]


def _course(slug: str, title: str, summary: str, *, is_open: bool = True) -> tuple[Course, bool]:
    return Course.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "summary": summary,
            "description": (
                "<p>Học miễn phí trên điện thoại, theo tốc độ của bạn. Học xong mọi bài và đạt bài kiểm tra "
                "cuối khoá để nhận <strong>chứng nhận</strong> có mã QR mà ai cũng xác minh được.</p>"
            ),
            "is_published": True,
            "is_open": is_open,
        },
    )


def _question(quiz: Quiz, text: str, options: list[str]) -> None:
    question = Question.objects.create(quiz=quiz, text=text, explanation=f"Đáp án đúng: {options[0]}.")
    Choice.objects.bulk_create(
        [Choice(question=question, text=option, is_correct=index == 0) for index, option in enumerate(options)]
    )


def _basic_skills() -> Course:
    course, created = _course(
        "ky-nang-so-co-ban",
        "Kỹ năng số cơ bản",
        "Năm kỹ năng số thiết yếu cho mọi người dân: dịch vụ công, mua sắm, thanh toán, an toàn, nền tảng địa phương.",
    )
    if created:
        final = Quiz.objects.create(course=course, title="Bài kiểm tra cuối khoá", pass_mark=60, max_attempts=3)
        for position, (title, lessons, (question, options)) in enumerate(BASIC_SKILLS, start=1):
            module = Module.objects.create(course=course, title=title, position=position)
            for index, (lesson_title, text) in enumerate(lessons, start=1):
                Lesson.objects.create(module=module, title=lesson_title, position=index, body=f"<p>{text}</p>")
            practice = Quiz.objects.create(course=course, module=module, title=f"Ôn tập: {title}", pass_mark=50)
            _question(practice, question, options)
            _question(final, question, options)
    return course


def _single_module(slug: str, title: str, lessons: list[tuple[str, str]], question, *, is_open=True) -> Course:
    course, created = _course(slug, title, lessons[0][1], is_open=is_open)
    if created:
        module = Module.objects.create(course=course, title=title, position=1)
        for index, (lesson_title, text) in enumerate(lessons, start=1):
            Lesson.objects.create(module=module, title=lesson_title, position=index, body=f"<p>{text}</p>")
        final = Quiz.objects.create(course=course, title="Bài kiểm tra", pass_mark=50, max_attempts=3)
        _question(final, *question)
    return course


def _finish(user: User, course: Course, unit: AdministrativeUnit | None, *, lessons: int | None = None) -> None:
    enrolment, _new = services.enrol(user, course, unit=unit)
    all_lessons = list(Lesson.objects.filter(module__course=course))
    for lesson in all_lessons[:lessons]:
        services.complete_lesson(enrolment, lesson)
    if lessons is not None or enrolment.completed_at:
        return
    final = Quiz.objects.get(course=course, module__isnull=True)
    if final.attempts.filter(enrolment=enrolment, passed=True).exists():
        return
    attempt = services.start_attempt(enrolment, final)
    correct = {q: [c for c in cs if Choice.objects.get(pk=c).is_correct] for q, cs in attempt.layout}
    services.submit_attempt(attempt, correct)


def seed(scale: str, stdout) -> None:
    basic = _basic_skills()
    officials = _single_module(
        "chuyen-doi-so-can-bo-xa",
        "Chuyển đổi số cho cán bộ cấp xã",
        [
            ("Chính quyền số cấp xã", "Vai trò của cán bộ xã trong chuyển đổi số: dữ liệu, dịch vụ công, tổ CNSCĐ."),
            ("Chữ ký số và văn bản điện tử", "Ký số văn bản đi, xử lý văn bản đến trên hệ thống quản lý văn bản."),
        ],
        ("Văn bản điện tử được ký bằng gì?", ["Chữ ký số", "Ảnh chụp chữ ký", "Con dấu scan"]),
        is_open=False,
    )
    safety = _single_module(
        "an-toan-tren-mang",
        "Sử dụng mạng xã hội an toàn",
        [
            ("Bảo vệ thông tin cá nhân", "Không đăng số CCCD, ảnh giấy tờ hay mã OTP lên mạng xã hội."),
            ("Tin giả và cách kiểm chứng", "Kiểm tra nguồn tin từ cơ quan chính thống trước khi chia sẻ."),
        ],
        ("Có nên đăng ảnh CCCD lên mạng xã hội?", ["Không", "Có", "Chỉ khi được nhiều lượt thích"]),
    )
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in={c for *_r, c in LEARNERS})}
    password = demo_password_hash()
    for index, (username, first, last, code) in enumerate(LEARNERS):
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "role": Role.LEARNER, "password": password},
        )
        _finish(user, basic, units.get(code), lessons=None if index % 2 == 0 else 3)

    learner = User.objects.filter(username="learner").first()
    if learner:
        _finish(learner, safety, units.get("13696"))
        _finish(learner, basic, units.get("13696"), lessons=4)
    officer = User.objects.filter(username="commune_officer").first()
    for username in ("commune_officer", "district_officer"):
        official = User.objects.filter(username=username).first()
        if official:
            services.enrol(official, officials, source="cohort", enrolled_by=officer)
    _sessions_and_national(officer, units)
    stdout.write(f"training demo: {Course.objects.count()} courses, certificates for learner and others")


def _sessions_and_national(officer: User | None, units: dict) -> None:
    nam_phong = units.get("13696")
    if officer is None or nam_phong is None or TrainingSession.objects.exists():
        return
    today = timezone.localdate()
    services.record_session(
        officer,
        [
            {"full_name": name, "role": PersonRole.CITIZEN, "unit": nam_phong}
            for name in ("Lê Văn Tâm", "Hoàng Thị Mai", "Bùi Văn Sơn", "Ngô Thị Thu")
        ],
        title="Cầm tay chỉ việc: cài đặt VNeID mức 2",
        kind=TrainingSession.Kind.HANDS_ON,
        topic="VNeID",
        unit=nam_phong,
        held_on=today - datetime.timedelta(days=10),
    )
    services.record_session(
        officer,
        [{"full_name": "Đinh Văn Long", "role": PersonRole.OFFICIAL, "unit": nam_phong}],
        title="Hội nghị triển khai chuyển đổi số xã Nam Phong",
        kind=TrainingSession.Kind.CONFERENCE,
        course=Course.objects.get(slug="chuyen-doi-so-can-bo-xa"),
        unit=nam_phong,
        held_on=today - datetime.timedelta(days=20),
    )
    for number, (name, platform, role, confirmed) in enumerate(
        (
            ("Trịnh Thị Hoa", NationalCompletion.Platform.ONETOUCH, PersonRole.OFFICIAL, True),
            ("Mai Văn Phúc", NationalCompletion.Platform.BINH_DAN_HOC_VU_SO, PersonRole.CITIZEN, True),
            ("Cao Thị Yến", NationalCompletion.Platform.BINH_DAN_HOC_VU_SO, PersonRole.VOLUNTEER, False),
        ),
        start=1,
    ):
        completion = services.record_national_completion(
            officer,
            platform=platform,
            course_name="Bình dân học vụ số: kỹ năng số cơ bản",
            completed_on=today - datetime.timedelta(days=5),
            certificate_number=f"{platform.upper()}-2026-{number:05d}",
            full_name=name,
            role=role,
            unit=nam_phong,
        )
        if confirmed:
            services.confirm_national_completion(officer, completion)
