from django.apps import AppConfig


class BankingtimeConfig(AppConfig):
    name = "onderstroom.bankingtime"
    label = "bankingtime"
