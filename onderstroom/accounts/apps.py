from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onderstroom.accounts"
    label = "accounts"

    def ready(self) -> None:
        from onderstroom.accounts import panels
        from onderstroom.accounts.signin import connect_signals

        connect_signals()
        panels.register()
