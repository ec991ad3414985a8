"""The provincial report's content and its two renderings: XLSX (a summary sheet, then one sheet per
district) and PDF (tables and bar charts, DejaVu fonts for the Vietnamese text).

Every figure comes from coverage.selectors, the same rows the dashboard shows; nothing here queries.
Sections follow the unit tree as it is: the scope's children that have children of their own
(districts), or the scope itself when its children are the leaves (a district's communes).
"""

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import export, pdf
from core.indicators import Indicator, Period, all_indicators
from units.models import AdministrativeUnit

from . import selectors
from .selectors import CoverageRow

Progress = Callable[[int], None]
# The columns of the PDF's tables (the XLSX has every indicator).
PDF_COLUMNS = ["households_registered", "households_reached", "visits"]
CHART_MAX_HEIGHT = 380  # points


@dataclass
class Section:
    unit: AdministrativeUnit
    total: CoverageRow
    rows: list[CoverageRow]  # its communes (leaf units), in path order


@dataclass
class ReportData:
    scope: AdministrativeUnit
    period: Period
    indicators: list[Indicator]
    total: CoverageRow
    sections: list[Section]


def gather(scope: AdministrativeUnit, period: Period) -> ReportData:
    """The figures of the report: the selectors the dashboard uses, for this scope and period."""
    tree = selectors.tree_of(scope)
    children = tree.children(scope)
    section_units = [c for c in children if tree.children(c)] or [scope]
    leaves, (total, *totals) = selectors.tree_rows(tree, period, [scope, *section_units])
    sections = [
        Section(unit, row, [r for r in leaves if r.unit.path.startswith(unit.path)])
        for unit, row in zip(section_units, totals, strict=True)
    ]
    return ReportData(scope, period, all_indicators(), total, sections)


def title(data: ReportData) -> str:
    return _("Digital transformation coverage — %(unit)s") % {"unit": data.scope.name}


def period_text(period: Period) -> str:
    start, end = (formats.date_format(d, "SHORT_DATE_FORMAT") for d in period)
    return _("From %(start)s to %(end)s") % {"start": start, "end": end}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


# ---------------------------------------------------------------- XLSX
# Written by core.export, like every spreadsheet of the portal: one formula-escaping path, sheet
# titles Excel accepts, constant memory.


def xlsx_header(data: ReportData) -> list[str]:
    """Machine-readable column names, the same as /coverage/communes.csv's."""
    codes = [i.code for i in data.indicators]
    return ["gso_code", "district", "commune", *codes, "official_households", "reached_of_register_pct"]


def _xlsx_row(row: CoverageRow, district: str, data: ReportData) -> list:
    values = [row.values.get(i.code, 0) for i in data.indicators]
    return [row.unit.code, district, row.unit.name, *values, row.official_households, row.reached_of_register]


def _summary_rows(data: ReportData) -> Iterator[list]:
    yield [period_text(data.period)]
    yield []
    yield ["gso_code", "unit", *[i.code for i in data.indicators], "reached_of_register_pct"]
    yield ["", "", *[str(i.label) for i in data.indicators], _("% reached of the register")]
    for section in [*data.sections, None]:
        row = section.total if section else data.total
        values = [row.values.get(i.code, 0) for i in data.indicators]
        yield [row.unit.code, row.unit.name, *values, row.reached_of_register]


def _section_rows(data: ReportData, n: int, progress: Progress) -> Iterator[list]:
    section = data.sections[n - 1]
    district = section.unit.name if section.unit != data.scope else ""
    for row in section.rows:
        yield _xlsx_row(row, district, data)
    progress(n * 100 // len(data.sections))


def render_xlsx(data: ReportData, progress: Progress) -> bytes:
    """A summary sheet, then one sheet per section (district), progress reported as each is written."""
    sheets = [(_("Summary"), [title(data)], _summary_rows(data))]
    sheets += [
        (section.unit.name, xlsx_header(data), _section_rows(data, n, progress))
        for n, section in enumerate(data.sections, start=1)
    ]
    out = io.BytesIO()
    export.write_xlsx_sheets(out, sheets)
    return out.getvalue()


# ---------------------------------------------------------------- PDF


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=pdf.FONT_BOLD, fontSize=16, leading=20, spaceAfter=4 * mm),
        "h2": ParagraphStyle("h2", fontName=pdf.FONT_BOLD, fontSize=12, leading=15, spaceBefore=3 * mm),
        "body": ParagraphStyle("body", fontName=pdf.FONT, fontSize=9, leading=12),
    }


def _bar_chart(rows: list[CoverageRow], width: float) -> Drawing:
    """% of registered households reached, one bar per unit (longest names need the left margin);
    at most CHART_MAX_HEIGHT tall, so a district of forty communes still fits one page."""
    height = min(14 * len(rows), CHART_MAX_HEIGHT) + 30
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 15, width - 190, height - 25
    chart.data = [[row.reached_of_register or 0 for row in reversed(rows)]]
    chart.categoryAxis.categoryNames = [row.unit.name for row in reversed(rows)]
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.bars[0].fillColor = colors.HexColor("#0d6efd")
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = pdf.FONT
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    drawing.add(chart)
    drawing.add(String(150, height - 8, _("% reached of the register"), fontName=pdf.FONT, fontSize=8))
    return drawing


def _table(rows: list[CoverageRow], data: ReportData, first_column: str) -> Table:
    labels = {i.code: str(i.label) for i in data.indicators}
    header = [first_column, *[labels.get(code, code) for code in PDF_COLUMNS], _("% reached")]
    body = [
        [row.unit.name, *[f"{row.values.get(code, 0):,}" for code in PDF_COLUMNS], _percent(row.reached_of_register)]
        for row in rows
    ]
    styles = _styles()
    wrapped = [[Paragraph(str(cell), styles["body"]) for cell in header]] + body
    table = Table(wrapped, repeatRows=1, colWidths=[70 * mm] + [40 * mm] * len(PDF_COLUMNS) + [30 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.FONT),
                ("FONTSIZE", (0, 1), (-1, -1), 8),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f8f9fa")]),
            ]
        )
    )
    return table


def render_pdf(data: ReportData, progress: Progress) -> bytes:
    pdf.register_fonts()
    out = io.BytesIO()
    page = landscape(A4)
    document = SimpleDocTemplate(
        out, pagesize=page, title=title(data), author=pdf.AUTHOR, leftMargin=12 * mm, rightMargin=12 * mm
    )
    styles = _styles()
    width = page[0] - 24 * mm - 12  # the frame's own padding
    story = [Paragraph(title(data), styles["title"]), Paragraph(period_text(data.period), styles["body"])]
    story += [Spacer(1, 4 * mm), _table([s.total for s in data.sections] + [data.total], data, _("Unit"))]
    story += [Spacer(1, 4 * mm), _bar_chart([s.total for s in data.sections], width)]
    for n, section in enumerate(data.sections, start=1):
        story += [PageBreak(), Paragraph(section.unit.name, styles["h2"]), Spacer(1, 2 * mm)]
        story += [_table(section.rows, data, _("Commune")), Spacer(1, 4 * mm), _bar_chart(section.rows, width)]
        progress(n * 90 // len(data.sections))
    document.build(story)
    return out.getvalue()


RENDERERS = {"xlsx": render_xlsx, "pdf": render_pdf}


def file_name(scope: AdministrativeUnit, kind: str, start: date) -> str:
    return f"coverage-{scope.code}-{start.isoformat()}.{kind}"
