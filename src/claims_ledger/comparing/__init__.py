"""Comparing: claims on one key compared as the ranges of reality their values admit, the
consistency checks (one module a check, each declaring its finding types), and the report."""
