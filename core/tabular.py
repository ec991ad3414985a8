"""Importing a table from a CSV or XLSX upload: read it safely, map the header, check every row,
preview all the problems by line number, then confirm all or nothing.

An import subclasses TabularImport: it names its columns (a header to print in the template and the
aliases it accepts; case and diacritics are ignored) and checks the rows in `check_rows`, appending
a RowError per bad line or a parsed row per good one. `parse()` runs the file-level checks first
(size, format, zip bomb, row count, header) and stops at the first one that fails; `can_import` is
true only when no row has a problem, and `confirm()` claims the previewed file (core.uploads),
parses it again from scratch and saves it in one transaction.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import export, uploads
from .text import fold, is_storable_text


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportPreview:
    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


@dataclass(frozen=True)
class ConfirmResult:
    """expired: nothing to import (gone, replaced, not theirs); else the re-checked preview and,
    when it could be imported, what `save` returned."""

    expired: bool
    preview: ImportPreview | None = None
    saved: Any = None
    original_name: str = ""


Body = list[tuple[int, list[str]]]  # (line number in the file, cell texts) of each non-empty row


def header_key(text: str) -> str:
    """A header compared ignoring case, diacritics, underscores and spaces around a slash."""
    return re.sub(r"[\s_]*/[\s_]*", "/", fold(text).replace("_", " "))


def cell_text(value) -> str:
    """A cell as text: whitespace collapsed, a spreadsheet's 4.0 read as 4, an empty cell as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


