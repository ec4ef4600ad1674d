"""hirehall's operator API (/api/admin/v1), as admin-api.md writes it."""
