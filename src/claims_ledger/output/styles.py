"""The colours of outcomes and statuses, one palette for `claims show` and `claims list`."""

OUTCOME_STYLES = {
    "agree": "green",
    "compatible": "green",
    "conflict": "bold red",
    "review": "yellow",
}
STATUS_STYLES = {
    "unverified": "dim",
    "verified": "green",
    "disputed": "yellow",
    "refuted": "red",
    "unverifiable": "magenta",
}
