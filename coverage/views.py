"""Coverage pages: parse the request, check access (coverage.access), call selectors/services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import export
from core.indicators import Kind, all_indicators

from . import map as coverage_map
from . import selectors, services
from .access import access_unit, chosen_campaign, may_manage
from .forms import OfficialCountForm, TargetForm
from .periods import CHOICES, chosen_period

MAP_EXTRA = {
    "reached_of_register": gettext_lazy("% reached (of the register)"),
    "reached_of_official": gettext_lazy("% reached (of the official count)"),
}


def _map_value(key: str):
    if key in MAP_EXTRA:
        return lambda row: getattr(row, key)
    return lambda row: row.values.get(key, 0)


RANKING_COLUMNS = {"households_registered", "households_reached", "visits"}


@login_required
def home(request):
    return _unit_page(request, None)


@login_required
def unit_page(request, code: str):
    return _unit_page(request, code)


def _unit_page(request, code: str | None):
    unit = access_unit(request.user, code)
    today = timezone.localdate()
    campaign = chosen_campaign(request.user, request.GET.get("campaign"))
    chosen = chosen_period(campaign_period(request.GET, campaign), today)
    tree = selectors.tree_of(unit, campaign)
    children = tree.children(unit)
    figures = selectors.page_figures(tree, chosen.period, [unit, *children], today)
    leaf_rows, (headline, *child_rows) = figures.leaf_rows, figures.rows
    ranking, sort = selectors.sort_rows(leaf_rows, request.GET.get("sort", "-reached_of_register"))
    indicators = all_indicators()
    codes = {i.code for i in indicators}
    map_key = request.GET.get("map", "reached_of_register")
    if map_key not in codes and map_key not in MAP_EXTRA:
        map_key = "reached_of_register"
    weeks = figures.weeks
    week_codes = [i for i in indicators if i.kind == Kind.EVENT and weeks and i.code in weeks[0].values]
    context = {
        "unit": unit,
        "ancestors": [a for a in tree.ancestors if a.path.startswith(_top_path(request.user, unit))],
        "chosen": chosen,
        "period_choices": CHOICES,
        "period_query": urlencode(chosen.query | ({"campaign": campaign.pk} if campaign else {})),
        "campaign": campaign,
        "headline": headline,
        "children": child_rows,
        # A district's children are its communes: the ranking below already lists them.
        "children_are_leaves": all(not tree.children(child) for child in children),
        "ranking": ranking,
        "sort": sort,
        # Sorted by an indicator without a column of its own: that indicator gets one.
        "sort_indicator": next(
            (i for i in indicators if i.code == sort.removeprefix("-") and i.code not in RANKING_COLUMNS), None
        ),
        "indicators": indicators,
        "snapshot": [i for i in indicators if i.kind == Kind.SNAPSHOT and not i.breakdown],
        "events": [i for i in indicators if i.kind == Kind.EVENT and not i.breakdown],
        "breakdowns": [i for i in indicators if i.breakdown],
        "inactive": figures.inactive,
        "counted_at": figures.counted_at,
        "inactive_days": selectors.INACTIVE_DAYS,
        "weeks": weeks,
        "week_indicators": week_codes,
        "chart": {
            "labels": [w.monday.strftime("%d/%m") for w in weeks],
            "datasets": [{"label": str(i.label), "data": [w.values[i.code] for w in weeks]} for i in week_codes[:4]],
        },
        "map_key": map_key,
        "map_choices": list(MAP_EXTRA.items()) + [(i.code, i.label) for i in indicators],
        "dots": coverage_map.dots(leaf_rows, _map_value(map_key)),
        "map_size": (coverage_map.WIDTH, coverage_map.HEIGHT),
        "map_colours": coverage_map.COLOURS,
        "achievements": selectors.achievements(tree, headline.values),
        "can_manage": may_manage(request.user, unit),
        "official_form": OfficialCountForm(initial={"households": headline.official_households}),
        "target_form": TargetForm(),
        "is_leaf": not children,
    }
    return render(request, "coverage/unit.html", context)


def campaign_period(params, campaign):
    """A campaign's view shows the campaign's own dates unless another period was chosen."""
    if campaign is None or "period" in params:
        return params
    return {"period": "range", "start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()}


def _top_path(user, unit) -> str:
    """Breadcrumbs stop at the user's own unit: above it is not theirs to open."""
    return "" if user.is_superuser or user.unit is None else user.unit.path


# ---------------------------------------------------------------- exports

EXPORT_FIXED = ["gso_code", "district", "commune", "official_households", "reached_of_register_pct"]


def _export_rows(request):
    unit = access_unit(request.user, request.GET.get("unit"))
    chosen = chosen_period(request.GET, timezone.localdate())
    rows = selectors.commune_table(unit, chosen.period)
    codes = [i.code for i in all_indicators()]
    header = EXPORT_FIXED[:3] + codes + EXPORT_FIXED[3:]
    body = (
        [row.unit.code, row.parent_name, row.unit.name]
        + [row.values.get(code, 0) for code in codes]
        + [row.official_households, row.reached_of_register]
        for row in rows
    )
    return unit, header, body


@login_required
def communes_csv(request):
    unit, header, body = _export_rows(request)
    return export.csv_response(f"coverage-{unit.code}.csv", header, body)


@login_required
def communes_xlsx(request):
    unit, header, body = _export_rows(request)
    return export.xlsx_response(f"coverage-{unit.code}.xlsx", header, body, sheet_title=unit.name)


# ---------------------------------------------------------------- official counts and targets


@login_required
@require_POST
def official_count(request, code: str):
    unit = access_unit(request.user, code, manage=True)
    if unit.children.exists():  # official counts are per commune; a district's is their sum
        raise Http404
    return _save(
        request,
        unit,
        OfficialCountForm(request.POST),
        lambda data: services.set_official_count(unit, data["households"], by=request.user),
        _("Official household count saved."),
    )


@login_required
@require_POST
def target(request, code: str):
    unit = access_unit(request.user, code, manage=True)
    campaign = chosen_campaign(request.user, request.POST.get("campaign"))
    response = _save(
        request,
        unit,
        TargetForm(request.POST),
        lambda data: services.set_target(unit, data["indicator"], data["value"], by=request.user, campaign=campaign),
        _("Target saved."),
    )
    if campaign is not None:  # back to the campaign's view of the unit
        response["Location"] += "?" + urlencode({"campaign": campaign.pk})
    return response


def _save(request, unit, form, save, done: str):
    """Valid: save and say so; invalid: say why, save nothing. Back to the unit's page either way."""
    if form.is_valid():
        save(form.cleaned_data)
        messages.success(request, done)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("coverage:unit", code=unit.code)
