app_name = "products_staff"
urlpatterns: list = []
