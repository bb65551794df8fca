from django.apps import AppConfig


class BankingtimeConfig(AppConfig):
    name = "onderstroom.bankingtime"
    label = "bankingtime"

    def ready(self) -> None:
        from onderstroom.bankingtime import demo, panels, steps
        from onderstroom.core.panels import child_panels, group_panels, home_items
        from onderstroom.demo.extensions import register as register_demo

        group_panels.register("bankingtime.plans", order=30, render=panels.group_panel)
        child_panels.register("bankingtime.plans", order=30, render=panels.child_panel)
        home_items.register("bankingtime.sessions", order=30, collect=panels.home)
        home_items.register("bankingtime.signals", order=35, collect=panels.care_home)
        steps.register()
        register_demo("bankingtime.plans", demo.add_demo_plans, order=50)
