app_name = "constellations"
urlpatterns: list = []
