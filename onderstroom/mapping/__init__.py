"""Feature. Relationship mapping (after Harvard Making Caring Common): in a school-wide round every member of
staff marks the children who would come to them with a personal problem, children of groups 3-8 name the
adults they would go to, and the care team sees the children with no trusted adult on either side first;
champions volunteer for those children, with check-ins after 4 weeks and 2 months. Other apps ask it
through api.py.
"""
