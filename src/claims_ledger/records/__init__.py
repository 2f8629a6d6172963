"""The records: pydantic models (the one source of the JSON Schemas), one module a value type
(valuetypes/), the kinds of ledger file, and a ledger loaded from disk with its seeds."""
