"""Feature. Peer surveys (naming and rating classmates), their results and the sociogram. Other apps ask
it through api.py.
"""
