"""Dashboard test fixtures live in tests/conftest.py (the strategy tests use them too)."""
