app_name = "products_public"
urlpatterns: list = []
