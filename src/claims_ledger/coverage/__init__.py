"""Coverage: every sentence and every number, date and number word of each document is in a
claim or waived with a reason."""
