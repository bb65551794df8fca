"""Feature. The relationship questionnaires: instruments, measurement moments, the teacher's and the
children's answers, scoring, profiles and signals, overviews, exports and PDFs. Other apps ask it
through api.py (summaries, signals, and the loading, scoring and charts they build on).
"""
