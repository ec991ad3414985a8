app_name = "products_qr"
urlpatterns: list = []
