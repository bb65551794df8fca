from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "onderstroom.reflection"
    label = "reflection"

    def ready(self) -> None:
        from onderstroom.core.panels import child_panels, home_items
        from onderstroom.demo.extensions import register as register_demo
        from onderstroom.reflection import demo, panels, steps

        child_panels.register("reflection.journal", order=15, render=panels.child_panel)
        home_items.register("reflection.shared", order=55, collect=panels.home)
        steps.register()
        register_demo("reflection.entries", demo.add_demo_entries, order=55)
