from django.urls import path, re_path

from . import views_public

app_name = "products_public"
urlpatterns = [
    path("p/<str:code>/", views_public.product_page, name="page"),
    path("products/", views_public.catalogue, name="catalogue"),
    # GS1 Digital Link: anything after /01/ reaches the view, which answers 400 for a malformed GTIN.
    re_path(r"^01/(?P<gtin>[^/]+)/$", views_public.gs1_link, name="gs1"),
    re_path(r"^01/(?P<gtin>[^/]+)/10/(?P<lot>[^/]+)/$", views_public.gs1_link, name="gs1_lot"),
]
