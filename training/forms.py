from typing import ClassVar

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from accounts.access import units_visible_to
from core.filetypes import UploadRefused, recognise
from core.tabular import ImportPreview, RowError, TabularImport
from units.models import AdministrativeUnit

from .models import Course, NationalCompletion, PersonRole, TrainingSession


class CohortForm(forms.Form):
    GROUPS = [
        ("volunteers", _("All volunteers of the unit")),
        ("officials", _("All officials of the unit")),
        ("list", _("A CSV/XLSX list of usernames")),
    ]
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(is_published=True))
    unit = forms.ModelChoiceField(
        label=_("Commune or district"),
        queryset=None,
        help_text=_("Citizens on a list are counted in this unit."),
    )
    group = forms.ChoiceField(label=_("Who"), choices=GROUPS, widget=forms.RadioSelect, initial="volunteers")
    file = forms.FileField(label=_("List (CSV or XLSX, column “username”)"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(level__gte=2)

    def clean(self):
        data = super().clean()
        if data.get("group") == "list" and not data.get("file"):
            self.add_error("file", _("Choose the file with the list."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


ATTENDEE_ROLES = {
    "official": PersonRole.OFFICIAL,
    "cán bộ": PersonRole.OFFICIAL,
    "volunteer": PersonRole.VOLUNTEER,
    "tổ cnscđ": PersonRole.VOLUNTEER,
    "citizen": PersonRole.CITIZEN,
    "người dân": PersonRole.CITIZEN,
}
EVIDENCE_EXTENSIONS = {"pdf", "jpg", "png"}
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


def _units_field(user):
    return forms.ModelChoiceField(
        label=_("Commune"), queryset=units_visible_to(user).filter(level=AdministrativeUnit.Level.COMMUNE)
    )


class ConsentField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(label=_("The people named here agreed to have their names recorded."), **kwargs)


class AttendanceList(TabularImport):
    """An attendance sheet: full name and role per row (role in English or Vietnamese)."""

    columns: ClassVar = {
        "full_name": ("full_name", ["họ và tên", "họ tên", "name"]),
        "role": ("role", ["vai trò"]),
    }
    required: ClassVar = ["full_name", "role"]

    def check_rows(self, body, columns, preview: ImportPreview) -> None:
        for line, row in body:
            cells = self.cells(row, columns)
            role = ATTENDEE_ROLES.get(cells["role"].lower())
            if not cells["full_name"] or len(cells["full_name"]) > 200 or role is None:
                preview.errors.append(RowError(line, _("Write a full name and official, volunteer or citizen.")))
            else:
                preview.rows.append({"full_name": cells["full_name"], "role": role})


class SessionForm(forms.ModelForm):
    attendees = forms.CharField(
        label=_("Attendance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One person per line: full name; role (official, volunteer or citizen)."),
    )
    attendance_file = forms.FileField(
        label=_("…or an attendance sheet (CSV/XLSX with columns full_name, role)"), required=False
    )
    consent = ConsentField()

    class Meta:
        model = TrainingSession
        fields = ["title", "kind", "course", "topic", "unit", "held_on"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _units_field(user)
        self.fields["course"].queryset = Course.objects.filter(is_published=True)
        self.fields["held_on"].widget = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})

    def clean_attendance_file(self) -> list[dict]:
        upload = self.cleaned_data.get("attendance_file")
        if not upload:
            return []
        parsed = AttendanceList().parse(upload.name, upload.read())
        if parsed.file_error:
            raise forms.ValidationError(parsed.file_error)
        if parsed.errors:
            raise forms.ValidationError(
                [_("Row %(line)s: %(reason)s") % {"line": e.line, "reason": e.message} for e in parsed.errors]
            )
        return parsed.rows

    def clean_attendees(self) -> list[dict]:
        people, errors = [], []
        for number, line in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, role = (part.strip() for part in line.partition(";"))
            role_value = ATTENDEE_ROLES.get(role.lower())
            if not name or len(name) > 200 or role_value is None:
                errors.append(_("Line %(n)d: write “full name; official, volunteer or citizen”.") % {"n": number})
            else:
                people.append({"full_name": name, "role": role_value})
        if errors:
            raise forms.ValidationError(errors)
        return people

    def clean(self):
        data = super().clean()
        if not data.get("course") and not data.get("topic"):
            self.add_error("topic", _("Name the course or the topic of the session."))
        if "attendees" in data and "attendance_file" in data:
            data["attendees"] = data["attendees"] + data["attendance_file"]
            if not data["attendees"]:
                self.add_error("attendees", _("List at least one attendee."))
        return data


class NationalCompletionForm(forms.ModelForm):
    consent = ConsentField()

    class Meta:
        model = NationalCompletion
        fields = [
            "full_name",
            "role",
            "unit",
            "platform",
            "course_name",
            "completed_on",
            "certificate_number",
            "evidence",
        ]

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _units_field(user)
        self.fields["completed_on"].widget = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})

    def clean_evidence(self):
        """A PDF, JPEG or PNG by its content; a photo is stored re-encoded, without where it was taken."""
        evidence = self.cleaned_data.get("evidence")
        if not evidence:
            return evidence
        try:
            checked = recognise(evidence, MAX_EVIDENCE_BYTES)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        if checked is None or checked.extension not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(_("The evidence must be a PDF, JPEG or PNG file."))
        return ContentFile(checked.data, name=f"evidence.{checked.extension}")

    def clean(self):
        data = super().clean()
        if not data.get("certificate_number") and not data.get("evidence"):
            self.add_error("certificate_number", _("Give the certificate number or attach the evidence."))
        return data
