app_name = "visits_pwa"
urlpatterns: list = []
