"""A file's text: YAML read safely with the place of every value, quotes anchored in seed
text, and a text split into sentences and signals. Knows nothing of records."""
