"""Kernel. The chained audit log (log.py is its one writer), the names of its codes (labels.py, which
every app registers its own codes with) and the school admin's page to browse and check it.
"""
