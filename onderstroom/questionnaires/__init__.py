"""Feature. The relationship questionnaires, on the instrument engine of `onderstroom.instruments`:
measurement moments, the teacher's and the children's answers, profiles and signals, overviews,
exports and PDFs. Other apps ask it
through api.py (summaries, signals, and the loading, scoring and charts they build on).
"""
