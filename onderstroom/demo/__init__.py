"""Kernel side of the demo: builds the demo board (schools, years, groups, children, staff) and the
large benchmark board, then runs the demo steps features register (extensions.py). Imports no feature.
"""
