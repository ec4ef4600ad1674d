"""Contracts and milestones (section 2.8, decisions D35, D37, D38)."""
