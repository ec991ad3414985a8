"""Streamed downloads of rows as CSV or XLSX, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is run as a formula when the file is opened: a household name like
`=HYPERLINK("http://…")` would turn an officer's export into a phishing link. Such text gets a leading
apostrophe, which spreadsheets show as text. Numbers and dates are written as they are.

CSV is generated row by row into the response; XLSX (openpyxl's write-only mode, constant memory)
is written to a temporary file first, since a zip cannot be streamed while it is built, then sent
in chunks and deleted when the response is closed.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, escaped with a leading apostrophe; else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_rows(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so Excel reads UTF-8 (Vietnamese diacritics) instead of the local code page
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])


def csv_response(filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]  # title, header, rows
SHEET_TITLE_CHARS = 31  # Excel's limit
FORBIDDEN_IN_SHEET_TITLES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(name: str, taken: set[str]) -> str:
    """A title Excel accepts (no [ ] : * ? / \\, at most 31 characters), unique in the workbook
    (case-insensitively, "Name (2)" for a repeat); `taken` collects the titles used so far."""
    base = str(name).translate(FORBIDDEN_IN_SHEET_TITLES).strip("'")[:SHEET_TITLE_CHARS] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: SHEET_TITLE_CHARS - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx_sheets(target, sheets: Iterable[Sheet]) -> None:
    """Write sheets to target (a path or binary file) in openpyxl's constant-memory write-only mode.
    Each sheet's rows are read only when it is written, so a generator may report progress."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make an unreadable file
        return safe_cell(value)

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title, taken))
        sheet.append([cell(value) for value in header])
        for row in rows:
            sheet.append([cell(value) for value in row])
    workbook.save(target)


def write_xlsx(target, header: Sequence[Any], rows: Iterable[Sequence[Any]], sheet_title: str = "Data") -> None:
    write_xlsx_sheets(target, [(sheet_title, header, rows)])


def xlsx_sheets_response(filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed (and so deleted) by the response
    write_xlsx_sheets(spool, sheets)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def xlsx_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], sheet_title: str = "Data"
) -> FileResponse:
    return xlsx_sheets_response(filename, [(sheet_title, header, rows)])
