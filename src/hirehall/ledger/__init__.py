"""The books: a double-entry journal with per-organization credits (decision D37)."""
