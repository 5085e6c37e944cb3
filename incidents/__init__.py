"""Areas, incidents and their imports. Knows no other app of the project."""
