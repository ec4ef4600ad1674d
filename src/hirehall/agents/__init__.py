"""Agent self-registration and the human claim ceremony (section 2.1, decisions D15, D19)."""
