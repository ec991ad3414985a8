"""Who may use each URL of the portal: the declared answer for the URL × role access test.

PUBLIC routes answer anyone the same. Every other route has a Rule: how to build its URL for an
object in the users' scope and one out of it (tests/project/access_world.py), the method, and the
roles allowed on the in-scope object. Out of scope, only a province administrator (whose province
holds both places) is allowed, unless the rule says the route has no out-of-scope object
(`scoped=False`) or that nobody may use the other object (`out=NOBODY`: another learner's records).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PA, DO, CO, VO, LE, AN = "province_admin", "district_officer", "commune_officer", "volunteer", "learner", "anonymous"
STAFF = frozenset({PA, DO, CO})
SIGNED_IN = frozenset({PA, DO, CO, VO, LE})
NOBODY: frozenset[str] = frozenset()
CAMPAIGN_READERS = frozenset({PA, DO, CO, VO})  # staff and volunteers read the campaign work of their scope

# Routes for everyone, signed in or not: the citizen-facing pages, login and password reset, the
# phone app's shell (its data comes from the token-checked API), health, and published keys.
PUBLIC = {
    "": "home page",
    "healthz": "health check for the load balancer, no data",
    "i18n/setlang/": "language switch",
    "accounts/login/": "login",
    "accounts/logout/": "logout (POST)",
    "accounts/password_reset/": "password reset request",
    "accounts/password_reset/done/": "password reset notice",
    "accounts/reset/<uidb64>/<token>/": "password reset link, checked by its signed token",
    "accounts/reset/done/": "password reset notice",
    "users/set-password/<uidb64>/<token>/": "set-password link, checked by its signed token",
    "api/v1/token": "token login",
    "api/v1/openapi.json": "API description",
    "api/v1/": "API root, leads to its documentation",
    "api/v1/docs": "interactive API documentation (vendored assets)",
    "field/sw.js": "the phone app's service worker",
    "field/manifest.webmanifest": "the phone app's manifest",
    "p/<str:code>/": "public product page",
    "products/": "public catalogue",
    "^01/(?P<gtin>[^/]+)/$": "GS1 Digital Link",
    "^01/(?P<gtin>[^/]+)/10/(?P<lot>[^/]+)/$": "GS1 Digital Link with a lot",
    "p/<str:code>/qr.svg": "printed QR code",
    "p/<str:code>/qr.png": "printed QR code",
    "P/<str:code>/": "upper-case QR URL",
    "units/": "the administrative units, public facts",
    "units/<str:code>/": "one unit, public facts",
    "courses/": "public course catalogue",
    "courses/<slug:slug>/": "public course page",
    "^certificates/verify/(?P<code>[0-9A-Za-z]{1,64})\\.json$": "certificate verification",
    "^certificates/verify/(?P<code>[0-9A-Za-z]{1,64})/$": "certificate verification",
    "certificates/issuer/": "issuer profile",
    ".well-known/jwks.json": "public signing key",
    "^media/(?P<path>.*)$": "uploaded photos (DEBUG only; nginx in production)",
    "news/": "public news",
    "news/feed/": "public news feed",
    "news/<int:pk>/": "a public news item",
}


@dataclass(frozen=True)
class Rule:
    url: Callable  # (world, side) -> path
    allowed: frozenset[str]
    method: str = "get"
    scoped: bool = True  # has an out-of-scope object to try
    out: frozenset[str] = field(default_factory=lambda: frozenset({PA}))


def fixed(path: str) -> Callable:
    return lambda world, side: path


def obj(template: str, *attrs: str) -> Callable:
    """A path naming objects of the side: obj("/x/{}/", "household.pk")."""

    def build(world, side):
        values = []
        for attr in attrs:
            value = world[side]
            for part in attr.split("."):
                value = getattr(value, part)
            values.append(value)
        return template.format(*values)

    return build


def rule(path, allowed, **options) -> Rule:
    return Rule(url=fixed(path), allowed=frozenset(allowed), scoped=False, **options)


def scoped(template, attrs, allowed, **options) -> Rule:
    attrs = (attrs,) if isinstance(attrs, str) else attrs
    return Rule(url=obj(template, *attrs), allowed=frozenset(allowed), **options)


RULES = {
    # ------------------------------------------------ accounts
    "accounts/password_change/": rule("/accounts/password_change/", SIGNED_IN),
    "accounts/password_change/done/": rule("/accounts/password_change/done/", SIGNED_IN),
    "accounts/lockouts/": rule("/accounts/lockouts/", {PA}),
    "users/": rule("/users/", STAFF),
    "users/new/": rule("/users/new/", STAFF),
    "users/import/": rule("/users/import/", STAFF),
    "users/import/confirm/": rule("/users/import/confirm/", STAFF, method="post"),
    "users/import/template.csv": rule("/users/import/template.csv", STAFF),
    "users/<int:pk>/": scoped("/users/{}/", "account.pk", STAFF),
    "users/<int:pk>/edit/": scoped("/users/{}/edit/", "account.pk", STAFF),
    "users/<int:pk>/deactivate/": scoped("/users/{}/deactivate/", "account.pk", STAFF, method="post"),
    "users/<int:pk>/reactivate/": scoped("/users/{}/reactivate/", "account.pk", STAFF, method="post"),
    "users/<int:pk>/link/": scoped("/users/{}/link/", "account.pk", STAFF, method="post"),
    # ------------------------------------------------ outreach
    # The API answers staff too (their own, usually empty, walk list); a commune officer may open the
    # phone app to see what volunteers see.
    "api/v1/visits/sync": rule("/api/v1/visits/sync", STAFF | {VO}, method="post"),
    "api/v1/households/": rule("/api/v1/households/", STAFF | {VO}),
    "api/v1/logout": rule("/api/v1/logout", STAFF | {VO}, method="post"),
    "field/": rule("/field/", {VO, CO}),
    "outreach/today/": rule("/outreach/today/", {CO}),
    "outreach/hamlets/": rule("/outreach/hamlets/", {CO}),
    "outreach/households/": rule("/outreach/households/", STAFF),
    "outreach/households/add/": rule("/outreach/households/add/", {CO}),
    "outreach/households/assign/": rule("/outreach/households/assign/", {CO}, method="post"),
    "outreach/households/import/": rule("/outreach/households/import/", {CO}),
    "outreach/households/import/confirm/": rule("/outreach/households/import/confirm/", {CO}, method="post"),
    "outreach/households/import/template.csv": rule("/outreach/households/import/template.csv", STAFF),
    "outreach/households/<int:pk>/": scoped("/outreach/households/{}/", "household.pk", STAFF | {VO}),
    "outreach/households/<int:pk>/edit/": scoped("/outreach/households/{}/edit/", "household.pk", {CO}, out=NOBODY),
    "outreach/households/<int:pk>/consents/": scoped(
        "/outreach/households/{}/consents/", "household.pk", {CO}, method="post", out=NOBODY
    ),
    "outreach/households/<int:pk>/consents/<int:consent_pk>/withdraw/": scoped(
        "/outreach/households/{}/consents/{}/withdraw/", ("household.pk", "consent.pk"), {CO}, method="post", out=NOBODY
    ),
    "outreach/teams/": rule("/outreach/teams/", STAFF),
    "outreach/teams/add/": rule("/outreach/teams/add/", {CO}),
    "outreach/teams/<int:pk>/": scoped("/outreach/teams/{}/", "team.pk", {CO}, out=NOBODY),
    "outreach/progress/": rule("/outreach/progress/", STAFF),
    "outreach/vessels/": rule("/outreach/vessels/", STAFF),
    "outreach/vessels/add/": rule("/outreach/vessels/add/", {CO}),
    "outreach/vessels/returning/": rule("/outreach/vessels/returning/", STAFF),
    "outreach/vessels/<int:pk>/": scoped("/outreach/vessels/{}/", "vessel.pk", {CO}, out=NOBODY),
    # ------------------------------------------------ products (staff of the producer's area)
    "producers/": rule("/producers/", STAFF),
    "producers/new/": rule("/producers/new/", STAFF),
    "producers/<int:pk>/": scoped("/producers/{}/", "producer.pk", STAFF),
    "producers/<int:pk>/edit/": scoped("/producers/{}/edit/", "producer.pk", STAFF),
    "producers/<int:pk>/photos/": scoped("/producers/{}/photos/", "producer.pk", STAFF, method="post"),
    "producers/photos/producer/<int:pk>/delete/": scoped(
        "/producers/photos/producer/{}/delete/", "producer_photo.pk", STAFF, method="post"
    ),
    "producers/<int:pk>/certifications/new/": scoped("/producers/{}/certifications/new/", "producer.pk", STAFF),
    "producers/certifications/<int:pk>/edit/": scoped("/producers/certifications/{}/edit/", "certification.pk", STAFF),
    "producers/certifications/<int:pk>/delete/": scoped(
        "/producers/certifications/{}/delete/", "certification.pk", STAFF, method="post"
    ),
    "producers/<int:pk>/products/new/": scoped("/producers/{}/products/new/", "producer.pk", STAFF),
    "producers/products/<int:pk>/": scoped("/producers/products/{}/", "product.pk", STAFF),
    "producers/products/<int:pk>/active/": scoped("/producers/products/{}/active/", "product.pk", STAFF, method="post"),
    "producers/products/<int:pk>/photos/": scoped("/producers/products/{}/photos/", "product.pk", STAFF, method="post"),
    "producers/products/<int:pk>/lots/": scoped("/producers/products/{}/lots/", "product.pk", STAFF, method="post"),
    "producers/photos/<int:pk>/delete/": scoped("/producers/photos/{}/delete/", "photo.pk", STAFF, method="post"),
    "producers/lots/<int:pk>/delete/": scoped("/producers/lots/{}/delete/", "lot.pk", STAFF, method="post"),
    "labels/producer/<int:producer_id>.pdf": scoped("/labels/producer/{}.pdf", "producer.pk", STAFF),
    "labels/sheet/": rule("/labels/sheet/", STAFF),
    "labels/": scoped("/labels/?products={}", "product.code", STAFF),
    "scans/": rule("/scans/", STAFF),
    # ------------------------------------------------ training (the learner's own records)
    "courses/<slug:slug>/enrol/": scoped(
        "/courses/{}/enrol/", "learning.course.slug", SIGNED_IN, method="post", scoped=False
    ),
    "courses/<slug:slug>/lessons/<int:pk>/": scoped(
        "/courses/{}/lessons/{}/", ("learning.course.slug", "learning.lesson.pk"), {LE}, out=NOBODY
    ),
    "courses/<slug:slug>/lessons/<int:pk>/complete/": scoped(
        "/courses/{}/lessons/{}/complete/",
        ("learning.course.slug", "learning.lesson.pk"),
        {LE},
        method="post",
        out=NOBODY,
    ),
    "courses/<slug:slug>/quizzes/<int:pk>/": scoped(
        "/courses/{}/quizzes/{}/", ("learning.course.slug", "learning.quiz.pk"), {LE}, out=NOBODY
    ),
    "courses/<slug:slug>/attempts/<int:pk>/": scoped(
        "/courses/{}/attempts/{}/", ("learning.course.slug", "learning.attempt.pk"), {LE}, out=NOBODY
    ),
    "learning/": rule("/learning/", SIGNED_IN),
    "learning/certificates/<int:pk>.pdf": scoped(
        "/learning/certificates/{}.pdf", "learning.certificate.pk", {LE}, out=NOBODY
    ),
    "learning/certificates/<int:pk>.jwt": scoped(
        "/learning/certificates/{}.jwt", "learning.certificate.pk", {LE}, out=NOBODY
    ),
    "certificates/<int:pk>/revoke/": scoped(
        "/certificates/{}/revoke/", "learning.certificate.pk", STAFF, method="post"
    ),
    "training/reports/": rule("/training/reports/", STAFF),
    "training/cohort/": rule("/training/cohort/", STAFF),
    "training/sessions/": rule("/training/sessions/", STAFF),
    "training/national/": rule("/training/national/", STAFF),
    "training/national/<int:pk>/confirm/": scoped(
        "/training/national/{}/confirm/", "national.pk", STAFF, method="post"
    ),
    # The evidence file: the person it is about (the side's learner) and staff in scope.
    "training/national/<int:pk>/evidence/": scoped("/training/national/{}/evidence/", "national.pk", STAFF | {LE}),
    # ------------------------------------------------ campaigns
    "campaigns/": rule("/campaigns/", CAMPAIGN_READERS),
    "campaigns/add/": rule("/campaigns/add/", STAFF),
    "campaigns/<int:pk>/": scoped("/campaigns/{}/", "campaigns.campaign.pk", CAMPAIGN_READERS),
    "campaigns/<int:pk>/edit/": scoped("/campaigns/{}/edit/", "campaigns.campaign.pk", STAFF),
    "campaigns/<int:pk>/targets/": scoped("/campaigns/{}/targets/", "campaigns.campaign.pk", STAFF),
    "activities/": rule("/activities/?format=csv", CAMPAIGN_READERS),
    "activities/calendar/": rule("/activities/calendar/", CAMPAIGN_READERS),
    "activities/add/": rule("/activities/add/", STAFF),
    "activities/<int:pk>/": scoped("/activities/{}/", "campaigns.activity.pk", CAMPAIGN_READERS),
    "activities/<int:pk>/edit/": scoped("/activities/{}/edit/", "campaigns.activity.pk", STAFF),
    "activities/<int:pk>/attachments/": scoped(
        "/activities/{}/attachments/", "campaigns.activity.pk", STAFF, method="post"
    ),
    "activities/<int:pk>/attachments/<int:attachment_pk>/": scoped(
        "/activities/{}/attachments/{}/", ("campaigns.activity.pk", "campaigns.attachment.pk"), CAMPAIGN_READERS
    ),
    "activities/<int:pk>/attachments/<int:attachment_pk>/delete/": scoped(
        "/activities/{}/attachments/{}/delete/",
        ("campaigns.activity.pk", "campaigns.attachment.pk"),
        STAFF,
        method="post",
    ),
    "documents/": rule("/documents/", CAMPAIGN_READERS),
    "documents/add/": rule("/documents/add/", STAFF),
    "documents/<int:pk>/": scoped("/documents/{}/", "campaigns.document.pk", CAMPAIGN_READERS),
    "documents/<int:pk>/file/": scoped("/documents/{}/file/", "campaigns.document.pk", CAMPAIGN_READERS),
    # Only the staff of a commune the document was sent to acknowledge it and report on it.
    "documents/<int:pk>/acknowledge/": scoped(
        "/documents/{}/acknowledge/", "campaigns.document.pk", {CO}, method="post", out=NOBODY
    ),
    "documents/<int:pk>/report/": scoped(
        "/documents/{}/report/", "campaigns.document.pk", {CO}, method="post", out=NOBODY
    ),
    "bulletins/": rule("/bulletins/", CAMPAIGN_READERS),
    "bulletins/add/": rule("/bulletins/add/", STAFF),
    "bulletins/<int:pk>/": scoped("/bulletins/{}/", "campaigns.bulletin.pk", CAMPAIGN_READERS),
    "bulletins/<int:pk>/audio/": scoped("/bulletins/{}/audio/", "campaigns.bulletin.pk", CAMPAIGN_READERS),
    # ------------------------------------------------ notifications (each user's own)
    "notifications/": rule("/notifications/", SIGNED_IN),
    "notifications/unread.json": rule("/notifications/unread.json", SIGNED_IN),
    "notifications/read-all/": rule("/notifications/read-all/", SIGNED_IN, method="post"),
    "profile/notifications/": rule("/profile/notifications/", SIGNED_IN),
    "notifications/<int:pk>/read/": scoped(
        "/notifications/{}/read/", "notification.pk", {LE}, method="post", out=NOBODY
    ),
    # ------------------------------------------------ coverage
    "coverage/": rule("/coverage/", STAFF),
    "coverage/communes.csv": rule("/coverage/communes.csv", STAFF),
    "coverage/communes.xlsx": rule("/coverage/communes.xlsx", STAFF),
    "coverage/official/import/": rule("/coverage/official/import/", STAFF),
    "coverage/official/import/confirm/": rule("/coverage/official/import/confirm/", STAFF, method="post"),
    "coverage/official/import/template.csv": rule("/coverage/official/import/template.csv", STAFF),
    "coverage/<str:code>/": scoped("/coverage/{}/", "commune.code", STAFF),
    "coverage/<str:code>/official/": scoped("/coverage/{}/official/", "commune.code", STAFF, method="post"),
    "coverage/<str:code>/targets/": scoped("/coverage/{}/targets/", "commune.code", STAFF, method="post"),
    "coverage/reports/": rule("/coverage/reports/", STAFF),
    "coverage/reports/weekly/": rule("/coverage/reports/weekly/", STAFF, method="post"),
    "coverage/reports/<int:pk>/status.json": scoped("/coverage/reports/{}/status.json", "report.pk", STAFF),
    # The world's reports failed, so they have no file: not found for anyone (tests/coverage/test_reports.py
    # downloads built ones within scope).
    "coverage/reports/<int:pk>/download/": scoped("/coverage/reports/{}/download/", "report.pk", NOBODY),
    "coverage/reports/<int:pk>/retry/": scoped("/coverage/reports/{}/retry/", "report.pk", STAFF, method="post"),
    # ------------------------------------------------ personal data
    "audit/": rule("/audit/", {PA}),
    "privacy/households/<int:pk>/": scoped("/privacy/households/{}/", "household.pk", {PA, CO}),
    "privacy/households/<int:pk>/data.json": scoped("/privacy/households/{}/data.json", "household.pk", {PA, CO}),
    "privacy/households/<int:pk>/erase/": scoped(
        "/privacy/households/{}/erase/", "household.pk", {PA, CO}, method="post"
    ),
}
