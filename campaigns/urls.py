from django.urls import path

from . import views_activities as activities
from . import views_bulletins as bulletins
from . import views_campaigns as campaigns
from . import views_documents as documents
from . import views_news as news

app_name = "campaigns"
urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/add/", campaigns.campaign_add, name="campaign_add"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/targets/", campaigns.campaign_targets, name="campaign_targets"),
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/calendar/", activities.activity_calendar, name="activity_calendar"),
    path("activities/add/", activities.activity_add, name="activity_add"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/attachments/", activities.attachment_add, name="attachment_add"),
    path("activities/<int:pk>/attachments/<int:attachment_pk>/", activities.attachment_file, name="attachment_file"),
    path(
        "activities/<int:pk>/attachments/<int:attachment_pk>/delete/",
        activities.attachment_delete,
        name="attachment_delete",
    ),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/add/", documents.document_add, name="document_add"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/file/", documents.document_file, name="document_file"),
    path("documents/<int:pk>/acknowledge/", documents.document_acknowledge, name="document_acknowledge"),
    path("documents/<int:pk>/report/", documents.document_report, name="document_report"),
    path("bulletins/", bulletins.bulletin_index, name="bulletin_index"),
    path("bulletins/add/", bulletins.bulletin_add, name="bulletin_add"),
    path("bulletins/<int:pk>/", bulletins.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/audio/", bulletins.bulletin_audio, name="bulletin_audio"),
    path("news/", news.news_list, name="news_list"),
    path("news/feed/", news.NewsFeed(), name="news_feed"),
    path("news/<int:pk>/", news.news_detail, name="news_detail"),
]
