"""Feature. Constellations: a board on which children (a class) or a child with the people who matter
place figures, turn by turn; replay, comparison and the view next to the sociogram.
"""
