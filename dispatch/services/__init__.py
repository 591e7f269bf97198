"""Split by area; see docs/decisions.md."""
