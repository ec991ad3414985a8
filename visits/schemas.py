"""The API contract of door-to-door outreach: pydantic schemas that validate, document and fingerprint.

`VisitIn` is one synced visit. The sync validates each item on its own (`parse_visit`), so one
malformed item is answered `invalid` with per-field messages (in the request's language) while the
others are stored; the same class generates the OpenAPI description, and its content fields are
exactly what the fingerprint covers (`VisitIn.content`).

Decided drift (tested in tests/visits/test_visit_sync_contract.py): `household` is a JSON integer
(a numeric string is invalid); an optional field sent as null means "not given" (`people_helped:
null` is 0, `notes: null` is "", `skills: null` is []).
"""

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, ValidationError

from core.text import is_storable_text

from .models import HouseholdStatus, Outcome, Service, Skill, TargetGroup

MAX_BATCH = 500
MAX_NOTES_LENGTH = 1000
MAX_PEOPLE_HELPED = 50
# Phones' clocks drift; a visit a few minutes "in the future" is a clock, not a lie.
FUTURE_SKEW = timedelta(minutes=5)
EARLIEST_VISIT = datetime(2020, 1, 1, tzinfo=UTC)
MAX_ID = 2**63 - 1  # PostgreSQL bigint: a larger number would be a database error, not "not found"
_COORDINATE_PLACES = Decimal("0.000001")

Errors = dict[str, list[str]]


class _Refused(ValueError):
    """A value refused with a message of ours (already translated) rather than pydantic's."""


def _none_if_empty(value: Any) -> Any:
    return None if value == "" else value


def _iso_datetime(value: Any) -> datetime:
    """ISO 8601 text only (not a number of seconds); naive means the portal's time zone."""
    if not isinstance(value, str):
        raise _Refused(_("Required: an ISO 8601 date and time."))
    if "\x00" in value:  # fromisoformat stops reading at a NUL and would accept the text
        raise _Refused(_("Not an ISO 8601 date and time."))
    try:
        moment = datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 at +14:00 is before year 1 in UTC
        raise _Refused(_("Not an ISO 8601 date and time.")) from None


def _iso_date(value: Any) -> date | None:
    value = _none_if_empty(value)
    if value is None:
        return None
    if not isinstance(value, str) or "\x00" in value:  # fromisoformat stops reading at a NUL
        raise _Refused(_("Must be a date (YYYY-MM-DD)."))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Refused(_("Must be a date (YYYY-MM-DD).")) from None


def coordinate(value: Any) -> Decimal | None:
    """Degrees as a JSON number or numeric text, kept to six places (about 11 cm)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Refused(_("Must be a number of degrees."))
    try:
        number = Decimal(str(value)).quantize(_COORDINATE_PLACES)
    except InvalidOperation:  # not a number, or too large to keep six decimal places
        raise _Refused(_("Must be a number of degrees.")) from None
    if not number.is_finite():
        raise _Refused(_("Must be a number of degrees."))
    return number


def _codes(value: Any) -> Any:
    return [] if value is None else value


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def _sorted_unique(codes: list[str]) -> list[str]:
    return sorted(set(codes))


def _notes(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Refused(_("Must be text."))
    value = value.strip()
    if len(value) > MAX_NOTES_LENGTH:
        raise _Refused(_("At most %(max)d characters.") % {"max": MAX_NOTES_LENGTH})
    if not is_storable_text(value):
        raise _Refused(_("Contains characters that cannot be stored."))
    return value


def _people_helped(value: Any) -> Any:
    return 0 if value is None else value


OutcomeCode = Literal[tuple(Outcome.values)]
SkillCode = Literal[tuple(Skill.values)]
ServiceCode = Literal[tuple(Service.values)]


class VisitIn(BaseModel):
    """One visit as a phone sends it. Keys not listed here are ignored."""

    model_config = ConfigDict(extra="ignore", regex_engine="python-re")

    uuid: UUID = Field(description="Made on the phone; a retry reuses it.")
    household: Annotated[StrictInt, Field(gt=0, le=MAX_ID, description="Id of one of the caller's households.")]
    visited_at: Annotated[datetime, BeforeValidator(_iso_datetime)] = Field(
        description="ISO 8601; not in the future (5 minutes of clock drift allowed), not before 2020."
    )
    outcome: OutcomeCode
    skills: Annotated[list[SkillCode], BeforeValidator(_codes), AfterValidator(_sorted_unique)] = Field(
        default_factory=list, description="Skills coached; only when outcome is 'met'. null: none."
    )
    services: Annotated[list[ServiceCode], BeforeValidator(_codes), AfterValidator(_sorted_unique)] = Field(
        default_factory=list, description="Services completed; only when outcome is 'met'. null: none."
    )
    people_helped: Annotated[StrictInt | None, BeforeValidator(_people_helped)] = Field(
        default=0, ge=0, le=MAX_PEOPLE_HELPED, description="null: 0."
    )
    notes: Annotated[str | None, BeforeValidator(_notes)] = Field(
        default="", max_length=MAX_NOTES_LENGTH, description="Trimmed; null: none."
    )
    next_visit_on: Annotated[date | None, BeforeValidator(_iso_date)] = Field(
        default=None, description="YYYY-MM-DD, not before the visit; null or '': none."
    )
    replaces: Annotated[UUID | None, BeforeValidator(_none_if_empty)] = Field(
        default=None, description="An edit: the UUID of the earlier visit of the same household, kept as history."
    )
    latitude: Annotated[Decimal | None, BeforeValidator(coordinate)] = Field(
        default=None, ge=-90, le=90, description="Degrees; sent together with longitude or not at all."
    )
    longitude: Annotated[Decimal | None, BeforeValidator(coordinate)] = Field(
        default=None, ge=-180, le=180, description="Degrees; sent together with latitude or not at all."
    )

    def content(self) -> dict[str, Any]:
        """Every field of the contract but the uuid: what the fingerprint covers."""
        content = dict(self.__dict__)  # pydantic keeps exactly the fields here; faster than model_dump
        del content["uuid"]
        return content

    def cross_field_errors(self, now: datetime) -> Errors:
        """Rules that involve more than one field, or the clock."""
        errors: Errors = {}
        if self.visited_at > now + FUTURE_SKEW:
            errors["visited_at"] = [_("Cannot be in the future.")]
        elif self.visited_at < EARLIEST_VISIT:
            errors["visited_at"] = [_("Too far in the past.")]
        if self.outcome != Outcome.MET:
            for field in ("skills", "services"):
                if getattr(self, field):
                    errors[field] = [_("Only when the outcome is 'met'.")]
        if self.next_visit_on and self.next_visit_on < timezone.localtime(self.visited_at).date():
            errors["next_visit_on"] = [_("Cannot be before the visit.")]
        if self.replaces is not None and self.replaces == self.uuid:
            errors["replaces"] = [_("A visit cannot replace itself.")]
        for field, other in (("latitude", "longitude"), ("longitude", "latitude")):
            if getattr(self, field) is None and getattr(self, other) is not None:
                errors[field] = [_("GPS needs a latitude and a longitude in degrees.")]
        return errors


def _field_hint(field: str) -> str:
    """What a field must be, for pydantic's own errors (type, range, missing)."""
    hints = {
        "uuid": _("Required: a UUID made on the phone."),
        "household": _("Required: a household id."),
        "visited_at": _("Required: an ISO 8601 date and time."),
        "outcome": _("Required: one of %(codes)s.") % {"codes": ", ".join(Outcome.values)},
        "skills": _("Must be a list of these codes: %(codes)s.") % {"codes": ", ".join(Skill.values)},
        "services": _("Must be a list of these codes: %(codes)s.") % {"codes": ", ".join(Service.values)},
        "people_helped": _("Must be a whole number between 0 and %(max)d.") % {"max": MAX_PEOPLE_HELPED},
        "notes": _("Must be text."),
        "next_visit_on": _("Must be a date (YYYY-MM-DD)."),
        "replaces": _("Must be the UUID of an earlier visit."),
        "latitude": _("Must be a number of degrees between -90 and 90."),
        "longitude": _("Must be a number of degrees between -180 and 180."),
    }
    return hints.get(field, _("Not accepted."))


