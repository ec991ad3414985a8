from django.urls import path

from . import views_qr

app_name = "products_qr"
urlpatterns = [
    path("p/<str:code>/qr.svg", views_qr.qr_svg, name="svg"),
    path("p/<str:code>/qr.png", views_qr.qr_png, name="png"),
    path("P/<str:code>/", views_qr.product_page_from_qr, name="page_upper"),
    path("labels/producer/<int:producer_id>.pdf", views_qr.producer_labels, name="producer_labels"),
    path("labels/", views_qr.selected_labels, name="selected_labels"),
    path("labels/sheet/", views_qr.label_sheet, name="label_sheet"),
]
