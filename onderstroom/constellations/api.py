"""What other features may ask of this app: nothing yet.

No other app uses constellations, so this module offers nothing. When one needs something, it is added here,
and only here (scripts/check_boundaries.py holds every feature app to the others' api modules).
"""

__all__: list[str] = []
