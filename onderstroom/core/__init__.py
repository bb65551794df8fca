"""Kernel. The shared kit: base layout and home page, the one registry convention (registry.py) and the
registries of shared pages (panels.py) and of next steps from signals (actions.py), network helpers.
"""
