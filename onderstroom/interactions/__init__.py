"""Feature. The interaction log: a teacher taps the contacts with each child (positive, corrective,
turns), sees the balance and who went unnoticed, and may share the log with the care coordinator.
"""
