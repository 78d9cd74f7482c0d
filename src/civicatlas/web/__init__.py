"""The explorer and the REST API over one case database: `civicatlas serve` (web/app.py builds the app).

api/ holds one module per REST resource under /api/v1, pages/ one module per explorer page; both read through
`Atlas` and the store contract, so they serve SQLite and PostgreSQL alike.
"""
