"""Kernel. Class sessions: a teacher opens one for a group, children sign in with a code, their name
and a picture code, and do the activity that features register (activities.py); login cards.
"""
