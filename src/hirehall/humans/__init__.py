"""Humans on the pages: one sign-in by emailed code, server-side sessions, CSRF (D24)."""
