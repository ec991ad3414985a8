from django.urls import include, path

# The public QR pages and catalogue, the staff pages, QR images and label sheets.
urlpatterns = [
    path("", include("products.urls_public")),
    path("producers/", include("products.urls_staff")),
    path("", include("products.urls_qr")),
]
