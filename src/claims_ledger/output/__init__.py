"""Output: the report in each format (reporters/, one module a format, in a registry), and the
views of `claims show` and `claims search`."""
