"""Models of the strategy app."""
