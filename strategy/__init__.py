"""Partners, the strategy, its priorities and actions. May use incidents' areas; never dashboard."""