def field_errors(error: ValidationError) -> Errors:
    """pydantic's errors as {field: [message]}, in the request's language; '__all__' for the item."""
    errors: Errors = {}
    for detail in error.errors(include_url=False, include_input=False):
        field = str(detail["loc"][0]) if detail["loc"] else "__all__"
        if field == "__all__":
            message = _("Each visit must be a JSON object.")
        elif isinstance(detail.get("ctx", {}).get("error"), _Refused):
            message = str(detail["ctx"]["error"])
        else:
            message = _field_hint(field)
        if message not in errors.setdefault(field, []):
            errors[field].append(message)
    return errors


_validate_visit = VisitIn.__pydantic_validator__.validate_python  # model_validate minus a wrapper: 500 per batch


def parse_visit(raw: Any, now: datetime) -> tuple[VisitIn | None, Errors]:
    """One item of a batch: the validated visit, or its errors; never raises for any JSON value."""
    if not isinstance(raw, dict):
        return None, {"__all__": [_("Each visit must be a JSON object.")]}
    try:
        visit = _validate_visit(raw)
    except ValidationError as error:
        return None, field_errors(error)
    errors = visit.cross_field_errors(now)
    return (None, errors) if errors else (visit, {})


def huge_number_as_infinity(text: str) -> int | float:
    """json.loads parse_int: Python refuses to convert integers of over 4,300 digits and would fail the
    whole batch; infinity fails only the item (no field of the contract takes a number that large)."""
    return int(text) if len(text) <= 30 else math.inf


# ---------------------------------------------------------------- the other bodies and answers


class SyncResult(Schema):
    uuid: str | None = Field(description="As sent (null when the item had no text uuid).")
    status: Literal["created", "duplicate", "conflict", "invalid"] = Field(
        description="duplicate: same UUID and content already saved; conflict: same UUID, other content, "
        "nothing changed; invalid: see errors."
    )
    errors: dict[str, list[str]] | None = Field(
        default=None, description="Per-field messages, only when invalid ('__all__' for the item as a whole)."
    )


class SyncIn(Schema):
    visits: list[VisitIn] = Field(max_length=MAX_BATCH)


class SyncOut(Schema):
    results: list[SyncResult]


class HouseholdOut(Schema):
    id: int
    hamlet: str
    hamlet_id: int
    address: str
    # Blank (never null) without a consent to keep them; a stored NULL is answered as "" too.
    head_name: Annotated[str, BeforeValidator(_blank_if_none)] = Field(
        description="Empty when the household gave no consent to keep it."
    )
    phone: Annotated[str, BeforeValidator(_blank_if_none)] = Field(
        description="Empty without consent; in full only for volunteers who work this household, "
        "masked (09xx xxx 123) for everyone else."
    )
    members_count: int
    target_groups: list[Literal[tuple(TargetGroup.values)]]
    status: Literal[tuple(HouseholdStatus.values)]
    last_visit_at: datetime | None
    next_visit_on: date | None


class ErrorOut(Schema):
    error: str = Field(examples=["invalid_batch"])
    detail: str


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str = Field(description="Send it as 'Authorization: Token <token>'.")
