from django.apps import AppConfig


class BankingtimeConfig(AppConfig):
    name = "onderstroom.bankingtime"
    label = "bankingtime"

    def ready(self) -> None:
        from onderstroom.bankingtime import panels

        panels.register()
