from django.urls import path

from . import views_staff as views

app_name = "products_staff"
urlpatterns = [
    path("", views.producer_list, name="producer_list"),
    path("new/", views.producer_create, name="producer_create"),
    path("<int:pk>/", views.producer_detail, name="producer_detail"),
    path("<int:pk>/edit/", views.producer_edit, name="producer_edit"),
    path("<int:pk>/photos/", views.producer_photo_add, name="producer_photo_add"),
    path("photos/producer/<int:pk>/delete/", views.producer_photo_delete, name="producer_photo_delete"),
    path("<int:pk>/certifications/new/", views.certification_create, name="certification_create"),
    path("certifications/<int:pk>/edit/", views.certification_edit, name="certification_edit"),
    path("certifications/<int:pk>/delete/", views.certification_delete, name="certification_delete"),
    path("<int:pk>/products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/active/", views.product_set_active, name="product_set_active"),
    path("products/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("products/<int:pk>/lots/", views.lot_add, name="lot_add"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("lots/<int:pk>/delete/", views.lot_delete, name="lot_delete"),
]
