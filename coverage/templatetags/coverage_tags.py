import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def value_of(values: dict, code: str):
    """{{ row.values|value_of:indicator.code }}: a figure by indicator code (0 when missing)."""
    return values.get(code, 0)


@register.simple_tag
def sort_link(current: str, key: str) -> str:
    """?sort= value for a column header: descending first, a second click ascending."""
    return key if current == f"-{key}" else f"-{key}"


@register.filter
def unit_url(code: str) -> str:
    """{{ row.unit.code|unit_url }}: the unit's coverage page, as {% url 'coverage:unit' code %} gives it, for
    the 226 rows of the ranking and the map (reversing each one was a quarter of the page's Python time)."""
    return f"{_unit_url_prefix(get_script_prefix())}{quote(str(code), safe='')}/"


@functools.lru_cache(maxsize=8)
def _unit_url_prefix(script_prefix: str) -> str:
    return reverse("coverage:unit", args=["0"]).removesuffix("0/")


# The ranking (226 rows) and the map (226 dots) were 4,000 of the page's 4,800 template variables and
# most of its rendering time; written here, they give the same HTML for a fraction of it. Numbers are
# written as the template writes them: integers plain, fractions localised (formats.localize).


def _figure(value) -> str:
    if value is None:
        return "—"
    return str(value) if isinstance(value, int) else formats.localize(value)


@register.simple_tag
def ranking_rows(ranking, period_query: str, sort_indicator=None) -> str:
    query = escape(period_query)
    extra = sort_indicator.code if sort_indicator else None
    html = []
    for number, row in enumerate(ranking, 1):
        values = row.values
        code = escape(row.unit.code)
        cells = [
            f'<tr data-testid="ranked" data-code="{code}"><td>{number}</td>',
            f'<td><a href="{unit_url(row.unit.code)}?{query}">{escape(str(row.unit))}</a></td>',
            f'<td class="d-none d-md-table-cell">{escape(row.parent_name)}</td>',
            f'<td class="text-end">{_figure(values.get("households_registered", 0))}</td>',
            f'<td class="text-end">{_figure(values.get("households_reached", 0))}</td>',
            f'<td class="text-end">{_figure(row.reached_of_register)}</td>',
            f'<td class="text-end d-none d-md-table-cell">{_figure(row.reached_of_official)}</td>',
            f'<td class="text-end">{_figure(values.get("visits", 0))}</td>',
        ]
        if extra:
            cells.append(f'<td class="text-end">{_figure(values.get(extra, 0))}</td>')
        html.append("".join(cells) + "</tr>")
    return mark_safe("".join(html))  # noqa: S308 — every value above is escaped or a number


@register.simple_tag
def map_dots(dots, period_query: str) -> str:
    query = escape(period_query)
    html = [
        f'<a href="{unit_url(d.code)}?{query}"><circle cx="{d.x:.1f}" cy="{d.y:.1f}" r="7" fill="{escape(d.colour)}"'
        f' stroke="#495057" stroke-width="0.6"><title>{escape(d.name)}: {_figure(d.value)}</title></circle></a>'
        for d in dots
    ]
    return mark_safe("".join(html))  # noqa: S308 — every value above is escaped or a number
