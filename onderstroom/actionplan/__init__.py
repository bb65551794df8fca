"""Feature. The action plan: an action at school, class or relationship level with an owner, a goal,
the measure it should move and a follow-up moment; at review the baseline beside the follow-up, and
the owner keeps, adjusts or stops it.
"""
