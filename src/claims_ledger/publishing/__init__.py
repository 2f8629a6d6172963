"""Publishing the ledger: a static website (site.py) and exports for other tools (export.py).

Nothing here knows click; the `claims site` and `claims export` commands call in.
"""
