"""Team management: members of an employer organization and invitations (2.14, D41)."""
