"""Feature. Class climate and school climate (the seed's second and third levels to act on): children
answer about their class (a pictorial, read-aloud form for groups 3-4), teachers assess their own
practice on the three class levers and keep a private "my vision and my reactions"; all staff and
groups 5-8 answer about the school. Results only as aggregates from five answers on; the school report
with participation per group, change since last year and the monitoring CSV. It offers its scales to
the action plan through core.measures; it has no api.py, nobody imports it.
"""
