app_name = "sociogram"
urlpatterns: list = []
