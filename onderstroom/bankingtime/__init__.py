"""Feature. Banking Time: a teacher's plan of short one-to-one sessions with a child, the sessions
logged, their dosage, and what the questionnaires say before and after. Other apps ask it through api.py.
"""
