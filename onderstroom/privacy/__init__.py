"""Privacy duties of a school: access requests (AVG art. 15), erasure (art. 17) and retention.

Every app that stores data about a child registers how to export and erase it in the privacy
registry (`onderstroom/core/childdata.py`); this app runs those for one child on request, and for
every child past the school's retention policy (`manage.py apply_retention`).
"""
