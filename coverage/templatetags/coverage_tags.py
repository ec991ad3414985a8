from django import template

register = template.Library()


@register.filter
def value_of(values: dict, code: str):
    """{{ row.values|value_of:indicator.code }}: a figure by indicator code (0 when missing)."""
    return values.get(code, 0)


@register.simple_tag
def sort_link(current: str, key: str) -> str:
    """?sort= value for a column header: descending first, a second click ascending."""
    return key if current == f"-{key}" else f"-{key}"
