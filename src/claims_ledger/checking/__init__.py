"""Checking: the checks of checks/ (one module a check, each declaring its scope: one claim, or
the whole ledger) and the validation engine that runs them, in worker processes and through
the cache."""
