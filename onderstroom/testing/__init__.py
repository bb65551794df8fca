"""Test helpers only (the world of personas, permission-matrix rules, browser helpers): product code
never imports this package (scripts/check_boundaries.py).
"""
