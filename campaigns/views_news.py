"""Public news: published activities, newest first, by district; an Atom feed. No login."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors


def news_list(request):
    district = selectors.district_by_code(request.GET.get("district", ""))
    page = Paginator(selectors.news_items(district), 20).get_page(request.GET.get("page"))
    query_string = f"district={district.code}" if district else ""
    context = {
        "page": page,
        "districts": selectors.current_districts(),
        "district": district,
        "query_string": query_string,
    }
    return render(request, "campaigns/news_list.html", context)


def news_detail(request, pk: int):
    item = get_object_or_404(selectors.news_items(), pk=pk)
    return render(request, "campaigns/news_detail.html", {"item": item})


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Digital transformation news — Nam Định")
    subtitle = _("Communication activities of the digital transformation campaign")

    def link(self):
        return reverse("campaigns:news_list")

    def items(self):
        return selectors.news_items()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.result_report or item.notes

    def item_link(self, item):
        return reverse("campaigns:news_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.starts_at

    def item_updateddate(self, item):
        return item.updated_at
