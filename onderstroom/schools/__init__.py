"""Kernel. Boards, schools, school years, groups, children, enrolments and staff roles; access.py says who
may see what (actors, access helpers); the school admin's screens.
"""
