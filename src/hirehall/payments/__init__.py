"""Cards on file, the simulated card processor, top-ups and invoices (decision D38)."""
