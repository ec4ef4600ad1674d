"""HTTP plumbing shared by every domain: envelope, request ids, bodies, auth, pagination."""
