from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "onderstroom.interactions"
    label = "interactions"

    def ready(self) -> None:
        from onderstroom.demo.extensions import register as register_demo
        from onderstroom.interactions import demo, panels

        panels.register()
        register_demo("interactions.logs", demo.add_demo_logs, order=40)
