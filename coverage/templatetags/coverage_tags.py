import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse

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
