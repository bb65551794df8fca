"""Feature. The handover at the end of a school year: per child the teacher chooses, a short note of what
helped (Banking Time themes, an approach, a trusted adult, a constellation insight). The next teacher sees
these notes and nothing of last year's scores (DESIGN.md §2: expectation-safe); the care coordinator sees
every note.
"""
