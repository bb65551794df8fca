"""What other features may ask of this app: nothing yet.

Other features reach the action plan through the kernel's registries (core.actions, core.measures).
When one needs something more, it is added here, and only here.
"""

__all__: list[str] = []