class TabularImport:
    # field -> (header printed in the template, accepted aliases)
    columns: ClassVar[dict[str, tuple[str, list[str]]]] = {}
    required: ClassVar[list[str]] = []
    max_file_bytes: ClassVar[int] = 2 * 1024 * 1024
    max_rows: ClassVar[int] = 5000
    max_columns: ClassVar[int] = 30
    # An XLSX is a zip: 2 MB of it can unpack to gigabytes (openpyxl keeps every shared string in memory).
    max_unpacked_bytes: ClassVar[int] = 25 * 1024 * 1024
    # What the user reads when a limit is hit; an import may say how to split its file.
    too_large_message = gettext_lazy("The file is larger than %(max)s MB; split it.")
    too_many_rows_message = gettext_lazy("The file has more than %(max)s rows; split it.")
    unpacks_too_large_message = gettext_lazy("The XLSX file unpacks to more than %(max)s MB; split it.")
    too_many_records_message = too_many_rows_message  # counted without the header and empty rows
    no_rows_message = gettext_lazy("The file has no data rows.")

    def check_rows(self, body: Body, columns: dict[str, int], preview: ImportPreview) -> None:
        raise NotImplementedError

    # --- parsing ----------------------------------------------------------------------------------

    def parse(self, filename: str, data: bytes) -> ImportPreview:
        preview = ImportPreview()
        if len(data) > self.max_file_bytes:
            preview.file_error = str(self.too_large_message) % {"max": self.max_file_bytes // (1024 * 1024)}
            return preview
        try:
            table = self.read_table(filename, data)
        except ValueError as exc:
            preview.file_error = str(exc)
            return preview
        if not table or not any(table[0]):
            preview.file_error = _("The first row must be the header row.")
            return preview
        if not all(is_storable_text(title) for title in table[0]):
            preview.file_error = _("The header row contains a character that cannot be stored (NUL).")
            return preview
        columns = self._map_header(table[0], preview)
        if preview.file_error:
            return preview
        body = [(line, row) for line, row in enumerate(table[1:], start=2) if any(row)]
        if len(body) > self.max_rows:
            preview.file_error = str(self.too_many_records_message) % {"max": self.max_rows}
        elif not body:
            preview.file_error = str(self.no_rows_message)
        else:
            self.check_rows(self._storable_rows(body, preview), columns, preview)
            preview.errors.sort(key=lambda error: error.line)
        return preview

    @staticmethod
    def _storable_rows(body: Body, preview: ImportPreview) -> Body:
        """Rows PostgreSQL can store; each other one (a NUL character, say) is a row error here, at preview,
        instead of a database error at confirm."""
        storable = []
        for line, row in body:
            if all(is_storable_text(cell) for cell in row):
                storable.append((line, row))
            else:
                preview.errors.append(RowError(line, _("The row contains a character that cannot be stored (NUL).")))
        return storable

    @staticmethod
    def cells(row: list[str], columns: dict[str, int]) -> dict[str, str]:
        """The row's cells by field name; a short row's missing cells are empty."""
        return {name: (row[index] if index < len(row) else "") for name, index in columns.items()}

    def _map_header(self, header: list[str], preview: ImportPreview) -> dict[str, int]:
        lookup = {
            header_key(name): field_name
            for field_name, (title, aliases) in self.columns.items()
            for name in [title, *aliases]
        }
        columns: dict[str, int] = {}
        for index, title in enumerate(header):
            field_name = lookup.get(header_key(title))
            if field_name is None:
                if title:
                    preview.ignored_columns.append(title)
            elif field_name in columns:
                preview.file_error = _("The column “%(title)s” appears twice.") % {"title": title}
            else:
                columns[field_name] = index
        missing = [self.columns[name][0] for name in self.required if name not in columns]
        if missing:
            preview.file_error = _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        return columns

    # --- reading ----------------------------------------------------------------------------------

    def read_table(self, filename: str, data: bytes) -> list[list[str]]:
        """Rows of cell texts, row 1 being the header; raises ValueError with a user-facing reason."""
        if filename.lower().endswith(".xlsx"):
            return self._read_xlsx(data)
        if filename.lower().endswith(".csv"):
            return self._read_csv(data)
        raise ValueError(_("Upload a .csv or .xlsx file."))

    @staticmethod
    def _read_csv(data: bytes) -> list[list[str]]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(_("The CSV file must be saved as UTF-8.")) from exc
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)
        try:
            return [[cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        except csv.Error as exc:
            raise ValueError(_("The CSV file could not be read: %(reason)s") % {"reason": exc}) from exc

    def _read_xlsx(self, data: bytes) -> list[list[str]]:
        from openpyxl import load_workbook  # loaded by the imports that read XLSX only

        self._refuse_zip_bomb(data)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a broken file
            raise ValueError(_("The XLSX file could not be read.")) from exc
        try:
            sheet = workbook.worksheets[0]
            rows = []
            # A small compressed file can still declare a million (formatted but empty) rows: stop early.
            for row in sheet.iter_rows(max_col=self.max_columns, values_only=True):
                rows.append([cell_text(cell) for cell in row])
                if len(rows) > 2 * self.max_rows:
                    raise ValueError(str(self.too_many_rows_message) % {"max": self.max_rows})
            return rows
        finally:
            workbook.close()

    def _refuse_zip_bomb(self, data: bytes) -> None:
        """Refuse an archive whose members unpack to too much; zipfile never reads past a member's declared size."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ValueError(_("The XLSX file could not be read.")) from exc
        if unpacked > self.max_unpacked_bytes:
            raise ValueError(str(self.unpacks_too_large_message) % {"max": self.max_unpacked_bytes // (1024 * 1024)})

    # --- template and confirm ---------------------------------------------------------------------

    @classmethod
    def template_csv(cls, examples: list[list[str]]) -> str:
        """The header row and example rows as a UTF-8 CSV with a BOM (so Excel reads the diacritics),
        written by core.export like every CSV the portal produces."""
        return "".join(export.csv_rows([title for title, _aliases in cls.columns.values()], examples))

    def preview_upload(
        self, upload, owner: AbstractBaseUser, purpose: str, *, context: dict[str, Any] | None = None
    ) -> tuple[ImportPreview, str]:
        """Parse an uploaded file; keep it for its confirm when it can be imported, with its token.

        A file that cannot be imported gets the token "" and drops the owner's older kept file, so a
        preview in another tab can no longer be confirmed.
        """
        data = upload.read(self.max_file_bytes + 1)  # one byte over the limit is enough to refuse it
        preview = self.parse(upload.name, data)
        if not preview.can_import:
            uploads.discard(owner, purpose)
            return preview, ""
        return preview, str(uploads.keep(owner, purpose, upload.name, data, context=context).pk)

    def confirm(
        self,
        token: str,
        owner: AbstractBaseUser,
        purpose: str,
        save: Callable[[ImportPreview], Any],
        *,
        context: dict[str, Any] | None = None,
    ) -> ConfirmResult:
        """Claim the previewed file once, check it again from scratch, and save all of it or nothing.

        `context` must match what was kept with the file (e.g. the commune it was previewed for).
        """
        with transaction.atomic():
            pending = uploads.claim(token, owner, purpose)
            if pending is None:
                return ConfirmResult(expired=True)
            if any(pending.context.get(k) != v for k, v in (context or {}).items()):
                transaction.set_rollback(True)  # not this one's to confirm: the file stays for its own
                return ConfirmResult(expired=True)
            preview = self.parse(pending.original_name, pending.content)
            saved = save(preview) if preview.can_import else None
            return ConfirmResult(False, preview, saved, pending.original_name)
