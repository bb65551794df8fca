from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onderstroom.accounts"
    label = "accounts"
