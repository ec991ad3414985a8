app_name = "visits_staff"
urlpatterns: list = []
