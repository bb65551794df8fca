"""Feature. Imports of pupils and groups from CSV/XLSX files and OneRoster: upload, match the columns,
check the plan, apply.
"""
