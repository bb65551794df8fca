"""Feature. The reflection journal: a teacher's private entries about their relationship with a child,
optionally shared one by one with the care coordinator, on a timeline with the questionnaire scores.
"""
