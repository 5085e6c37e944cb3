"""No tables of its own; present so Django sends this app post_migrate (roles sync)."""
