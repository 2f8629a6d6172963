"""Authoring: writing records without losing a comment: `claims new`, `claims fmt` and
`claims review`."""
