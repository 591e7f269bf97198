"""Split by area, like services and views; see docs/decisions.md."""
