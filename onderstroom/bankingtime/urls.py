app_name = "bankingtime"
urlpatterns: list = []
