"""Human co-sign approvals (section 1.14, decisions D35, D36)."""
